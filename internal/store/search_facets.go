package store

import (
	"context"
	"sort"
	"strings"
)

// An index entry's facets column packs its title's genres, producers and
// countries (search.FacetCounts). A search groups its matches by kind, year
// and this column in one pass, and search.FacetCounts adds the groups up,
// instead of three joins and five GROUP BYs over every match.

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
