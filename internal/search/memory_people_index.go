package search

import (
	"math/bits"
	"slices"
	"sync"
	"sync/atomic"
)

// memPeople is one process's copy of the people index: each person's keys
// as postings (sorted lists of document numbers per key), every key in
// order for prefix ranges, and what a candidate and the visibility rule
// need. Documents [0, sorted) are numbered in id order, as people are
// loaded; a person added or changed since gets the next number, and
// compact restores the order.
type memPeople struct {
	mu       sync.RWMutex
	docs     []memPerson
	byID     map[string]uint32
	postings map[string][]uint32
	keys     sortedStrings // every key ever added
	loading  bool          // keys are gathered in postings only, and sorted by finishLoad
	sorted   int
	names    names
	strs     *strArena
	dead     int // dead documents
	entries  int // postings entries, dead ones included
	// partners counts the live people only their owner's partners may
	// find; read without the lock.
	partners atomic.Int64
}

// memPerson is one person. Owners, organisations and visibilities are name
// codes.
type memPerson struct {
	id, names       string // names packed by packTitles
	version         int64
	owner, org, vis uint32
	dead            bool
}

func (ix *memPeople) rw() *sync.RWMutex { return &ix.mu }

func (ix *memPeople) sizes(st *MemoryStats) {
	st.Live, st.Entries, st.Keys = len(ix.byID), ix.entries, len(ix.postings)
}

func newMemPeople() *memPeople {
	return &memPeople{byID: map[string]uint32{}, postings: map[string][]uint32{}, loading: true,
		names: names{code: map[string]uint32{}}, strs: &strArena{}}
}

