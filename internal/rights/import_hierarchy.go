package rights

import (
	"context"
	"errors"
	"sort"
)

// ImportStore is what a bounded import needs of the store besides Store.
// An import checks every row against the records of its title's hierarchy
// (a film, or a series with its seasons and episodes). Loading that family
// again for each row, as the first imports did, made an import quadratic in the
// rows on one title (9,500 rows took four minutes, holding the write lock
// all along); instead the hierarchy is read once, kept in memory and updated
// as rows are applied.
type ImportStore interface {
	// RightsHierarchies reads, without locking anything, the family of the
	// hierarchy root of each title (every holding, claim and licence on every
	// title of the hierarchy) with the keepers of each of its titles. The
	// map is keyed by the given title ids; titles sharing a root share the
	// family; a title that does not exist is absent.
	RightsHierarchies(ctx context.Context, titleIDs []string) (map[string]*Hierarchy, error)
	// RightsApplyHierarchies locks the hierarchies of titleIDs, loads them as
	// RightsHierarchies does, lets decide return the changes and writes them,
	// all in one transaction; callers keep it short (a hundred rows), so
	// the write lock is never held for long.
	// scope.Holder narrows what is read (see HierarchyScope).
	RightsApplyHierarchies(ctx context.Context, scope HierarchyScope, decide func(map[string]*Hierarchy) ([]*Change, error)) error
}

// HierarchyScope says which hierarchies a chunk reads, and how much of them.
type HierarchyScope struct {
	TitleIDs []string
	// Holder, when set, leaves out Holder's holdings except those whose
	// AvailID or id is among Keys. A chunk of a holdings import reads the
	// rows it may replace and the other holders' holdings it may clash with,
	// not the thousands of the importer's own holdings it cannot affect (a
	// title's whole family again for every chunk would make the import
	// quadratic once more). Only where the holder granted licences does a
	// row need all its holdings (checkStillBacked); decideItem then asks for
	// the whole hierarchy.
	Holder string
	Keys   []string
}

// Hierarchy is the family of a hierarchy root, as an import loads it.
type Hierarchy struct {
	Family *Family
	// Keepers are the owner and producers of each title of the hierarchy.
	Keepers map[string][]string
	// Partial is set when HierarchyScope.Holder left holdings out.
	Partial bool
}

// errNeedWhole makes an import read a chunk's hierarchies again, whole.
var errNeedWhole = errors.New("the import needs the whole hierarchy")

// importIndex holds a hierarchy's records by title and holder, so checking
// a row costs what the few records it can clash with cost, not the whole
// family. Slices are kept in (title, id) order, the order the store loads
// records in, so checks see records in the same order as before.
type importIndex struct {
	h        *Hierarchy
	holdings map[string]map[string][]*Holding // title, holder
	licences map[string][]*Licence            // title
	licensor map[string]int                   // "title\x00licensor": licences granted
	related  map[string]map[string]bool       // cache of Family.related
	// Records by "title\x00org\x00AvailID" and by id, to find the record a
	// row replaces without scanning the title's records.
	hKey map[string][]*Holding
	hID  map[string]*Holding
	lKey map[string][]*Licence
	lID  map[string]*Licence
}

func newImportIndex(h *Hierarchy) *importIndex {
	x := &importIndex{h: h, holdings: map[string]map[string][]*Holding{}, licences: map[string][]*Licence{},
		licensor: map[string]int{}, related: map[string]map[string]bool{},
		hKey: map[string][]*Holding{}, hID: map[string]*Holding{}, lKey: map[string][]*Licence{}, lID: map[string]*Licence{}}
	for _, r := range h.Family.Holdings {
		x.addHolding(r)
	}
	for _, l := range h.Family.Licences {
		x.addLicence(l)
	}
	return x
}

func (x *importIndex) addHolding(r *Holding) {
	m := x.holdings[r.TitleID]
	if m == nil {
		m = map[string][]*Holding{}
		x.holdings[r.TitleID] = m
	}
	s := m[r.Holder]
	i := sort.Search(len(s), func(i int) bool { return s[i].ID >= r.ID })
	s = append(s, nil)
	copy(s[i+1:], s[i:])
	s[i] = r
	m[r.Holder] = s
	k := r.TitleID + "\x00" + r.Holder + "\x00" + r.AvailID
	x.hKey[k] = append(x.hKey[k], r)
	x.hID[r.ID] = r
}

func (x *importIndex) removeHolding(r *Holding) {
	s := x.holdings[r.TitleID][r.Holder]
	i := sort.Search(len(s), func(i int) bool { return s[i].ID >= r.ID })
	if i < len(s) && s[i].ID == r.ID {
		x.holdings[r.TitleID][r.Holder] = append(s[:i], s[i+1:]...)
	}
	k := r.TitleID + "\x00" + r.Holder + "\x00" + r.AvailID
	x.hKey[k] = without(x.hKey[k], r)
	if x.hID[r.ID] == r {
		delete(x.hID, r.ID)
	}
}

