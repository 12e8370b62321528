package search

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// TestCursorSeekFindsFirstAtLeast compares cursor.seek, fed non-decreasing
// targets, with a linear scan for the first element ≥ the target.
func TestCursorSeekFindsFirstAtLeast(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	firstAtLeast := func(list []uint32, d uint32) uint32 {
		for _, v := range list {
			if v >= d {
				return v
			}
		}
		return noDoc
	}
	lengths := []int{0, 1, 2, 3, 7, 64, 2000}
	for range 200 {
		lengths = append(lengths, r.IntN(2001))
	}
	for _, n := range lengths {
		list := make([]uint32, n)
		next := uint32(r.IntN(5)) // sometimes 0, the lowest target
		for i := range list {
			list[i] = next
			next += uint32(1 + r.IntN(50))
		}
		last := uint32(0)
		if n > 0 {
			last = list[n-1]
		}
		// Sparse and dense sequences of targets: long jumps exercise the
		// gallop, short ones the first-element shortcut.
		for _, count := range []int{1, 3, 20, n / 4, n, 3 * n} {
			var targets []uint32
			targets = append(targets, 0, last+1, last+1000)
			if n > 0 {
				targets = append(targets, list[0], last)
				if list[0] > 0 {
					targets = append(targets, list[0]-1)
				}
			}
			for range count {
				switch e := uint32(0); r.IntN(4) {
				case 0: // an element
					if n > 0 {
						targets = append(targets, list[r.IntN(n)])
					}
				case 1: // next to an element
					if n > 0 {
						e = list[r.IntN(n)]
						targets = append(targets, e+1, max(e, 1)-1)
					}
				default: // anywhere, beyond the last included
					targets = append(targets, uint32(r.IntN(int(last)+60)))
				}
			}
			// Keep the beyond-the-end ones for only some sequences, so that
			// most sequences end inside the list.
			if r.IntN(2) == 0 {
				targets = slices.DeleteFunc(targets, func(d uint32) bool { return d > last })
			}
			slices.Sort(targets)
			c := cursor{list: list}
			for i, d := range targets {
				want := firstAtLeast(list, d)
				if got := c.seek(d); got != want {
					t.Fatalf("list of %d (%v…), seek #%d to %d after %v: got %d, want %d",
						n, list[:min(n, 8)], i, d, targets[:i], got, want)
				}
			}
		}
	}
}

// memModel is the test's own record of what an index holds, in document
// number order.
type memModel struct {
	docs []*memModelDoc
	live map[string]int // id → its live document
}

type memModelDoc struct {
	src  Source
	keys Keys
	set  map[string]bool
	dead bool
}

func newMemModel() *memModel { return &memModel{live: map[string]int{}} }

func (m *memModel) put(ix *memIndex, s Source, k Keys) {
	ix.put(s, k)
	if old, ok := m.live[s.ID]; ok {
		if m.docs[old].src.Version > s.Version {
			return
		}
		m.docs[old].dead = true
	}
	set := map[string]bool{}
	for _, keys := range [][]string{k.Native, k.Stems, k.Translit} {
		for _, key := range keys {
			set[key] = true
		}
	}
	m.live[s.ID] = len(m.docs)
	m.docs = append(m.docs, &memModelDoc{src: s, keys: k, set: set})
}

func (m *memModel) remove(ix *memIndex, id string) {
	ix.remove(id)
	if n, ok := m.live[id]; ok {
		m.docs[n].dead = true
		delete(m.live, id)
	}
}

// compact drops the dead documents, keeping the order of the live ones.
func (m *memModel) compact() {
	live := []*memModelDoc{}
	m.live = map[string]int{}
	for _, d := range m.docs {
		if !d.dead {
			m.live[d.src.ID] = len(live)
			live = append(live, d)
		}
	}
	m.docs = live
}

