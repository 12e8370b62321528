package search

import (
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// memIndex is one process's copy of the search index: each title's keys as
// postings (sorted lists of document numbers per key), its attributes and
// localized titles, and the vocabulary. Document numbers are given in the
// order titles are added, so postings are appended to; a changed title gets
// a new number and its old one is left dead until compact renumbers.
type memIndex struct {
	mu       sync.RWMutex
	docs     []memDoc
	byID     map[string]uint32
	postings map[string][]uint32
	// directed lists, per person, the titles crediting them as director
	// (dead ones too, until compact).
	directed map[string][]uint32
	vocab    *memVocab
	names    names
	strs     *strArena
	// facetCodes holds each document's facet tokens ("g:drama") as name
	// codes, so that counting facets reads numbers, not strings.
	facetCodes []uint32
	// Documents [0, sorted) have ascending ids, as titles are loaded: rank
	// ties among them go by document number instead of comparing ids.
	sorted  int
	dead    int // dead documents
	entries int // postings entries, dead ones included
	// partners counts the live titles only their owner's partners may
	// read; while there are none a search need not ask for the viewer's
	// partners. Read without the lock.
	partners atomic.Int64
}

// memDoc is one title. Attributes with few distinct values are name codes.
type memDoc struct {
	id      string
	facets  string // Source.Facets
	titles  string // localized titles, packed by packTitles
	fOff    uint32 // its facet tokens are facetCodes[fOff:fOff+fLen]
	fLen    uint16
	version int64
	year    int32
	native  int32 // native keys: the rank divides by the title's length in them
	kind    uint32
	lang    uint32
	owner   uint32
	vis     uint32
	dead    bool
}

func (ix *memIndex) rw() *sync.RWMutex { return &ix.mu }

func (ix *memIndex) sizes(st *MemoryStats) {
	st.Live, st.Entries, st.Keys, st.Terms = len(ix.docs)-ix.dead, ix.entries, len(ix.postings), ix.vocab.size()
}

func newMemIndex() *memIndex {
	vocab := newMemVocab()
	return &memIndex{byID: map[string]uint32{}, postings: map[string][]uint32{}, directed: map[string][]uint32{}, vocab: vocab,
		names: names{code: map[string]uint32{}}, strs: vocab.strs}
}

// put adds a title's current state, replacing an older one.
func (ix *memIndex) put(s Source, k Keys) {
	if old, ok := ix.byID[s.ID]; ok {
		if ix.docs[old].version > s.Version {
			return
		}
		ix.kill(old)
	}
	n := uint32(len(ix.docs))
	if int(n) == ix.sorted && (n == 0 || ix.docs[n-1].id < s.ID) {
		ix.sorted++
	}
	d := memDoc{
		id: ix.strs.intern(s.ID), facets: ix.strs.intern(s.Facets), titles: ix.strs.intern(packTitles(s.Titles)), version: s.Version,
		year: int32(s.Attrs.Year), native: int32(len(k.Native)),
		kind: ix.names.of(s.Attrs.Kind), lang: ix.names.of(s.Attrs.OriginalLanguage),
		owner: ix.names.of(s.Attrs.Owner), vis: ix.names.of(s.Attrs.Visibility),
	}
	d.fOff, d.fLen = ix.addFacetCodes(s.Facets)
	ix.docs = append(ix.docs, d)
	ix.byID[d.id] = n
	if s.Attrs.Visibility == visibilityPartners {
		ix.partners.Add(1)
	}
	for _, keys := range [][]string{k.Native, k.Stems, k.Translit} {
		for _, key := range keys {
			list, ok := ix.postings[key]
			if !ok {
				key = ix.strs.intern(key)
			}
			ix.postings[key] = append(list, n)
		}
		ix.entries += len(keys)
	}
	for i, p := range s.Directors {
		if slices.Contains(s.Directors[:i], p) {
			continue
		}
		list, ok := ix.directed[p]
		if !ok {
			p = ix.strs.intern(p)
		}
		ix.directed[p] = append(list, n)
	}
	ix.vocab.add(k.Terms)
}

// addFacetCodes appends the codes of packed facets' tokens to facetCodes
// and returns where they are.
func (ix *memIndex) addFacetCodes(packed string) (off uint32, n uint16) {
	start := len(ix.facetCodes)
	for _, tok := range strings.Fields(packed) {
		if len(tok) > 2 && tok[1] == ':' && facetPrefix[tok[0]] != "" {
			ix.facetCodes = append(ix.facetCodes, ix.names.of(tok))
		}
	}
	return uint32(start), uint16(len(ix.facetCodes) - start)
}

func (ix *memIndex) facetsOf(d *memDoc) []uint32 {
	return ix.facetCodes[d.fOff : d.fOff+uint32(d.fLen)]
}

// remove drops a title that no longer exists.
func (ix *memIndex) remove(id string) {
	if n, ok := ix.byID[id]; ok {
		ix.kill(n)
		delete(ix.byID, id)
	}
}

func (ix *memIndex) kill(n uint32) {
	d := &ix.docs[n]
	if d.vis == ix.names.lookup(visibilityPartners) {
		ix.partners.Add(-1)
	}
	*d = memDoc{id: d.id, dead: true}
	ix.dead++
}

// The visibility values the rule needs by name (catalog.Visibility; this
// package keeps off the catalogue's types).
const (
	visibilityPublic   = "public"
	visibilityPartners = "partners"
)

// compact renumbers the live documents once a quarter of them are dead, so
// that churn does not grow the index without bound. It rewrites every
// posting list, and copies every string still in use into a new arena
// (the old blocks hold the strings of replaced titles too): 2 s for a
// million titles with 38 million entries, a quarter of them dead, during
// which searches fall back to the database (MemoryIndex.current).
func (ix *memIndex) compact() {
	if !ix.needsCompact() {
		return
	}
	strs := &strArena{}
	renum := make([]uint32, len(ix.docs))
	live := make([]memDoc, 0, len(ix.docs)-ix.dead)
	byID := make(map[string]uint32, len(ix.docs)-ix.dead)
	codes := make([]uint32, 0, len(ix.facetCodes))
	sorted := 0
	for i, d := range ix.docs {
		if d.dead {
			renum[i] = noDoc
			continue
		}
		renum[i] = uint32(len(live))
		if sorted == len(live) && (sorted == 0 || live[sorted-1].id < d.id) {
			sorted++
		}
		codes = append(codes, ix.facetsOf(&d)...)
		d.fOff = uint32(len(codes) - int(d.fLen))
		d.id, d.facets, d.titles = strs.intern(d.id), strs.intern(d.facets), strs.intern(d.titles)
		byID[d.id] = renum[i]
		live = append(live, d)
	}
	ix.facetCodes, ix.sorted = slices.Clip(codes), sorted
	postings := make(map[string][]uint32, len(ix.postings))
	ix.entries = 0
	for key, list := range ix.postings {
		if out := renumbered(list, renum); len(out) > 0 {
			postings[strs.intern(key)] = slices.Clip(out)
			ix.entries += len(out)
		}
	}
	directed := make(map[string][]uint32, len(ix.directed))
	for p, list := range ix.directed {
		if out := renumbered(list, renum); len(out) > 0 {
			directed[strs.intern(p)] = slices.Clip(out)
		}
	}
	ix.vocab.moveTo(strs)
	ix.docs, ix.byID, ix.postings, ix.directed, ix.strs, ix.dead = live, byID, postings, directed, strs, 0
}

// renumbered maps a posting list through renum, in place, leaving out the
// documents it maps to noDoc.
func renumbered(list, renum []uint32) []uint32 {
	out := list[:0]
	for _, n := range list {
		if renum[n] != noDoc {
			out = append(out, renum[n])
		}
	}
	return out
}

// needsCompact is read by the follower, the only writer, without the lock.
func (ix *memIndex) needsCompact() bool {
	return ix.dead >= 1024 && ix.dead*4 >= len(ix.docs)
}

// trim gives every posting list and the documents their exact length after
// loading, where append left up to a quarter of each unused.
func (ix *memIndex) trim() {
	for key, list := range ix.postings {
		if cap(list) > len(list)+len(list)/8 {
			ix.postings[key] = slices.Clone(list)
		}
	}
	// Clip would keep append's spare capacity allocated; a copy of the
	// exact length frees it.
	ix.docs = slices.Clone(ix.docs)
}

// names interns the few distinct values of kinds, languages, owners and
// visibilities.
type names struct {
	list []string
	code map[string]uint32
}

// noName is the code of a name never seen.
const noName = ^uint32(0)

func (ns *names) of(s string) uint32 {
	if c, ok := ns.code[s]; ok {
		return c
	}
	c := uint32(len(ns.list))
	ns.list = append(ns.list, s)
	ns.code[s] = c
	return c
}

func (ns *names) lookup(s string) uint32 {
	if c, ok := ns.code[s]; ok {
		return c
	}
	return noName
}

// packTitles packs localized titles as "lang\x00title\x00…" in language
// order: one string per title instead of a map. Neither a language tag nor a
// stored text holds NUL (the text rule refuses control characters, and
// PostgreSQL text cannot hold it).
func packTitles(titles map[string]string) string {
	langs := make([]string, 0, len(titles))
	for l := range titles {
		langs = append(langs, l)
	}
	slices.Sort(langs)
	var b strings.Builder
	for _, l := range langs {
		b.WriteString(l)
		b.WriteByte(0)
		b.WriteString(titles[l])
		b.WriteByte(0)
	}
	return b.String()
}

func unpackTitles(packed string) map[string]string {
	out := map[string]string{}
	for packed != "" {
		lang, rest, _ := strings.Cut(packed, "\x00")
		title, rest2, _ := strings.Cut(rest, "\x00")
		out[lang] = title
		packed = rest2
	}
	return out
}