func (x *importIndex) addLicence(l *Licence) {
	s := x.licences[l.TitleID]
	i := sort.Search(len(s), func(i int) bool { return s[i].ID >= l.ID })
	s = append(s, nil)
	copy(s[i+1:], s[i:])
	s[i] = l
	x.licences[l.TitleID] = s
	x.licensor[l.TitleID+"\x00"+l.Licensor]++
	k := l.TitleID + "\x00" + l.Licensor + "\x00" + l.AvailID
	x.lKey[k] = append(x.lKey[k], l)
	x.lID[l.ID] = l
}

func (x *importIndex) removeLicence(l *Licence) {
	s := x.licences[l.TitleID]
	i := sort.Search(len(s), func(i int) bool { return s[i].ID >= l.ID })
	if i < len(s) && s[i].ID == l.ID {
		x.licences[l.TitleID] = append(s[:i], s[i+1:]...)
		x.licensor[l.TitleID+"\x00"+l.Licensor]--
	}
	k := l.TitleID + "\x00" + l.Licensor + "\x00" + l.AvailID
	x.lKey[k] = without(x.lKey[k], l)
	if x.lID[l.ID] == l {
		delete(x.lID, l.ID)
	}
}

func without[T comparable](s []T, v T) []T {
	out := s[:0]
	for _, x := range s {
		if x != v {
			out = append(out, x)
		}
	}
	return out
}

// relatedOf is the title's chain and descendants, the titles its family
// holds (Family.related), cached as the hierarchy's shape never changes.
func (x *importIndex) relatedOf(id string) map[string]bool {
	r, ok := x.related[id]
	if !ok {
		r = x.h.Family.related(id)
		x.related[id] = r
	}
	return r
}

// sortedTitles returns the keys of set in id order, the store's order.
func sortedTitles(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for t := range set {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// family is the title's family as the store loads it for a change: its
// chain's and descendants' records, with the title's keepers, without the
// records in skip. It costs the records of the family, so it is built only
// where a rule needs them all.
func (x *importIndex) family(id string, skip ...any) *Family {
	f := &Family{TitleID: id, Parent: x.h.Family.Parent, Keepers: x.h.Keepers[id],
		Dated: x.h.Family.Dated}
	skipped := func(r any) bool {
		for _, s := range skip {
			if s == r {
				return true
			}
		}
		return false
	}
	for _, t := range sortedTitles(x.relatedOf(id)) {
		var hs []*Holding
		for _, s := range x.holdings[t] {
			hs = append(hs, s...)
		}
		sort.Slice(hs, func(i, j int) bool { return hs[i].ID < hs[j].ID })
		for _, h := range hs {
			if !skipped(h) {
				f.Holdings = append(f.Holdings, h)
			}
		}
		for _, l := range x.licences[t] {
			if !skipped(l) {
				f.Licences = append(f.Licences, l)
			}
		}
	}
	return f
}

// othersOnChain is the title's family reduced to what CheckHolding reads
// for a holding of holder: other holders' holdings on the title's chain.
func (x *importIndex) othersOnChain(id, holder string) *Family {
	f := &Family{TitleID: id, Parent: x.h.Family.Parent, Keepers: x.h.Keepers[id],
		Dated: x.h.Family.Dated}
	for t := range f.chain(id) {
		for org, s := range x.holdings[t] {
			if org != holder {
				f.Holdings = append(f.Holdings, s...)
			}
		}
	}
	sort.Slice(f.Holdings, func(i, j int) bool {
		a, b := f.Holdings[i], f.Holdings[j]
		if a.TitleID != b.TitleID {
			return a.TitleID < b.TitleID
		}
		return a.ID < b.ID
	})
	return f
}

// grants reports whether licensor granted any licence in the title's family.
func (x *importIndex) grants(id, licensor string) bool {
	for t := range x.relatedOf(id) {
		if x.licensor[t+"\x00"+licensor] > 0 {
			return true
		}
	}
	return false
}

// ownHolding is the holder's holding on the title whose AvailID or id is
// key; of several, the last in id order, as a scan of the family finds.
func (x *importIndex) ownHolding(id, holder, key string) *Holding {
	var found *Holding
	for _, h := range x.hKey[id+"\x00"+holder+"\x00"+key] {
		if found == nil || h.ID > found.ID {
			found = h
		}
	}
	if h := x.hID[key]; h != nil && h.TitleID == id && h.Holder == holder && (found == nil || h.ID > found.ID) {
		found = h
	}
	return found
}

// ownLicence is ownHolding for the licensor's licences.
func (x *importIndex) ownLicence(id, licensor, key string) *Licence {
	var found *Licence
	for _, l := range x.lKey[id+"\x00"+licensor+"\x00"+key] {
		if found == nil || l.ID > found.ID {
			found = l
		}
	}
	if l := x.lID[key]; l != nil && l.TitleID == id && l.Licensor == licensor && (found == nil || l.ID > found.ID) {
		found = l
	}
	return found
}

// apply records a change decided on the index.
func (x *importIndex) apply(old any, ch *Change) {
	switch o := old.(type) {
	case *Holding:
		if o != nil {
			x.removeHolding(o)
		}
	case *Licence:
		if o != nil {
			x.removeLicence(o)
		}
	}
	for _, h := range ch.AddHoldings {
		x.addHolding(h)
	}
	for _, l := range ch.AddLicences {
		x.addLicence(l)
	}
}
