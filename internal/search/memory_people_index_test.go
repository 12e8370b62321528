package search

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// mpKeys are the people's synthetic keys, most frequent first (mpRandomKey
// skews towards the start). The ranges overlap: "w" and "^w" hold more
// than rangeCursors keys, common enough to be merged through a bitmap;
// "l", "~" and "volk" hold a few, walked as cursors of their own.
var mpKeys = []string{
	"wang", "li", "^wang", "wei", "~li", "^li", "lin", "ling", "wen", "^volkov", "volkov", "~volk",
	"wu", "wong", "wan", "wanda", "weng", "wil", "wolf", "wick",
	"^lin", "^wei", "^wu", "^wong", "^wen", "^weng", "^wan", "^wil", "^wolf",
	"volk", "volkova", "~wang", "~wen", "ivan", "ivanov", "^ivanov", "~ivan", "lina", "linda", "^ling",
}

// mpRare is how many rare keys ("zz00"…) there are: more than rangeCursors,
// held by so few people that their range is merged by sorting.
const mpRare = 12

var (
	mpOwners  = []string{"a", "b", "c"}
	mpOrgs    = []string{"", "", "", "a", "b", "c", "x"}
	mpVis     = []string{"public", "partners", "private"}
	mpViewers = []string{"a", "b", "c", "x", "d"}
	// The owners who count each viewer among their partners.
	mpPartners = map[string][]string{"a": {"b"}, "b": {"a", "c"}, "c": nil, "x": {"a"}, "d": {"c", "zzz"}}
	// Prefixes: ranges of many common keys, of many rare ones, of a few, of
	// every key, and of none.
	mpPrefixes = []string{"w", "wa", "wan", "we", "l", "li", "lin", "^", "^w", "^l", "^li", "~", "~l", "~w",
		"v", "volk", "^volk", "i", "zz", "zz0", "zz1", "", "q", "wangz", "^q", "zz2", "~~"}
)

func mpRandomKey(r *rand.Rand) string {
	if r.IntN(40) == 0 {
		return fmt.Sprintf("zz%02d", r.IntN(mpRare))
	}
	return mpKeys[r.IntN(1+r.IntN(len(mpKeys)))]
}

// mpRandomKeys returns a person's keys, repeats included (put drops them).
func mpRandomKeys(r *rand.Rand) []string {
	if r.IntN(50) == 0 {
		return nil // no names, no keys
	}
	var keys []string
	for range 1 + r.IntN(4) {
		keys = append(keys, mpRandomKey(r))
	}
	return keys
}

func mpRandomSource(r *rand.Rand, id string, version int64) PersonSource {
	names := map[string]string{"en": fmt.Sprintf("Person %s v%d", id, version)}
	if r.IntN(3) == 0 {
		names["ru"] = "Персона " + id
	}
	if r.IntN(25) == 0 {
		names = nil
	}
	return PersonSource{ID: id, Version: version, Names: names, Owner: mpOwners[r.IntN(len(mpOwners))],
		Org: mpOrgs[r.IntN(len(mpOrgs))], Visibility: mpVis[r.IntN(len(mpVis))]}
}

// mpPerson is the model's record of a live person.
type mpPerson struct {
	src  PersonSource
	keys map[string]bool
}

// mpModel is the test's own record of what the people index holds.
type mpModel struct {
	live    map[string]*mpPerson
	entries int      // distinct keys of every person put since the last compact
	ids     []string // the live ids in order; nil when to be sorted again
}

func newMPModel() *mpModel { return &mpModel{live: map[string]*mpPerson{}} }

// put gives s to the index and to the model, which follows put's contract
// by definition: an older version changes nothing, an erased person goes.
func (m *mpModel) put(ix *memPeople, s PersonSource, keys []string) {
	ix.put(s, slices.Clone(keys))
	m.ids = nil
	if old, ok := m.live[s.ID]; ok {
		if old.src.Version > s.Version {
			return
		}
		delete(m.live, s.ID)
	}
	if s.Erased {
		return
	}
	set := map[string]bool{}
	for _, k := range keys {
		set[k] = true
	}
	m.live[s.ID] = &mpPerson{src: s, keys: set}
	m.entries += len(set)
}