var (
	memOrgs    = []string{"cmg", "vgtrk", "other"}
	memViewers = []string{"cmg", "vgtrk", "other", "nobody"}
	// Genres share letters, a prefix and a value with other facets, so
	// that reading the packed facets loosely is found out.
	memGenres    = []string{"drama", "dramedy", "music", "musical", "other"}
	memCountries = []string{"CN", "CZ", "RU", "KZ"}
	memLetters   = []string{"a", "b", "c", "d", "e", "f", "g", "h"}
	memKinds     = []string{"film", "series"}
	memVis       = []string{"public", "partners", "private"}
	memLangs     = []string{"ru", "zh", "en", ""}
	// The owners whose partners each viewer is among.
	memPartners = map[string][]string{"cmg": {"vgtrk"}, "vgtrk": {"cmg"}, "other": nil, "nobody": {"other"}}
)

// memPick returns a random subset of list, in list order.
func memPick(r *rand.Rand, list []string, most int) []string {
	n := r.IntN(most + 1)
	var out []string
	for _, i := range r.Perm(len(list))[:min(n, len(list))] {
		out = append(out, list[i])
	}
	slices.SortFunc(out, func(a, b string) int { return slices.Index(list, a) - slices.Index(list, b) })
	return out
}

func memRandomSource(r *rand.Rand, id string, version int64) Source {
	var tokens []string
	for _, v := range memPick(r, memCountries, 2) {
		tokens = append(tokens, "c:"+v)
	}
	for _, v := range memPick(r, memGenres, 2) {
		tokens = append(tokens, "g:"+v)
	}
	for _, v := range memPick(r, memOrgs, 2) {
		tokens = append(tokens, "p:"+v)
	}
	slices.Sort(tokens)
	year := 0
	if r.IntN(4) > 0 {
		year = 2000 + r.IntN(6)
	}
	titles := map[string]string{"en": fmt.Sprintf("Title %s v%d", id, version)}
	if r.IntN(2) == 0 {
		titles["ru"] = fmt.Sprintf("Фильм %s", id)
	}
	return Source{
		ID: id, Version: version, Facets: strings.Join(tokens, " "),
		Attrs: TitleAttrs{
			Kind: memKinds[r.IntN(len(memKinds))], Year: year,
			OriginalLanguage: memLangs[r.IntN(len(memLangs))],
			Owner:            memOrgs[r.IntN(len(memOrgs))],
			Visibility:       memVis[r.IntN(len(memVis))],
		},
		Titles:    titles,
		Directors: memPick(r, memDirectors, 2),
	}
}

// memDirectors are the people titles credit as director.
var memDirectors = []string{"p01", "p02", "p03", "p04", "p05", "p06", "p07", "p08", "p09", "p10", "p11", "p12"}

// memCheckDirected compares directedBy with its definition for every
// viewer and some sets of people: the live titles the viewer may read that
// credit each person as director, by person and title id, at most
// directedLimit in all.
func memCheckDirected(t *testing.T, ix *memIndex, m *memModel, r *rand.Rand) {
	t.Helper()
	found := 0
	for range 40 {
		people := memPick(r, memDirectors, len(memDirectors))
		if r.IntN(4) == 0 {
			people = append(people, "nobody-directs")
		}
		if len(people) > 1 && r.IntN(4) == 0 {
			people = append(people, people[0]) // asked twice
		}
		for _, viewer := range memViewers {
			want := map[string][]string{}
			rows := 0
			for _, p := range slices.Compact(slices.Sorted(slices.Values(people))) {
				var ids []string
				for _, d := range m.docs {
					if !d.dead && slices.Contains(d.src.Directors, p) && memReadable(d.src, viewer, memPartners[viewer]) {
						ids = append(ids, d.src.ID)
					}
				}
				slices.Sort(ids)
				for _, id := range ids {
					if rows < directedLimit {
						want[p] = append(want[p], id)
						rows++
					}
				}
			}
			got := map[string][]string{}
			for p, cs := range ix.directedBy(viewer, memPartners[viewer], people) {
				for _, c := range cs {
					got[p] = append(got[p], c.ID)
					if n, ok := m.live[c.ID]; !ok || !maps.Equal(c.Titles, m.docs[n].src.Titles) {
						t.Fatalf("directedBy gave %s with titles %v", c.ID, c.Titles)
					}
				}
			}
			if !maps.EqualFunc(got, want, slices.Equal) {
				t.Fatalf("directedBy %v as %s:\n got %v\nwant %v", people, viewer, got, want)
			}
			found += rows
		}
	}
	if found == 0 {
		t.Fatal("directedBy found nothing in any check, so it proves nothing")
	}
}

