package search

import (
	"sort"
	"strings"
)

// A title's genres, producers and countries travel packed in one string,
// space-separated: "g:drama p:cmg c:CN" (values are slugs and codes, which
// hold no spaces). The store keeps it in each index entry (Source.Facets),
// so that a search counts facets without joins.
var facetPrefix = map[byte]string{'g': "genre", 'p': "producer", 'c': "country"}

// facetLimit caps the values returned per facet.
const facetLimit = 20

// hasFacet reports whether packed facets hold the value of the facet
// whose prefix is prefix ('g', 'p' or 'c').
func hasFacet(packed string, prefix byte, value string) bool {
	for packed != "" {
		tok, rest, _ := strings.Cut(packed, " ")
		if len(tok) == len(value)+2 && tok[0] == prefix && tok[1] == ':' && tok[2:] == value {
			return true
		}
		packed = rest
	}
	return false
}

// FacetCounts adds up the facet values of matches, given in groups of n
// matches with the same kind, year and packed facets.
type FacetCounts map[string]map[string]int

// Add counts n matches of kind and year ("" when unknown) with the packed
// facets.
func (fc FacetCounts) Add(kind, year, packed string, n int) {
	fc.add("kind", kind, n)
	if year != "" {
		fc.add("year", year, n)
	}
	for _, tok := range strings.Fields(packed) {
		if len(tok) > 2 && tok[1] == ':' && facetPrefix[tok[0]] != "" {
			fc.add(facetPrefix[tok[0]], tok[2:], n)
		}
	}
}

// add counts n matches with value for facet.
func (fc FacetCounts) add(facet, value string, n int) {
	if fc[facet] == nil {
		fc[facet] = map[string]int{}
	}
	fc[facet][value] += n
}

// Facets returns the counts as search facets: most frequent first, then by
// value, at most facetLimit each.
func (fc FacetCounts) Facets() Facets {
	list := func(facet string) []FacetValue {
		l := []FacetValue{}
		for v, n := range fc[facet] {
			l = append(l, FacetValue{Value: v, Count: n})
		}
		sort.Slice(l, func(i, j int) bool {
			return l[i].Count > l[j].Count || l[i].Count == l[j].Count && l[i].Value < l[j].Value
		})
		return l[:min(len(l), facetLimit)]
	}
	return Facets{Kind: list("kind"), Year: list("year"), Genre: list("genre"), Producer: list("producer"), Country: list("country")}
}