func (m *mpModel) compact() {
	m.entries = 0
	for _, p := range m.live {
		m.entries += len(p.keys)
	}
}

func mpReadable(s PersonSource, viewer string, partners []string) bool {
	return s.Owner == viewer || s.Org == viewer || s.Visibility == "public" ||
		s.Visibility == "partners" && slices.Contains(partners, s.Owner)
}

func mpMatches(p *mpPerson, f PeopleFind) bool {
	for i, alts := range f.Terms {
		ok := false
		for _, a := range alts {
			all := len(a.Keys) > 0
			for _, k := range a.Keys {
				all = all && p.keys[k]
			}
			ok = ok || all
		}
		if !ok && i < len(f.Prefix) {
			for _, prefix := range f.Prefix[i] {
				for k := range p.keys {
					ok = ok || strings.HasPrefix(k, prefix)
				}
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// search is PeopleFind by definition: the first Limit live people by id
// who match every term and whom the viewer may read.
func (m *mpModel) search(f PeopleFind, partners []string) []PersonCandidate {
	if len(f.Terms) == 0 || f.Limit <= 0 {
		return nil
	}
	if m.ids == nil {
		m.ids = slices.Sorted(maps.Keys(m.live))
	}
	var out []PersonCandidate
	for _, id := range m.ids {
		if len(out) == f.Limit {
			break
		}
		p := m.live[id]
		if mpReadable(p.src, f.Viewer, partners) && mpMatches(p, f) {
			out = append(out, PersonCandidate{ID: id, Names: p.src.Names})
		}
	}
	return out
}

func mpQueryKey(r *rand.Rand) string {
	switch r.IntN(15) {
	case 0:
		return "nobody" // a key no person has
	case 1:
		return fmt.Sprintf("zz%02d", r.IntN(mpRare))
	case 2, 3, 4, 5, 6:
		return mpKeys[r.IntN(len(mpKeys))]
	}
	return mpRandomKey(r)
}

func mpRandomFind(r *rand.Rand) (PeopleFind, []string) {
	var f PeopleFind
	terms := 1 + r.IntN(3)
	if r.IntN(30) == 0 {
		terms = 0
	}
	for range terms {
		var alts []Alt
		n := 1 + r.IntN(3)
		if r.IntN(8) == 0 {
			n = 0 // prefixes only, or nothing
		}
		for range n {
			var a Alt
			keys := 1 + r.IntN(2)
			switch r.IntN(25) {
			case 0:
				keys = 0 // never matches
			case 1, 2, 3:
				keys = 3
			}
			for range keys {
				a.Keys = append(a.Keys, mpQueryKey(r))
			}
			alts = append(alts, a)
		}
		f.Terms = append(f.Terms, alts)
	}
	if r.IntN(2) == 0 {
		f.Prefix = make([][]string, max(0, terms-r.IntN(2))) // sometimes shorter than Terms
		for i := range f.Prefix {
			if r.IntN(2) == 0 {
				for range 1 + r.IntN(2) {
					f.Prefix[i] = append(f.Prefix[i], mpPrefixes[r.IntN(len(mpPrefixes))])
				}
			}
		}
	}
	switch r.IntN(12) {
	case 0:
		f.Limit = 0
	case 1:
		f.Limit = -1 - r.IntN(3)
	case 2, 3, 4, 5:
		f.Limit = 1 + r.IntN(4)
	case 6, 7, 8:
		f.Limit = 5 + r.IntN(30)
	case 9:
		f.Limit = 50
	default:
		f.Limit = 100000
	}
	f.Viewer = mpViewers[r.IntN(len(mpViewers))]
	partners := mpPartners[f.Viewer]
	if r.IntN(6) == 0 {
		partners = nil
		for _, p := range []string{"a", "b", "c", "x", "zzz"} {
			if r.IntN(2) == 0 {
				partners = append(partners, p)
			}
		}
	}
	return f, partners
}

// mpFinds is the fixed finds and n random ones, with each find's viewer's
// partners.
func mpFinds(r *rand.Rand, n int) ([]PeopleFind, [][]string) {
	finds := mpFixedFinds()
	partners := make([][]string, len(finds))
	for i, f := range finds {
		partners[i] = mpPartners[f.Viewer]
	}
	for range n {
		f, p := mpRandomFind(r)
		finds, partners = append(finds, f), append(partners, p)
	}
	return finds, partners
}

// mpFixedFinds are the corner cases, for every viewer.
func mpFixedFinds() []PeopleFind {
	one := func(keys ...string) []Alt { return []Alt{{Keys: keys}} }
	var out []PeopleFind
	for _, viewer := range mpViewers {
		for _, limit := range []int{1, 3, 50, 100000} {
			for _, f := range []PeopleFind{
				{Terms: [][]Alt{one("wang")}},
				{Terms: [][]Alt{one("wang")}, Prefix: [][]string{{"zz"}}},
				{Terms: [][]Alt{one("wang", "li")}},
				{Terms: [][]Alt{one("wang", "li", "wei")}},
				{Terms: [][]Alt{one("wang", "nobody")}},
				{Terms: [][]Alt{one("nobody")}},
				{Terms: [][]Alt{{{Keys: []string{"nobody"}}, {Keys: []string{"li"}}}}},
				{Terms: [][]Alt{{{}}}},
				{Terms: [][]Alt{{{}}}, Prefix: [][]string{{"wa"}}},
				{Terms: [][]Alt{nil}, Prefix: [][]string{{"q"}}},
				{Terms: [][]Alt{nil}, Prefix: [][]string{{"q", "wangz", "^q"}}},
				{Terms: [][]Alt{nil}, Prefix: [][]string{{"w"}}},
				{Terms: [][]Alt{nil}, Prefix: [][]string{{"^w"}}},
				{Terms: [][]Alt{nil}, Prefix: [][]string{{"zz"}}},
				{Terms: [][]Alt{nil}, Prefix: [][]string{{"zz0", "li"}}},
				{Terms: [][]Alt{nil}, Prefix: [][]string{{""}}},
				{Terms: [][]Alt{one("wang"), one("li")}},
				{Terms: [][]Alt{one("li"), nil}, Prefix: [][]string{nil, {"w"}}},
				{Terms: [][]Alt{one("nobody"), one("li")}, Prefix: [][]string{{"^w"}}},
				{Terms: [][]Alt{one("wang")}, Prefix: [][]string{{"w"}, {"l"}}}, // a prefix past the terms
			} {
				f.Viewer, f.Limit = viewer, limit
				out = append(out, f)
			}
		}
		out = append(out,
			PeopleFind{Viewer: viewer, Limit: 10},
			PeopleFind{Viewer: viewer, Terms: [][]Alt{}, Prefix: [][]string{{"w"}}, Limit: 10},
			PeopleFind{Viewer: viewer, Terms: [][]Alt{one("wang")}, Limit: 0},
			PeopleFind{Viewer: viewer, Terms: [][]Alt{one("wang")}, Limit: -1},
			PeopleFind{Viewer: viewer, Terms: [][]Alt{nil}, Prefix: [][]string{{""}}, Limit: 0})
	}
	return out
}

func mpShow(cs []PersonCandidate) string {
	var b strings.Builder
	for _, c := range cs[:min(len(cs), 12)] {
		fmt.Fprintf(&b, " %s", c.ID)
	}
	if len(cs) > 12 {
		fmt.Fprintf(&b, " … (%d)", len(cs))
	}
	return b.String()
}

// mpCheck compares ix.search with the model's answer.
func mpCheck(t *testing.T, ix *memPeople, f PeopleFind, partners []string, want []PersonCandidate) []PersonCandidate {
	t.Helper()
	got := ix.search(f, partners)
	same := len(got) == len(want)
	for i := 0; same && i < len(got); i++ {
		same = got[i].ID == want[i].ID && maps.Equal(got[i].Names, want[i].Names)
	}
	if !same {
		t.Fatalf("search %+v (partners %v), %d documents, %d sorted:\n got%s\nwant%s",
			f, partners, len(ix.docs), ix.sorted, mpShow(got), mpShow(want))
	}
	for i, c := range got {
		if !maps.Equal(c.Names, want[i].Names) {
			t.Fatalf("search %+v: %s has names %q, want %q", f, c.ID, c.Names, want[i].Names)
		}
	}
	return got
}

// mpStats counts what the finds exercised.
type mpStats struct {
	finds, nonEmpty, cut, tailCut, interleaved int
}

// mpCheckAll checks every find, and counts how many return something, how
// many the limit cuts short (with matches in the unsorted tail), and how
// many return a person of the tail before one of the sorted part.
func mpCheckAll(t *testing.T, ix *memPeople, m *mpModel, finds []PeopleFind, partners [][]string) mpStats {
	t.Helper()
	var st mpStats
	inTail := func(id string) bool { return ix.byID[id] >= uint32(ix.sorted) }
	for i, f := range finds {
		all := f
		all.Limit = 1 << 30
		every := m.search(all, partners[i])
		var want []PersonCandidate
		if f.Limit > 0 {
			want = every[:min(len(every), f.Limit)]
		}
		got := mpCheck(t, ix, f, partners[i], want)
		st.finds++
		if len(got) > 0 {
			st.nonEmpty++
		}
		if f.Limit > 0 && len(every) > f.Limit {
			st.cut++
			if slices.ContainsFunc(every, func(c PersonCandidate) bool { return inTail(c.ID) }) {
				st.tailCut++
			}
		}
		for j := 1; j < len(got); j++ {
			if inTail(got[j-1].ID) && !inTail(got[j].ID) {
				st.interleaved++
				break
			}
		}
	}
	return st
}

// mpCheckState compares the index's bookkeeping with the model.
func mpCheckState(t *testing.T, ix *memPeople, m *mpModel) {
	t.Helper()
	if len(ix.byID) != len(m.live) {
		t.Fatalf("byID has %d people, model %d", len(ix.byID), len(m.live))
	}
	partners, liveKeys := 0, 0
	for id, p := range m.live {
		n, ok := ix.byID[id]
		if !ok || int(n) >= len(ix.docs) {
			t.Fatalf("byID[%s] = %d, %v with %d documents", id, n, ok, len(ix.docs))
		}
		d := ix.docs[n]
		if d.dead || d.id != id || d.version != p.src.Version || d.names != packTitles(p.src.Names) {
			t.Fatalf("document %d for %s: %+v, want version %d", n, id, d, p.src.Version)
		}
		for k := range p.keys {
			if _, found := slices.BinarySearch(ix.postings[k], n); !found {
				t.Fatalf("postings of %q %v lack %s (%d)", k, ix.postings[k], id, n)
			}
		}
		if p.src.Visibility == visibilityPartners {
			partners++
		}
		liveKeys += len(p.keys)
	}
	if want := len(ix.docs) - len(m.live); ix.dead != want {
		t.Errorf("ix.dead = %d, want %d", ix.dead, want)
	}
	if ix.entries != m.entries {
		t.Errorf("ix.entries = %d, want %d", ix.entries, m.entries)
	}
	if got := ix.partners.Load(); got != int64(partners) {
		t.Errorf("ix.partners = %d, want %d live people for partners", got, partners)
	}
	if ix.sorted > len(ix.docs) {
		t.Fatalf("sorted %d of %d documents", ix.sorted, len(ix.docs))
	}
	for n := 1; n < ix.sorted; n++ {
		if ix.docs[n-1].id >= ix.docs[n].id {
			t.Fatalf("documents %d and %d of the %d sorted are %s, %s", n-1, n, ix.sorted, ix.docs[n-1].id, ix.docs[n].id)
		}
	}
	liveEntries := 0
	for key, list := range ix.postings {
		for i, n := range list {
			if int(n) >= len(ix.docs) || i > 0 && list[i-1] >= n {
				t.Fatalf("postings of %q are %v with %d documents", key, list, len(ix.docs))
			}
			if d := ix.docs[n]; !d.dead {
				if p := m.live[d.id]; p == nil || !p.keys[key] {
					t.Fatalf("postings of %q hold %s (%d), which lacks it", key, d.id, n)
				}
				liveEntries++
			}
		}
	}
	if liveEntries != liveKeys {
		t.Errorf("postings hold %d live entries, want %d", liveEntries, liveKeys)
	}
	var keys []string
	ix.keys.scan("", "", func(k string) bool { keys = append(keys, k); return true })
	if want := slices.Sorted(maps.Keys(ix.postings)); !slices.Equal(keys, want) {
		t.Fatalf("keys hold %d keys, postings %d:\n%q\n%q", len(keys), len(want), keys, want)
	}
}

// mpCheckCompacted checks what compact promises.
func mpCheckCompacted(t *testing.T, ix *memPeople, m *mpModel) {
	t.Helper()
	if ix.sorted != len(ix.docs) || ix.dead != 0 || len(ix.docs) != len(m.live) {
		t.Fatalf("after compact: %d documents, %d sorted, %d dead; want %d, all sorted, none dead",
			len(ix.docs), ix.sorted, ix.dead, len(m.live))
	}
	entries := 0
	for _, p := range m.live {
		entries += len(p.keys)
	}
	if ix.entries != entries {
		t.Errorf("after compact: %d entries, want %d, the live people's distinct keys", ix.entries, entries)
	}
	for key, list := range ix.postings {
		if len(list) == 0 {
			t.Errorf("after compact: empty postings for %q", key)
		}
	}
	mpCheckState(t, ix, m)
}

// mpRangeKeys returns how many keys with postings start with prefix and
// how many entries they hold, as addRange counts them.
func mpRangeKeys(ix *memPeople, prefix string) (keys, total int) {
	for key, list := range ix.postings {
		if strings.HasPrefix(key, prefix) && len(list) > 0 {
			keys++
			total += len(list)
		}
	}
	return keys, total
}

// mpLoad builds an index as MemoryPeople.Load does, from srcs in the order
// given.
func mpLoad(srcs []PersonSource, keys [][]string) (*memPeople, *mpModel) {
	ix, m := newMemPeople(), newMPModel()
	for i, s := range srcs {
		m.put(ix, s, keys[i])
	}
	return ix, m
}

func TestPeopleSearchMatchesBruteForce(t *testing.T) {
	for _, shuffled := range []bool{false, true} {
		name := "in id order"
		if shuffled {
			name = "shuffled"
		}
		t.Run(name, func(t *testing.T) {
			seed := uint64(11)
			if shuffled {
				seed = 12
			}
			r := rand.New(rand.NewPCG(seed, 13))
			const people = 2000
			versions := map[string]int64{}
			var srcs []PersonSource
			var keys [][]string
			for i := range people {
				id := fmt.Sprintf("p-%06d", 3*i+1)
				versions[id] = 1 + r.Int64N(4)
				s := mpRandomSource(r, id, versions[id])
				k := mpRandomKeys(r)
				if r.IntN(30) == 0 {
					s.Erased, k = true, nil // the load reads erased people too
				}
				srcs, keys = append(srcs, s), append(keys, k)
			}
			if shuffled {
				perm := r.Perm(people)
				srcs2, keys2 := make([]PersonSource, people), make([][]string, people)
				for i, j := range perm {
					srcs2[i], keys2[i] = srcs[j], keys[j]
				}
				srcs, keys = srcs2, keys2
			}
			ix, m := mpLoad(srcs, keys)
			if shuffled == (ix.sorted == len(ix.docs)) {
				t.Fatalf("before finishLoad: %d of %d documents sorted", ix.sorted, len(ix.docs))
			}
			ix.finishLoad()
			if ix.sorted != len(ix.docs) {
				t.Fatalf("after finishLoad: %d of %d documents sorted", ix.sorted, len(ix.docs))
			}
			if shuffled {
				m.compact() // finishLoad renumbered
				mpCheckCompacted(t, ix, m)
			} else {
				mpCheckState(t, ix, m)
			}

			// The ranges must be merged (unionLists, whose two paths its own
			// test covers), "w" through the bitmap.
			if k, total := mpRangeKeys(ix, "w"); k <= rangeCursors || total < len(ix.docs)/unionSortBelow {
				t.Fatalf(`range "w": %d keys, %d entries of %d documents: not merged through a bitmap`, k, total, len(ix.docs))
			}
			if k, _ := mpRangeKeys(ix, "zz"); k <= rangeCursors {
				t.Fatalf(`range "zz": %d keys: not merged`, k)
			}

			finds, partners := mpFinds(r, 500)
			st := mpCheckAll(t, ix, m, finds, partners)
			t.Logf("loaded: %+v", st)
			if st.nonEmpty < st.finds/4 || st.nonEmpty > st.finds*9/10 || st.cut < 100 {
				t.Fatalf("finds too uniform: %+v", st)
			}

			// Changes followed: new versions with other keys or another
			// visibility, erasures, stale versions, new people below,
			// between and above the others, erased people back.
			renew := func(id string) {
				versions[id] += 1 + r.Int64N(2)
				m.put(ix, mpRandomSource(r, id, versions[id]), mpRandomKeys(r))
			}
			follow := func(fresh []string) {
				known := slices.Sorted(maps.Keys(versions))
				for _, i := range r.Perm(len(known))[:len(known)/6] {
					id := known[i]
					switch p := m.live[id]; {
					case r.IntN(5) == 0:
						versions[id]++
						m.put(ix, PersonSource{ID: id, Version: versions[id], Erased: true}, nil)
					case p != nil && r.IntN(3) == 0:
						versions[id]++
						s := p.src
						s.Version = versions[id]
						s.Visibility = mpVis[(slices.Index(mpVis, s.Visibility)+1+r.IntN(2))%len(mpVis)]
						m.put(ix, s, slices.Collect(maps.Keys(p.keys)))
					default:
						renew(id)
					}
				}
				for _, id := range known[:60] {
					if p := m.live[id]; p != nil {
						m.put(ix, mpRandomSource(r, id, p.src.Version-1), mpRandomKeys(r))
					}
				}
				for _, id := range fresh {
					versions[id] = 0
					renew(id)
				}
				for _, id := range known[len(known)/2:] {
					if m.live[id] == nil && r.IntN(2) == 0 {
						renew(id)
					}
				}
			}
			fresh := []string{"p-000000"}
			for _, i := range r.Perm(people)[:150] {
				fresh = append(fresh, fmt.Sprintf("p-%06d", 3*i))
			}
			for i := range 30 {
				fresh = append(fresh, fmt.Sprintf("p-%06d", 6000+i))
			}
			follow(fresh)
			mpCheckState(t, ix, m)
			if len(ix.docs)-ix.sorted < 300 {
				t.Fatalf("after the changes only %d of %d documents are past the sorted ones", len(ix.docs)-ix.sorted, len(ix.docs))
			}
			st = mpCheckAll(t, ix, m, finds, partners)
			t.Logf("changed: %+v, %d of %d documents sorted", st, ix.sorted, len(ix.docs))
			if st.tailCut < 100 || st.interleaved < 50 {
				t.Fatalf("finds do not exercise the unsorted tail: %+v", st)
			}
			before := make([][]PersonCandidate, len(finds))
			for i, f := range finds {
				before[i] = ix.search(f, partners[i])
			}

			ix.compact()
			m.compact()
			mpCheckCompacted(t, ix, m)
			mpCheckAll(t, ix, m, finds, partners)
			for i, f := range finds {
				got := ix.search(f, partners[i])
				if mpShow(got) != mpShow(before[i]) {
					t.Fatalf("search %+v after compact:\n got%s\nwant%s", f, mpShow(got), mpShow(before[i]))
				}
			}

			// Changes after compaction land past the renumbered people.
			fresh = nil
			for _, i := range r.Perm(people)[:100] {
				fresh = append(fresh, fmt.Sprintf("p-%06d", 3*i+2))
			}
			for i := range 20 {
				fresh = append(fresh, fmt.Sprintf("p-%06d", 7000+i))
			}
			follow(fresh)
			mpCheckState(t, ix, m)
			st = mpCheckAll(t, ix, m, finds, partners)
			t.Logf("changed: %+v, %d of %d documents sorted", st, ix.sorted, len(ix.docs))
			if st.tailCut < 100 || st.interleaved < 50 {
				t.Fatalf("finds do not exercise the unsorted tail: %+v", st)
			}
			ix.compact()
			m.compact()
			mpCheckCompacted(t, ix, m)
			mpCheckAll(t, ix, m, finds, partners)
		})
	}
}

// TestPeopleFinishLoadRenumbers loads people out of id order in several
// ways: finishLoad must leave every document numbered in id order, and
// searches must still answer by definition.
func TestPeopleFinishLoadRenumbers(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 18))
	const people = 400
	cases := []struct {
		name     string
		order    func([]PersonSource, [][]string) ([]PersonSource, [][]string)
		renumber bool // whether the load comes out of id order
	}{
		{"in order", func(s []PersonSource, k [][]string) ([]PersonSource, [][]string) { return s, k }, false},
		{"shuffled", func(s []PersonSource, k [][]string) ([]PersonSource, [][]string) {
			perm := r.Perm(len(s))
			s2, k2 := make([]PersonSource, len(s)), make([][]string, len(s))
			for i, j := range perm {
				s2[i], k2[i] = s[j], k[j]
			}
			return s2, k2
		}, true},
		{"reversed", func(s []PersonSource, k [][]string) ([]PersonSource, [][]string) {
			slices.Reverse(s)
			slices.Reverse(k)
			return s, k
		}, true},
		{"first last", func(s []PersonSource, k [][]string) ([]PersonSource, [][]string) {
			return append(s[1:], s[0]), append(k[1:], k[0])
		}, true},
		{"two swapped", func(s []PersonSource, k [][]string) ([]PersonSource, [][]string) {
			i := people / 2
			s[i], s[i+1] = s[i+1], s[i]
			k[i], k[i+1] = k[i+1], k[i]
			return s, k
		}, true},
		{"one twice", func(s []PersonSource, k [][]string) ([]PersonSource, [][]string) {
			again := s[people/3]
			again.Version++
			again.Visibility = visibilityPartners
			return append(s, again), append(k, []string{"wang", "zz03"})
		}, true},
	}
	finds, partners := mpFinds(r, 200)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var srcs []PersonSource
			var keys [][]string
			for i := range people {
				s := mpRandomSource(r, fmt.Sprintf("p-%06d", i), 1+r.Int64N(3))
				k := mpRandomKeys(r)
				if r.IntN(20) == 0 {
					s.Erased, k = true, nil
				}
				srcs, keys = append(srcs, s), append(keys, k)
			}
			srcs, keys = c.order(srcs, keys)
			ix, m := mpLoad(srcs, keys)
			if got := ix.sorted < len(ix.docs); got != c.renumber {
				t.Fatalf("before finishLoad: %d of %d documents sorted", ix.sorted, len(ix.docs))
			}
			ix.finishLoad()
			if ix.sorted != len(ix.docs) {
				t.Fatalf("after finishLoad: %d of %d documents sorted", ix.sorted, len(ix.docs))
			}
			if !slices.IsSortedFunc(ix.docs, func(a, b memPerson) int { return cmpString(a.id, b.id) }) {
				t.Fatalf("after finishLoad: documents not in id order")
			}
			if c.renumber {
				m.compact()
				mpCheckCompacted(t, ix, m)
			} else {
				mpCheckState(t, ix, m)
			}
			st := mpCheckAll(t, ix, m, finds, partners)
			t.Logf("%+v", st)
			if st.nonEmpty < st.finds/4 || st.cut < 40 {
				t.Fatalf("finds too uniform: %+v", st)
			}
		})
	}
}

