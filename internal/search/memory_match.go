package search

import (
	"cmp"
	"slices"
	"strconv"
)

// noDoc is past the last document.
const noDoc = ^uint32(0)

// cursor walks one posting list forwards.
type cursor struct {
	list []uint32
	i    int
}

// seek moves to the first document ≥ d and returns it (noDoc past the end),
// galloping: most seeks land a few entries on, some skip most of the list.
func (c *cursor) seek(d uint32) uint32 {
	l, lo := c.list, c.i
	if lo >= len(l) {
		return noDoc
	}
	if l[lo] >= d {
		return l[lo]
	}
	step := 1
	hi := lo + step
	for hi < len(l) && l[hi] < d {
		lo = hi
		step *= 2
		hi = lo + step
	}
	// l[lo] < d, and l[hi] ≥ d when hi is in the list.
	end := min(hi+1, len(l))
	j, _ := slices.BinarySearch(l[lo+1:end], d)
	c.i = lo + 1 + j
	if c.i >= len(l) {
		return noDoc
	}
	return l[c.i]
}

// altCursor matches one alternative of a term: every key of it.
type altCursor struct {
	keys   []cursor // rarest first
	weight float64
}

// next returns the first document ≥ d holding every key.
func (a *altCursor) next(d uint32) uint32 {
	return leapfrog(len(a.keys), d, func(k int, x uint32) uint32 { return a.keys[k].seek(x) })
}

// leapfrog returns the first document ≥ d in all of n sorted lists, where
// next(k, x) is list k's first document ≥ x: each list jumps to where
// another stands until all stand on the same one.
func leapfrog(n int, d uint32, next func(k int, x uint32) uint32) uint32 {
	if n == 0 {
		return noDoc
	}
	x := d
	for k := 0; k < n; {
		v := next(k, x)
		switch {
		case v == noDoc:
			return noDoc
		case v != x:
			x, k = v, 0
			continue
		}
		k++
	}
	return x
}

// termCursor matches a term: any of its alternatives.
type termCursor struct {
	alts []altCursor
	size int // an upper bound of its matches, to order terms rarest first
}

func (t *termCursor) next(d uint32) uint32 {
	best := noDoc
	for i := range t.alts {
		best = min(best, t.alts[i].next(d))
	}
	return best
}

// score is the weight of the best alternative matching document d, where
// the cursors stand after next(d) returned d.
func (t *termCursor) score(d uint32) float64 {
	best := 0.0
	for i := range t.alts {
		if t.alts[i].weight > best && t.alts[i].next(d) == d {
			best = t.alts[i].weight
		}
	}
	return best
}

// queryCursor matches every term.
type queryCursor struct {
	terms []termCursor // rarest first
}

// newQueryCursor opens cursors over postings for terms.
func newQueryCursor(postings map[string][]uint32, terms [][]Alt) *queryCursor {
	q := &queryCursor{}
	for _, alts := range terms {
		q.terms = append(q.terms, newTermCursor(postings, alts))
	}
	q.rarestFirst()
	return q
}

// rarestFirst orders the terms by their size, so the leapfrog starts from
// the rarest.
func (q *queryCursor) rarestFirst() {
	slices.SortStableFunc(q.terms, func(a, b termCursor) int { return a.size - b.size })
}

// newTermCursor opens cursors over postings for a term's alternatives. An
// alternative with a key no document has never matches, and is left out.
func newTermCursor(postings map[string][]uint32, alts []Alt) termCursor {
	var t termCursor
	for _, a := range alts {
		ac := altCursor{weight: keyClassWeight[ClassOf(firstKey(a))]}
		for _, key := range a.Keys {
			list := postings[key]
			if len(list) == 0 {
				ac.keys = nil
				break
			}
			ac.keys = append(ac.keys, cursor{list: list})
		}
		if len(ac.keys) == 0 {
			continue
		}
		slices.SortFunc(ac.keys, func(a, b cursor) int { return len(a.list) - len(b.list) })
		t.alts = append(t.alts, ac)
		t.size += len(ac.keys[0].list)
	}
	return t
}

func firstKey(a Alt) string {
	if len(a.Keys) == 0 {
		return ""
	}
	return a.Keys[0]
}

// keyClassWeight weighs a match by its class of key: native keys over stems
// over romanizations, as the stored index ranks (store.columnWeight).
var keyClassWeight = [3]float64{4, 2, 1}

// next returns the first document ≥ d matching every term.
func (q *queryCursor) next(d uint32) uint32 {
	return leapfrog(len(q.terms), d, func(k int, x uint32) uint32 { return q.terms[k].next(x) })
}

// memMatch is a matching document and its rank (lower is better).
type memMatch struct {
	doc  uint32
	rank float64
}

// viewerRule is the visibility rule for one viewer over ix's name codes:
// the twin of catalog.CanRead and of the store's readable clause.
type viewerRule struct {
	viewer             string
	org, public, share uint32
	partnerOf          map[uint32]bool // owners who count the viewer among their partners
}

func newViewerRule(ix *memIndex, viewer string, partners []string) viewerRule {
	r := viewerRule{viewer: viewer, org: ix.names.lookup(viewer), public: ix.names.lookup(visibilityPublic),
		share: ix.names.lookup(visibilityPartners), partnerOf: map[uint32]bool{}}
	for _, p := range partners {
		r.partnerOf[ix.names.lookup(p)] = true
	}
	return r
}

