package store

import (
	"context"
	"sort"
	"strings"

	"github.com/silkbridge/silkbridge/internal/search"
)

// An index entry's facets column packs its title's genres, producers and
// countries as space-separated "g:drama p:cmg c:CN" (values are slugs and
// codes, which hold no spaces). A search groups its matches by kind, year
// and this column in one pass, and facetCounts adds the groups up, instead
// of three joins and five GROUP BYs over every match.
var facetPrefix = map[byte]string{'g': "genre", 'p': "producer", 'c': "country"}

// titleFacets returns the packed facets of the titles whose title_id meets
// cond (see sourceRange), with its args.
func titleFacets(ctx context.Context, c conn, cond string, args []any) (map[string]string, error) {
	rows, err := c.query(ctx, `SELECT title_id, 'g', genre FROM title_genres WHERE `+cond+`
		UNION ALL SELECT title_id, 'p', org FROM title_producers WHERE `+cond+`
		UNION ALL SELECT title_id, 'c', country FROM title_countries WHERE `+cond,
		append(append(append([]any{}, args...), args...), args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	parts := map[string][]string{}
	for rows.Next() {
		var id, kind, value string
		if err := rows.Scan(&id, &kind, &value); err != nil {
			return nil, interpretError(err)
		}
		parts[id] = append(parts[id], kind+":"+value)
	}
	out := make(map[string]string, len(parts))
	for id, p := range parts {
		sort.Strings(p)
		out[id] = strings.Join(p, " ")
	}
	return out, interpretError(rows.Err())
}

// facetCounts adds up the facet values of matches grouped by kind, year and
// packed facets.
type facetCounts map[string]map[string]int

func (fc facetCounts) add(kind, year, packed string, n int) {
	inc := func(facet, value string) {
		if fc[facet] == nil {
			fc[facet] = map[string]int{}
		}
		fc[facet][value] += n
	}
	inc("kind", kind)
	if year != "" {
		inc("year", year)
	}
	for _, tok := range strings.Fields(packed) {
		if len(tok) > 2 && tok[1] == ':' && facetPrefix[tok[0]] != "" {
			inc(facetPrefix[tok[0]], tok[2:])
		}
	}
}

// facets returns the counts as search facets: most frequent first, then by
// value, at most facetLimit each.
func (fc facetCounts) facets() search.Facets {
	list := func(facet string) []search.FacetValue {
		l := []search.FacetValue{}
		for v, n := range fc[facet] {
			l = append(l, search.FacetValue{Value: v, Count: n})
		}
		sort.Slice(l, func(i, j int) bool {
			return l[i].Count > l[j].Count || l[i].Count == l[j].Count && l[i].Value < l[j].Value
		})
		return l[:min(len(l), facetLimit)]
	}
	return search.Facets{Kind: list("kind"), Year: list("year"), Genre: list("genre"), Producer: list("producer"), Country: list("country")}
}