// put stores a person's current state with its keys, replacing an older
// one; an erased person is dropped.
func (ix *memPeople) put(s PersonSource, keys []string) {
	if old, ok := ix.byID[s.ID]; ok {
		if ix.docs[old].version > s.Version {
			return
		}
		ix.kill(old)
		delete(ix.byID, s.ID)
	}
	if s.Erased {
		return
	}
	n := len(ix.docs)
	if ix.loading && ix.sorted == n && (n == 0 || ix.docs[n-1].id < s.ID) {
		ix.sorted++
	}
	d := memPerson{id: ix.strs.intern(s.ID), names: ix.strs.intern(packTitles(s.Names)), version: s.Version,
		owner: ix.names.of(s.Owner), org: ix.names.of(s.Org), vis: ix.names.of(s.Visibility)}
	ix.docs = append(ix.docs, d)
	ix.byID[d.id] = uint32(n)
	if s.Visibility == visibilityPartners {
		ix.partners.Add(1)
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	for _, key := range keys {
		list, ok := ix.postings[key]
		if !ok {
			key = ix.strs.intern(key)
			if !ix.loading {
				ix.keys.insert(key)
			}
		}
		ix.postings[key] = append(list, uint32(n))
	}
	ix.entries += len(keys)
}

func (ix *memPeople) kill(n uint32) {
	d := &ix.docs[n]
	if d.vis == ix.names.lookup(visibilityPartners) {
		ix.partners.Add(-1)
	}
	*d = memPerson{id: d.id, dead: true}
	ix.dead++
}

// finishLoad sorts the keys gathered while loading, gives every posting
// list its exact length, and renumbers the people if they did not come in
// id order as this package compares strings.
func (ix *memPeople) finishLoad() {
	ix.loading = false
	ix.keys.base = make([]string, 0, len(ix.postings))
	for key, list := range ix.postings {
		ix.keys.base = append(ix.keys.base, key)
		if cap(list) > len(list)+len(list)/8 {
			ix.postings[key] = slices.Clone(list)
		}
	}
	slices.Sort(ix.keys.base)
	ix.docs = slices.Clone(ix.docs)
	if ix.sorted < len(ix.docs) {
		ix.compact()
	}
}

// needsCompact is read by the follower, the only writer, without the lock:
// a quarter of the documents dead, or an eighth added out of order.
func (ix *memPeople) needsCompact() bool {
	added := len(ix.docs) - ix.sorted
	return ix.dead >= 1024 && ix.dead*4 >= len(ix.docs) || added >= 1024 && added*8 >= len(ix.docs)
}

// compact renumbers the live people in id order, rewrites every posting
// list, drops keys no live person has, and copies every string still in
// use into a new arena.
func (ix *memPeople) compact() {
	strs := &strArena{}
	order := make([]uint32, 0, len(ix.docs)-ix.dead)
	for i, d := range ix.docs {
		if !d.dead {
			order = append(order, uint32(i))
		}
	}
	slices.SortFunc(order, func(a, b uint32) int { return cmpString(ix.docs[a].id, ix.docs[b].id) })
	renum := make([]uint32, len(ix.docs))
	for i := range renum {
		renum[i] = noDoc
	}
	live := make([]memPerson, len(order))
	byID := make(map[string]uint32, len(order))
	for n, old := range order {
		d := ix.docs[old]
		d.id, d.names = strs.intern(d.id), strs.intern(d.names)
		live[n], byID[d.id], renum[old] = d, uint32(n), uint32(n)
	}
	postings := make(map[string][]uint32, len(ix.postings))
	keys := make([]string, 0, len(ix.postings))
	ix.entries = 0
	for key, list := range ix.postings {
		out := renumbered(list, renum)
		if len(out) == 0 {
			continue
		}
		slices.Sort(out)
		key = strs.intern(key)
		postings[key] = slices.Clip(out)
		keys = append(keys, key)
		ix.entries += len(out)
	}
	slices.Sort(keys)
	ix.docs, ix.byID, ix.postings, ix.strs = live, byID, postings, strs
	ix.keys = sortedStrings{base: keys}
	ix.dead, ix.sorted = 0, len(live)
}

// rangeCursors is how many keys of a prefix range are walked as cursors of
// their own; a range with more is merged into one list first.
const rangeCursors = 8

// addRange adds to t an alternative matching any key that starts with
// prefix.
func (ix *memPeople) addRange(t *termCursor, prefix string) {
	var lists [][]uint32
	total := 0
	ix.keys.scan(prefix, prefix+"\U0010FFFF", func(key string) bool {
		if list := ix.postings[key]; len(list) > 0 {
			lists = append(lists, list)
			total += len(list)
		}
		return true
	})
	if len(lists) > rangeCursors {
		lists = [][]uint32{unionLists(lists, total, len(ix.docs))}
	}
	for _, list := range lists {
		t.alts = append(t.alts, altCursor{keys: []cursor{{list: list}}})
		t.size += len(list)
	}
}

// unionSortBelow: lists with fewer than n/unionSortBelow entries in all
// are merged by sorting, more through a bitmap (sorting costs about
// total·log(total), the bitmap n/64 words).
const unionSortBelow = 256

// unionLists merges sorted lists of documents below n into one, without
// repeats.
func unionLists(lists [][]uint32, total, n int) []uint32 {
	if total < n/unionSortBelow {
		out := make([]uint32, 0, total)
		for _, l := range lists {
			out = append(out, l...)
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	bitmap := make([]uint64, (n+63)/64)
	for _, l := range lists {
		for _, d := range l {
			bitmap[d/64] |= 1 << (d % 64)
		}
	}
	out := make([]uint32, 0, min(total, n))
	for w, word := range bitmap {
		for word != 0 {
			out = append(out, uint32(w*64+bits.TrailingZeros64(word)))
			word &= word - 1
		}
	}
	return out
}

// peopleRule is the visibility rule for one viewer over ix's name codes:
// the twin of people.CanRead and of the store's personReadable.
type peopleRule struct {
	org, public, share uint32
	partnerOf          map[uint32]bool // owners who count the viewer among their partners
}

func (ix *memPeople) ruleFor(viewer string, partners []string) peopleRule {
	r := peopleRule{org: ix.names.lookup(viewer), public: ix.names.lookup(visibilityPublic),
		share: ix.names.lookup(visibilityPartners), partnerOf: map[uint32]bool{}}
	if viewer == "" {
		r.org = noName // a person without an organisation has org "" here, NULL in the store
	}
	for _, p := range partners {
		r.partnerOf[ix.names.lookup(p)] = true
	}
	return r
}

func (r peopleRule) canRead(d *memPerson) bool {
	switch {
	case d.dead:
		return false
	case d.owner == r.org, d.org == r.org, d.vis == r.public:
		return true
	case d.vis == r.share:
		return r.partnerOf[d.owner]
	}
	return false
}

// search is SearchPeople over the copy: the first f.Limit people by id that
// match every term (by one of its alternatives or a key in one of its
// prefix ranges) and that the viewer may read.
func (ix *memPeople) search(f PeopleFind, partners []string) []PersonCandidate {
	if len(f.Terms) == 0 || f.Limit <= 0 {
		return nil
	}
	q := &queryCursor{}
	for i, alts := range f.Terms {
		t := newTermCursor(ix.postings, alts)
		if i < len(f.Prefix) {
			for _, p := range f.Prefix[i] {
				ix.addRange(&t, p)
			}
		}
		if len(t.alts) == 0 {
			return nil
		}
		q.terms = append(q.terms, t)
	}
	q.rarestFirst()
	rule := ix.ruleFor(f.Viewer, partners)
	sorted := uint32(ix.sorted)
	var found []uint32
	// In the part numbered in id order, the first Limit readable matches
	// are its first Limit by id…
	d := q.next(0)
	for ; d < sorted && len(found) < f.Limit; d = q.next(d + 1) {
		if rule.canRead(&ix.docs[d]) {
			found = append(found, d)
		}
	}
	// …and every match among the people added since may come before them.
	if d < sorted {
		d = q.next(sorted)
	}
	tail := false
	for ; d != noDoc; d = q.next(d + 1) {
		if rule.canRead(&ix.docs[d]) {
			found, tail = append(found, d), true
		}
	}
	if tail {
		slices.SortFunc(found, func(a, b uint32) int { return cmpString(ix.docs[a].id, ix.docs[b].id) })
		found = found[:min(len(found), f.Limit)]
	}
	out := make([]PersonCandidate, len(found))
	for i, d := range found {
		out[i] = PersonCandidate{ID: ix.docs[d].id, Names: unpackTitles(ix.docs[d].names)}
	}
	return out
}