func memRandomKeys(r *rand.Rand) Keys {
	var k Keys
	for _, l := range r.Perm(len(memLetters))[:1+r.IntN(4)] {
		k.Native = append(k.Native, memLetters[l])
	}
	for _, l := range r.Perm(len(memLetters))[:r.IntN(3)] {
		k.Stems = append(k.Stems, stemPrefix+memLetters[l])
	}
	for _, l := range r.Perm(len(memLetters))[:r.IntN(3)] {
		k.Translit = append(k.Translit, translitPrefix+memLetters[l])
	}
	return k
}

func memRandomKey(r *rand.Rand) string {
	letter := memLetters[r.IntN(len(memLetters))]
	if r.IntN(30) == 0 {
		letter = "z" // a key no title has
	}
	switch r.IntN(3) {
	case 1:
		return stemPrefix + letter
	case 2:
		return translitPrefix + letter
	}
	return letter
}

func memRandomFind(r *rand.Rand) (Find, []string) {
	var f Find
	for range 1 + r.IntN(3) {
		var alts []Alt
		for range 1 + r.IntN(3) {
			var a Alt
			for range 1 + r.IntN(2) {
				a.Keys = append(a.Keys, memRandomKey(r))
			}
			alts = append(alts, a)
		}
		f.Terms = append(f.Terms, alts)
	}
	f.Viewer = memViewers[r.IntN(len(memViewers))]
	if r.IntN(5) == 0 {
		f.Filter.Kind = []string{"film", "series", "short"}[r.IntN(3)]
	}
	if r.IntN(5) == 0 {
		f.Filter.YearFrom = 1999 + r.IntN(8)
	}
	if r.IntN(5) == 0 {
		f.Filter.YearTo = 1999 + r.IntN(8)
	}
	if r.IntN(5) == 0 {
		f.Filter.Genre = memGenres[r.IntN(len(memGenres))]
	}
	if r.IntN(5) == 0 {
		f.Filter.Producer = memOrgs[r.IntN(len(memOrgs))]
	}
	if r.IntN(5) == 0 {
		f.Filter.Country = memCountries[r.IntN(len(memCountries))]
	}
	f.Cap = 1 + r.IntN(600)
	if r.IntN(20) == 0 {
		f.Cap = 0 // the default, MatchCap
	}
	return f, memPartners[f.Viewer]
}

// memFacetHas is the test's own reading of packed facets.
func memFacetHas(packed, prefix, value string) bool {
	return slices.Contains(strings.Fields(packed), prefix+":"+value)
}

func memReadable(s Source, viewer string, partners []string) bool {
	a := s.Attrs
	return a.Owner == viewer || a.Visibility == "public" || memFacetHas(s.Facets, "p", viewer) ||
		a.Visibility == "partners" && slices.Contains(partners, a.Owner)
}

func memPasses(s Source, f Filter) bool {
	a := s.Attrs
	switch {
	case f.Kind != "" && a.Kind != f.Kind,
		f.YearFrom != 0 && (a.Year == 0 || a.Year < f.YearFrom),
		f.YearTo != 0 && (a.Year == 0 || a.Year > f.YearTo),
		f.Genre != "" && !memFacetHas(s.Facets, "g", f.Genre),
		f.Producer != "" && !memFacetHas(s.Facets, "p", f.Producer),
		f.Country != "" && !memFacetHas(s.Facets, "c", f.Country):
		return false
	}
	return true
}