func (r viewerRule) canRead(d *memDoc) bool {
	switch {
	case d.owner == r.org, d.vis == r.public, hasFacet(d.facets, 'p', r.viewer):
		return true
	case d.vis == r.share:
		return r.partnerOf[d.owner]
	}
	return false
}

// filterRule is a Filter over ix's name codes.
type filterRule struct {
	f    Filter
	kind uint32
}

func (fr filterRule) keeps(d *memDoc) bool {
	f := fr.f
	switch {
	case f.Kind != "" && d.kind != fr.kind,
		f.YearFrom != 0 && (d.year == 0 || int(d.year) < f.YearFrom),
		f.YearTo != 0 && (d.year == 0 || int(d.year) > f.YearTo),
		f.Genre != "" && !hasFacet(d.facets, 'g', f.Genre),
		f.Producer != "" && !hasFacet(d.facets, 'p', f.Producer),
		f.Country != "" && !hasFacet(d.facets, 'c', f.Country):
		return false
	}
	return true
}

// matches returns the first cap live documents in index order that match
// f's terms, that the viewer may read and that pass its filter, each with
// its rank: minus the summed weights of the terms' best alternatives,
// divided by the title's length (4 + its native keys), so short titles
// that match in their own script come first. Ties go by title id.
func (ix *memIndex) matches(f Find, partners []string) []memMatch {
	q := newQueryCursor(ix.postings, f.Terms)
	rule := newViewerRule(ix, f.Viewer, partners)
	filter := filterRule{f: f.Filter, kind: ix.names.lookup(f.Filter.Kind)}
	limit := matchCap(f)
	var out []memMatch
	for d := q.next(0); d != noDoc && len(out) < limit; d = q.next(d + 1) {
		doc := &ix.docs[d]
		if doc.dead || !rule.canRead(doc) || !filter.keeps(doc) {
			continue
		}
		score := 0.0
		for i := range q.terms {
			score += q.terms[i].score(d)
		}
		out = append(out, memMatch{doc: d, rank: -score / float64(4+doc.native)})
	}
	sorted := uint32(ix.sorted)
	slices.SortFunc(out, func(a, b memMatch) int {
		switch {
		case a.rank < b.rank:
			return -1
		case a.rank > b.rank:
			return 1
		case a.doc < sorted && b.doc < sorted:
			return cmp.Compare(a.doc, b.doc) // the same order as their ids
		}
		return cmpString(ix.docs[a.doc].id, ix.docs[b.doc].id)
	})
	return out
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func matchCap(f Find) int {
	if f.Cap <= 0 {
		return MatchCap
	}
	return f.Cap
}

// candidate is document d as the store would return it.
func (ix *memIndex) candidate(d uint32) Candidate {
	doc := &ix.docs[d]
	return Candidate{ID: doc.id, Kind: ix.names.list[doc.kind], Year: int(doc.year),
		OriginalLanguage: ix.names.list[doc.lang], Titles: unpackTitles(doc.titles)}
}

// find is SearchFind over the index.
func (ix *memIndex) find(f Find, partners []string) []Candidate {
	ms := ix.matches(f, partners)
	ms = ms[min(f.Offset, len(ms)):]
	ms = ms[:min(max(f.Limit, 0), len(ms))]
	out := make([]Candidate, len(ms))
	for i, m := range ms {
		out[i] = ix.candidate(m.doc)
	}
	return out
}

// count is SearchMatches over the index. Facets are counted by code (kind,
// year, each facet token) and named once per distinct value.
func (ix *memIndex) count(f Find, partners []string) Matches {
	ms := ix.matches(f, partners)
	kinds, years, tokens := map[uint32]int{}, map[int32]int{}, map[uint32]int{}
	for _, m := range ms {
		doc := &ix.docs[m.doc]
		kinds[doc.kind]++
		if doc.year != 0 {
			years[doc.year]++
		}
		for _, c := range ix.facetsOf(doc) {
			tokens[c]++
		}
	}
	counts := FacetCounts{}
	for k, n := range kinds {
		counts.add("kind", ix.names.list[k], n)
	}
	for y, n := range years {
		counts.add("year", strconv.Itoa(int(y)), n)
	}
	for c, n := range tokens {
		tok := ix.names.list[c]
		counts.add(facetPrefix[tok[0]], tok[2:], n)
	}
	res := Matches{Total: len(ms), Facets: counts.Facets()}
	for _, m := range ms[:min(max(f.Limit, 0), len(ms))] {
		res.Top = append(res.Top, ix.candidate(m.doc))
	}
	return res
}

// directedLimit bounds the titles SearchDirected returns, as the store's
// statement does.
const directedLimit = 200

// directedBy is SearchDirected over the copy: the store's statement returns
// rows by person and title id, at most directedLimit of them.
func (ix *memIndex) directedBy(viewer string, partners, personIDs []string) map[string][]Candidate {
	out := map[string][]Candidate{}
	rule := newViewerRule(ix, viewer, partners)
	rows := 0
	for _, p := range slices.Compact(slices.Sorted(slices.Values(personIDs))) {
		var docs []uint32
		for _, d := range ix.directed[p] {
			if doc := &ix.docs[d]; !doc.dead && rule.canRead(doc) {
				docs = append(docs, d)
			}
		}
		slices.SortFunc(docs, func(a, b uint32) int { return cmpString(ix.docs[a].id, ix.docs[b].id) })
		for _, d := range docs {
			if rows == directedLimit {
				return out
			}
			out[p] = append(out[p], ix.candidate(d))
			rows++
		}
	}
	return out
}