// TestUnionListsMatchesSetUnion compares unionLists with a set union, on
// both of its paths: sorting the few entries, and a bitmap of n documents.
func TestUnionListsMatchesSetUnion(t *testing.T) {
	r := rand.New(rand.NewPCG(19, 20))
	// list returns a sorted list of up to size distinct documents below n
	// drawn from the first pool of them, so that lists overlap.
	list := func(n, pool, size int) []uint32 {
		set := map[uint32]bool{}
		for range size {
			set[uint32(r.IntN(min(pool, n)))] = true
		}
		return slices.Sorted(maps.Keys(set))
	}
	sorts, bitmaps := 0, 0
	check := func(lists [][]uint32, n int) {
		t.Helper()
		total := 0
		set := map[uint32]bool{}
		for _, l := range lists {
			total += len(l)
			for _, d := range l {
				set[d] = true
			}
		}
		if total < n/unionSortBelow {
			sorts++
		} else {
			bitmaps++
		}
		in := make([][]uint32, len(lists))
		for i, l := range lists {
			in[i] = slices.Clone(l)
		}
		got := unionLists(lists, total, n)
		want := slices.Sorted(maps.Keys(set))
		if !slices.Equal(got, want) {
			t.Fatalf("unionLists of %d lists, %d entries, n %d:\n got %v\nwant %v", len(lists), total, n, got, want)
		}
		for i := 1; i < len(got); i++ {
			if got[i-1] >= got[i] {
				t.Fatalf("unionLists returned %v: not sorted without repeats", got)
			}
		}
		for i := range lists {
			if !slices.Equal(lists[i], in[i]) {
				t.Fatalf("unionLists changed its list %d: %v, was %v", i, lists[i], in[i])
			}
		}
	}
	// The corners of the bitmap's words.
	for _, n := range []int{1, 2, 63, 64, 65, 127, 128, 129, 1000, 1024} {
		for _, lists := range [][][]uint32{
			{{uint32(n - 1)}},
			{{0}, {uint32(n - 1)}},
			{{0, uint32(n - 1)}, {0, uint32(n - 1)}},
			{{}, {uint32(n / 2)}, {}},
			{{uint32(n - 1)}, {uint32(n / 2), uint32(n - 1)}, {0, uint32(n / 2)}},
		} {
			for i := range lists {
				lists[i] = slices.Compact(lists[i])
			}
			check(lists, n)
		}
	}
	for range 600 {
		var lists [][]uint32
		k := 1 + r.IntN(20)
		if r.IntN(2) == 0 {
			// Few entries among many documents.
			n := 20000 + r.IntN(300000)
			pool := 1 + r.IntN(n)
			if r.IntN(2) == 0 {
				pool = 1 + r.IntN(n/16) // the lists overlap
			}
			for range k {
				lists = append(lists, list(n, pool, r.IntN(n/unionSortBelow/k+1)))
			}
			// Sometimes the last document, whose word may be the last.
			if r.IntN(2) == 0 {
				i := r.IntN(k)
				lists[i] = append(slices.DeleteFunc(slices.Clone(lists[i]), func(d uint32) bool { return d == uint32(n-1) }), uint32(n-1))
			}
			check(lists, n)
			continue
		}
		// Many entries: dense lists over few documents.
		n := 1 + r.IntN(3000)
		for range k {
			lists = append(lists, list(n, n-r.IntN(n), r.IntN(2*n)))
		}
		if r.IntN(2) == 0 {
			i := r.IntN(k)
			lists[i] = append(slices.DeleteFunc(slices.Clone(lists[i]), func(d uint32) bool { return d == uint32(n-1) }), uint32(n-1))
		}
		check(lists, n)
	}
	t.Logf("%d unions by sorting, %d through a bitmap", sorts, bitmaps)
	if sorts < 100 || bitmaps < 100 {
		t.Fatalf("%d unions by sorting, %d through a bitmap: want 100 of each at least", sorts, bitmaps)
	}
}