// memBruteMatches evaluates f over the model by definition.
func memBruteMatches(m *memModel, f Find, partners []string) []memMatch {
	limit := f.Cap
	if limit <= 0 {
		limit = MatchCap
	}
	weight := func(key string) float64 {
		switch {
		case strings.HasPrefix(key, "~"):
			return 2
		case strings.HasPrefix(key, "^"):
			return 1
		}
		return 4
	}
	var out []memMatch
	for n, d := range m.docs {
		if len(out) >= limit {
			break
		}
		if d.dead || !memReadable(d.src, f.Viewer, partners) || !memPasses(d.src, f.Filter) {
			continue
		}
		score, all := 0.0, true
		for _, alts := range f.Terms {
			best := 0.0
			for _, a := range alts {
				ok := len(a.Keys) > 0
				for _, key := range a.Keys {
					ok = ok && d.set[key]
				}
				if ok {
					best = max(best, weight(a.Keys[0]))
				}
			}
			if best == 0 {
				all = false
				break
			}
			score += best
		}
		if !all {
			continue
		}
		out = append(out, memMatch{doc: uint32(n), rank: -score / float64(4+len(d.keys.Native))})
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.rank != b.rank {
			return a.rank < b.rank
		}
		return m.docs[a.doc].src.ID < m.docs[b.doc].src.ID
	})
	return out
}

// memCheckMatches compares ix.matches with the brute force; it returns the
// matches as ids and ranks.
func memCheckMatches(t *testing.T, ix *memIndex, m *memModel, f Find, partners []string) []string {
	t.Helper()
	got := ix.matches(f, partners)
	want := memBruteMatches(m, f, partners)
	show := func(ms []memMatch, id func(uint32) string) string {
		var b strings.Builder
		for _, x := range ms[:min(len(ms), 12)] {
			fmt.Fprintf(&b, " %d:%s:%g", x.doc, id(x.doc), x.rank)
		}
		if len(ms) > 12 {
			fmt.Fprintf(&b, " … (%d)", len(ms))
		}
		return b.String()
	}
	if !slices.Equal(got, want) {
		t.Fatalf("find %+v (partners %v):\n got%s\nwant%s", f, partners,
			show(got, func(d uint32) string { return ix.docs[d].id }),
			show(want, func(d uint32) string { return m.docs[d].src.ID }))
	}
	out := make([]string, len(got))
	for i, x := range got {
		if id := ix.docs[x.doc].id; id != m.docs[x.doc].src.ID {
			t.Fatalf("find %+v: document %d is %s in the index, %s in the model", f, x.doc, id, m.docs[x.doc].src.ID)
		}
		out[i] = fmt.Sprintf("%s %v", ix.docs[x.doc].id, x.rank)
	}
	return out
}

// memCheckState compares the index's bookkeeping with the model.
func memCheckState(t *testing.T, ix *memIndex, m *memModel) {
	t.Helper()
	if len(ix.docs) != len(m.docs) {
		t.Fatalf("index has %d documents, model %d", len(ix.docs), len(m.docs))
	}
	dead, partners := 0, 0
	for n, d := range m.docs {
		if ix.docs[n].id != d.src.ID || ix.docs[n].dead != d.dead {
			t.Fatalf("document %d: index %s dead %v, model %s dead %v", n, ix.docs[n].id, ix.docs[n].dead, d.src.ID, d.dead)
		}
		if d.dead {
			dead++
		} else if d.src.Attrs.Visibility == visibilityPartners {
			partners++
		}
	}
	if ix.dead != dead {
		t.Errorf("ix.dead = %d, want %d", ix.dead, dead)
	}
	if got := ix.partners.Load(); got != int64(partners) {
		t.Errorf("ix.partners = %d, want %d live titles for partners", got, partners)
	}
	if len(ix.byID) != len(m.live) {
		t.Errorf("byID has %d ids, want %d live", len(ix.byID), len(m.live))
	}
	for id, n := range m.live {
		if got, ok := ix.byID[id]; !ok || got != uint32(n) || ix.docs[got].id != id {
			t.Errorf("byID[%s] = %d, %v; want %d", id, got, ok, n)
		}
	}
}

func TestMemIndexMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	ix, m := newMemIndex(), newMemModel()
	const titles = 3000
	versions := map[string]int64{}
	ids := make([]string, titles)
	for i := range ids {
		ids[i] = fmt.Sprintf("t%04d", i)
	}
	// Added in a shuffled order, so that document numbers are not id order.
	for _, i := range r.Perm(titles) {
		versions[ids[i]] = 1 + r.Int64N(5)
		m.put(ix, memRandomSource(r, ids[i], versions[ids[i]]), memRandomKeys(r))
	}
	ix.vocab.finish()
	renew := func(id string) {
		versions[id] += 1 + r.Int64N(3)
		m.put(ix, memRandomSource(r, id, versions[id]), memRandomKeys(r))
	}
	for _, i := range r.Perm(titles)[:300] {
		switch r.IntN(3) {
		case 0, 1:
			renew(ids[i])
		default:
			m.remove(ix, ids[i])
		}
	}
	// An older version of a title changes nothing.
	for _, id := range ids[:50] {
		if n, ok := m.live[id]; ok {
			ix.put(memRandomSource(r, id, m.docs[n].src.Version-1), memRandomKeys(r))
		}
	}
	// Removed titles may come back.
	for _, id := range ids[:titles/10] {
		if _, ok := m.live[id]; !ok {
			renew(id)
		}
	}
	memCheckState(t, ix, m)
	memCheckDirected(t, ix, m, r)

	finds := make([]Find, 600)
	for i := range finds {
		finds[i], _ = memRandomFind(r)
	}
	nonEmpty, capped := 0, 0
	for _, f := range finds {
		got := memCheckMatches(t, ix, m, f, memPartners[f.Viewer])
		if len(got) > 0 {
			nonEmpty++
		}
		if len(got) == matchCap(f) {
			capped++
		}
	}
	// The finds must exercise both sides of each question.
	if nonEmpty < len(finds)/4 || nonEmpty == len(finds) || capped < 10 {
		t.Fatalf("finds too uniform: %d of %d match something, %d reach the cap", nonEmpty, len(finds), capped)
	}

	// Replace enough titles for compaction: a quarter at least, 1024 at
	// least.
	for _, i := range r.Perm(titles)[:1600] {
		if _, ok := m.live[ids[i]]; ok {
			renew(ids[i])
		}
	}
	memCheckState(t, ix, m)
	if !ix.needsCompact() {
		t.Fatalf("needsCompact false with %d of %d documents dead", ix.dead, len(ix.docs))
	}
	before := make([][]string, len(finds))
	for i, f := range finds {
		before[i] = memCheckMatches(t, ix, m, f, memPartners[f.Viewer])
	}

	memCheckDirected(t, ix, m, r)
	ix.compact()
	m.compact()
	if len(ix.docs) != len(m.live) || ix.dead != 0 {
		t.Fatalf("after compact: %d documents, %d dead; want %d, 0", len(ix.docs), ix.dead, len(m.live))
	}
	memCheckState(t, ix, m)
	memCheckDirected(t, ix, m, r)
	entries := 0
	for _, d := range m.docs {
		entries += len(d.set)
	}
	if ix.entries != entries {
		t.Errorf("after compact: %d entries, want %d", ix.entries, entries)
	}
	for key, list := range ix.postings {
		if len(list) == 0 {
			t.Errorf("after compact: empty postings for %q", key)
		}
		for i, n := range list {
			if int(n) >= len(m.docs) || !m.docs[n].set[key] || i > 0 && list[i-1] >= n {
				t.Fatalf("after compact: postings of %q are %v", key, list)
			}
		}
	}
	for i, f := range finds {
		got := memCheckMatches(t, ix, m, f, memPartners[f.Viewer])
		if !slices.Equal(got, before[i]) {
			t.Fatalf("find %+v after compact:\n got %v\nwant %v", f, got, before[i])
		}
		want := memBruteFacets(m, memBruteMatches(m, f, memPartners[f.Viewer]))
		if res := ix.count(f, memPartners[f.Viewer]); !reflect.DeepEqual(res.Facets, want) {
			t.Fatalf("count %+v after compact: facets\n got %+v\nwant %+v", f, res.Facets, want)
		}
	}
	memCheckSorted(t, ix)

	// Titles added after compaction land after the renumbered ones.
	for _, i := range r.Perm(titles)[:200] {
		renew(ids[i])
	}
	memCheckState(t, ix, m)
	for _, f := range finds {
		memCheckMatches(t, ix, m, f, memPartners[f.Viewer])
	}
}

func TestMemIndexFindAndCountPage(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	ix, m := newMemIndex(), newMemModel()
	for i := range 80 {
		id := fmt.Sprintf("t%04d", i)
		m.put(ix, memRandomSource(r, id, 1), memRandomKeys(r))
	}
	ix.vocab.finish()
	for i := range 10 {
		m.remove(ix, fmt.Sprintf("t%04d", 3*i))
	}
	candidate := func(d uint32) Candidate {
		s := m.docs[d].src
		return Candidate{ID: s.ID, Kind: s.Attrs.Kind, Year: s.Attrs.Year, OriginalLanguage: s.Attrs.OriginalLanguage,
			Titles: s.Titles}
	}
	sameCandidates := func(got, want []Candidate) bool {
		return len(got) == len(want) && (len(got) == 0 || reflect.DeepEqual(got, want))
	}
	seen := 0
	for range 300 {
		f, partners := memRandomFind(r)
		f.Filter = Filter{}
		if r.IntN(3) == 0 {
			f.Filter.Genre = memGenres[r.IntN(len(memGenres))]
		}
		f.Cap = []int{0, 5, 40}[r.IntN(3)]
		ms := memBruteMatches(m, f, partners)
		if got := ix.matches(f, partners); !slices.Equal(got, ms) {
			t.Fatalf("find %+v: matches %v, want %v", f, got, ms)
		}
		if len(ms) > 3 {
			seen++
		}
		f.Offset = r.IntN(len(ms) + 3)
		f.Limit = r.IntN(len(ms)+3) - 1
		from := min(f.Offset, len(ms))
		page := ms[from:min(from+max(f.Limit, 0), len(ms))]
		var want []Candidate
		for _, x := range page {
			want = append(want, candidate(x.doc))
		}
		if got := ix.find(f, partners); !sameCandidates(got, want) {
			t.Fatalf("find %+v (offset %d limit %d of %d):\n got %+v\nwant %+v", f, f.Offset, f.Limit, len(ms), got, want)
		}

		res := ix.count(f, partners)
		var top []Candidate
		for _, x := range ms[:min(max(f.Limit, 0), len(ms))] {
			top = append(top, candidate(x.doc))
		}
		if res.Total != len(ms) {
			t.Fatalf("count %+v: total %d, want %d", f, res.Total, len(ms))
		}
		if !sameCandidates(res.Top, top) {
			t.Fatalf("count %+v (limit %d): top\n got %+v\nwant %+v", f, f.Limit, res.Top, top)
		}
		if want := memBruteFacets(m, ms); !reflect.DeepEqual(res.Facets, want) {
			t.Fatalf("count %+v: facets\n got %+v\nwant %+v", f, res.Facets, want)
		}
	}
	if seen < 50 {
		t.Fatalf("only %d finds match more than 3 titles", seen)
	}
}

// memCheckSorted checks that ix.sorted is the longest prefix of documents
// with ascending ids, which rank ties rely on.
func memCheckSorted(t *testing.T, ix *memIndex) {
	t.Helper()
	want := 0
	for want < len(ix.docs) && (want == 0 || ix.docs[want-1].id < ix.docs[want].id) {
		want++
	}
	if ix.sorted != want {
		t.Fatalf("sorted %d, want %d (of %d documents)", ix.sorted, want, len(ix.docs))
	}
}

// memBruteFacets counts the facets of matches by definition.
func memBruteFacets(m *memModel, ms []memMatch) Facets {
	counts := map[string]map[string]int{}
	inc := func(facet, value string) {
		if counts[facet] == nil {
			counts[facet] = map[string]int{}
		}
		counts[facet][value]++
	}
	for _, x := range ms {
		s := m.docs[x.doc].src
		inc("kind", s.Attrs.Kind)
		if s.Attrs.Year != 0 {
			inc("year", strconv.Itoa(s.Attrs.Year))
		}
		for _, tok := range strings.Fields(s.Facets) {
			prefix, value, _ := strings.Cut(tok, ":")
			inc(map[string]string{"g": "genre", "p": "producer", "c": "country"}[prefix], value)
		}
	}
	list := func(facet string) []FacetValue {
		l := []FacetValue{}
		for _, v := range slices.Sorted(maps.Keys(counts[facet])) {
			l = append(l, FacetValue{Value: v, Count: counts[facet][v]})
		}
		slices.SortStableFunc(l, func(a, b FacetValue) int { return b.Count - a.Count })
		return l[:min(len(l), 20)]
	}
	return Facets{Kind: list("kind"), Year: list("year"), Genre: list("genre"), Producer: list("producer"),
		Country: list("country")}
}

func TestPackTitlesRoundTrip(t *testing.T) {
	cases := []map[string]string{
		{},
		{"en": "Silk"},
		{"en": "The Red Silk Road", "ru": "Красный шёлковый путь", "zh-Hans": "红丝绸之路", "zh-Hant": "紅絲綢之路"},
		{"en": " leading and trailing spaces ", "fr": "a  b", "de": ""},
		{"ru": "Гибель «Лиссабон-мару»", "": "no language"},
	}
	for _, titles := range cases {
		packed := packTitles(titles)
		got := unpackTitles(packed)
		if !maps.Equal(got, titles) || got == nil {
			t.Errorf("packTitles(%q) = %q, unpacked %q", titles, packed, got)
		}
		// The packing does not depend on the map's order.
		if again := packTitles(maps.Clone(titles)); again != packed {
			t.Errorf("packTitles(%q) = %q, then %q", titles, packed, again)
		}
	}
	if got, want := packTitles(map[string]string{"ru": "Шёлк", "en": "Red silk"}), "en\x00Red silk\x00ru\x00Шёлк\x00"; got != want {
		t.Errorf("packTitles = %q, want %q", got, want)
	}
	if got := unpackTitles(packTitles(nil)); len(got) != 0 {
		t.Errorf("nil titles unpacked as %q", got)
	}
}

// TestMemIndexCompactsAtAQuarterDead checks the threshold: 1024 dead
// documents and a quarter of all at least; below it compact does nothing.
func TestMemIndexCompactsAtAQuarterDead(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	ix, m := newMemIndex(), newMemModel()
	for i := range 3072 {
		m.put(ix, memRandomSource(r, fmt.Sprintf("t%04d", i), 1), memRandomKeys(r))
	}
	ix.vocab.finish()
	for i := range 1023 {
		m.put(ix, memRandomSource(r, fmt.Sprintf("t%04d", i), 2), memRandomKeys(r))
	}
	// 1023 dead of 4095: too few dead.
	if ix.needsCompact() {
		t.Errorf("needsCompact with %d of %d dead", ix.dead, len(ix.docs))
	}
	ix.compact()
	memCheckState(t, ix, m)
	m.put(ix, memRandomSource(r, "t1023", 2), memRandomKeys(r))
	// 1024 dead of 4096: a quarter.
	if !ix.needsCompact() {
		t.Errorf("needsCompact false with %d of %d dead", ix.dead, len(ix.docs))
	}
	m.put(ix, memRandomSource(r, "t9999", 1), memRandomKeys(r))
	// 1024 dead of 4097: under a quarter.
	if ix.needsCompact() {
		t.Errorf("needsCompact with %d of %d dead", ix.dead, len(ix.docs))
	}
	ix.compact()
	memCheckState(t, ix, m)
	m.remove(ix, "t9999")
	// 1025 dead of 4097.
	if !ix.needsCompact() {
		t.Errorf("needsCompact false with %d of %d dead", ix.dead, len(ix.docs))
	}
	old := ix.strs
	ix.compact()
	m.compact()
	memCheckState(t, ix, m)
	// The strings still in use moved to a new arena, shared with the
	// vocabulary, so the old blocks (and replaced titles' strings) can go.
	if ix.strs == old || ix.vocab.strs != ix.strs {
		t.Errorf("compact kept the arena (%v) or left the vocabulary on another (%v)", ix.strs == old, ix.vocab.strs != ix.strs)
	}
	if len(ix.docs) != 3072 || ix.dead != 0 {
		t.Errorf("after compact: %d documents, %d dead; want 3072, 0", len(ix.docs), ix.dead)
	}
}
