package rights

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/silkbridge/silkbridge/internal/auth"
)

// TestImportIndexDecidesAsTheFamilyScan: the in-memory index an import
// checks rows against decides every row exactly as the per-row family
// reload it replaced (kept below as oldDecide): the same outcome, the same
// error (up to the ids of records the run made) and the same records in the
// end, over random files on a film and a series hierarchy with other
// holders' exclusive holdings, claims, the importer's licences (so removals
// and replacements must keep them backed), replacements, deletes and bad rows.
func TestImportIndexDecidesAsTheFamilyScan(t *testing.T) {
	for seed := uint64(1); seed <= 300; seed++ {
		r := rand.New(rand.NewPCG(seed, 7))
		kind := KindHoldings
		if seed%3 == 0 {
			kind = KindLicences
		}
		w0 := randomWorld(r)
		items := randomItems(r, w0, kind)
		p := &auth.Principal{Org: "cmg", Role: auth.RoleEditor, Name: "ed"}
		now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		prep := make([]preparedItem, len(items))
		for i := range items {
			prep[i] = preparedItem{titleID: items[i].TitleRef}
			if c, err := items[i].Terms.Normalize(); err != nil && !items[i].Delete {
				prep[i].bad = err
			} else {
				prep[i].c = c
			}
		}
		// The way it was: the title's family loaded again for every row.
		old := w0.clone()
		var oldRes []string
		for i := range items {
			ch, out, err := oldDecide(old.familyFor(prep[i].titleID), p, kind, &items[i], &prep[i], now)
			oldRes = append(oldRes, old.describe(i, ch, out, err))
			if err == nil {
				old.apply(ch)
			}
		}
		// The index over the hierarchy, updated as rows apply.
		cur := w0.clone()
		x := newImportIndex(cur.hierarchy())
		var newRes []string
		for i := range items {
			ch, out, err := decideItem(x, p, kind, &items[i], &prep[i], now)
			newRes = append(newRes, cur.describe(i, ch, out, err))
			if err == nil {
				cur.apply(ch)
			}
		}
		for i := range items {
			if oldRes[i] != newRes[i] {
				t.Fatalf("seed %d item %d (%+v):\n before: %s\n now:    %s", seed, i, items[i], oldRes[i], newRes[i])
			}
		}
		if a, b := old.records(), cur.records(); a != b {
			t.Fatalf("seed %d: records differ\n before: %s\n now:    %s", seed, a, b)
		}
	}
}

// oldDecide is the rule an import applied to each row before the index,
// on the row's title's family as the store loaded it for a change.
func oldDecide(f *Family, p *auth.Principal, kind Kind, it *ImportItem, pr *preparedItem, now time.Time) (*Change, outcome, error) {
	if pr.bad != nil {
		return nil, none, pr.bad
	}
	titleID := pr.titleID
	ch := &Change{}
	if kind == KindHoldings {
		var old *Holding
		for _, h := range f.Holdings {
			if h.TitleID == titleID && h.Holder == p.Org && (h.AvailID == it.Key || h.ID == it.Key) {
				old = h
			}
		}
		next := *f
		next.Holdings = nil
		for _, h := range f.Holdings {
			if h != old {
				next.Holdings = append(next.Holdings, h)
			}
		}
		if old != nil {
			ch.DeleteHoldings = []string{old.ID}
		}
		if it.Delete {
			if old == nil {
				return ch, none, nil
			}
			if err := CheckHoldingRemoval(f, old.ID); err != nil {
				return nil, none, err
			}
			return ch, deleted, nil
		}
		h := &Holding{ID: newID(), TitleID: titleID, Holder: p.Org, Terms: it.Terms, AvailID: it.Key,
			CreatedAt: now, CreatedBy: p.Name, c: pr.c}
		done := created
		if old != nil {
			h.ID, h.CreatedAt, done = old.ID, old.CreatedAt, updated
		}
		h.Status = HoldingStatusFor(f, h, old)
		if err := CheckHolding(&next, h); err != nil {
			return nil, none, err
		}
		next.Holdings = append(next.Holdings, h)
		if err := checkStillBacked(f, &next, p.Org); err != nil {
			return nil, none, err
		}
		ch.AddHoldings = []*Holding{h}
		return ch, done, nil
	}
	var old *Licence
	for _, l := range f.Licences {
		if l.TitleID == titleID && l.Licensor == p.Org && (l.AvailID == it.Key || l.ID == it.Key) {
			old = l
		}
	}
	next := *f
	next.Licences = nil
	for _, l := range f.Licences {
		if l != old {
			next.Licences = append(next.Licences, l)
		}
	}
	if old != nil {
		ch.DeleteLicences = []string{old.ID}
	}
	if it.Delete {
		if old == nil {
			return ch, none, nil
		}
		return ch, deleted, nil
	}
	l := &Licence{ID: newID(), TitleID: titleID, Licensor: p.Org, Licensee: it.Licensee, Terms: it.Terms,
		AvailID: it.Key, Source: "avails", CreatedAt: now, CreatedBy: p.Name, c: pr.c}
	done := created
	if old != nil {
		l.ID, l.CreatedAt, done = old.ID, old.CreatedAt, updated
	}
	if err := CheckLicence(&next, l); err != nil {
		return nil, none, err
	}
	ch.AddLicences = []*Licence{l}
	return ch, done, nil
}

// world is a catalogue's rights in memory: a film and a series with a
// season and two episodes, and another organisation's film.
type world struct {
	parent  map[string]string
	keepers map[string][]string
	hs      []*Holding
	ls      []*Licence
	made    map[string]string // id of a record a row made -> "row<i>"
}

var worldTitles = []string{"film", "series", "season", "ep1", "ep2", "theirs"}

func randomWorld(r *rand.Rand) *world {
	w := &world{parent: map[string]string{"film": "", "series": "", "season": "series", "ep1": "season", "ep2": "season", "theirs": ""},
		keepers: map[string][]string{"film": {"cmg"}, "series": {"cmg", "ntv"}, "season": {"cmg"}, "ep1": {"cmg"},
			"ep2": {"cmg"}, "theirs": {"vgtrk"}}, made: map[string]string{}}
	for i := range 6 + r.IntN(10) {
		holder := []string{"cmg", "ntv", "vgtrk", "kino"}[r.IntN(4)]
		h := &Holding{ID: fmt.Sprintf("h%02d", i), TitleID: worldTitles[r.IntN(len(worldTitles))], Holder: holder,
			Terms: randomTerms(r), AvailID: fmt.Sprintf("K%d", r.IntN(5))}
		h.Status = []HoldingStatus{HoldingConfirmed, HoldingConfirmed, HoldingClaimed, HoldingRejected}[r.IntN(4)]
		h.c, _ = h.Terms.Normalize()
		w.hs = append(w.hs, h)
	}
	for i := range r.IntN(5) {
		l := &Licence{ID: fmt.Sprintf("l%02d", i), TitleID: worldTitles[r.IntN(len(worldTitles))],
			Licensor: []string{"cmg", "cmg", "ntv"}[r.IntN(3)], Licensee: []string{"buyer", "vgtrk"}[r.IntN(2)],
			Terms: randomTerms(r), AvailID: fmt.Sprintf("K%d", r.IntN(5))}
		l.c, _ = l.Terms.Normalize()
		w.ls = append(w.ls, l)
	}
	w.sort()
	return w
}

func randomTerms(r *rand.Rand) Terms {
	t := Terms{Territories: [][]string{{"RU"}, {"CN"}, {"WORLD"}, {"RU", "BY"}, {"CIS"}}[r.IntN(5)],
		Media: [][]Media{{SVOD}, {FreeTV}, {SVOD, FreeTV}}[r.IntN(3)], Exclusive: r.IntN(3) == 0,
		Start: fmt.Sprintf("202%d-0%d-01", 4+r.IntN(3), 1+r.IntN(9))}
	if r.IntN(4) > 0 {
		end := fmt.Sprintf("202%d-12-31", 6+r.IntN(3))
		t.End = &end
	}
	if r.IntN(3) == 0 {
		t.Languages = []string{[]string{"ru", "zh-Hans", "ru:dub"}[r.IntN(3)]}
	}
	return t
}

func randomItems(r *rand.Rand, w *world, kind Kind) []ImportItem {
	var items []ImportItem
	for range 10 + r.IntN(30) {
		it := ImportItem{Key: fmt.Sprintf("K%d", r.IntN(5)), TitleRef: worldTitles[r.IntN(len(worldTitles))], Terms: randomTerms(r)}
		switch n := r.IntN(20); {
		case n < 3:
			it.Delete = true
		case n == 3:
			it.Terms.Territories = []string{"XX"} // a bad cell
		case n == 4 && len(w.hs) > 0:
			it.Key = w.hs[r.IntN(len(w.hs))].ID // keyed by a record's id
		}
		if kind == KindLicences {
			it.Licensee = []string{"buyer", "vgtrk", "other"}[r.IntN(3)]
		}
		items = append(items, it)
	}
	return items
}

func (w *world) clone() *world {
	c := &world{parent: w.parent, keepers: w.keepers, made: map[string]string{}}
	c.hs = append(c.hs, w.hs...)
	c.ls = append(c.ls, w.ls...)
	return c
}

func (w *world) sort() {
	sort.Slice(w.hs, func(i, j int) bool {
		return w.hs[i].TitleID < w.hs[j].TitleID || w.hs[i].TitleID == w.hs[j].TitleID && w.hs[i].ID < w.hs[j].ID
	})
	sort.Slice(w.ls, func(i, j int) bool {
		return w.ls[i].TitleID < w.ls[j].TitleID || w.ls[i].TitleID == w.ls[j].TitleID && w.ls[i].ID < w.ls[j].ID
	})
}

// familyFor is the title's family as the store loaded it for a change:
// its chain's and descendants' records (claims too), with its keepers.
func (w *world) familyFor(id string) *Family {
	f := &Family{TitleID: id, Parent: w.parent, Keepers: w.keepers[id]}
	rel := f.related(id)
	for _, h := range w.hs {
		if rel[h.TitleID] {
			f.Holdings = append(f.Holdings, h)
		}
	}
	for _, l := range w.ls {
		if rel[l.TitleID] {
			f.Licences = append(f.Licences, l)
		}
	}
	return f
}

// hierarchy is the whole world as one hierarchy, a superset of each root's.
func (w *world) hierarchy() *Hierarchy {
	return &Hierarchy{Family: &Family{TitleID: "film", Parent: w.parent, Holdings: append([]*Holding(nil), w.hs...),
		Licences: append([]*Licence(nil), w.ls...)}, Keepers: w.keepers}
}

func (w *world) apply(ch *Change) {
	gone := map[string]bool{}
	for _, id := range append(append([]string{}, ch.DeleteHoldings...), ch.DeleteLicences...) {
		gone[id] = true
	}
	hs, ls := w.hs[:0:0], w.ls[:0:0]
	for _, h := range w.hs {
		if !gone[h.ID] {
			hs = append(hs, h)
		}
	}
	for _, l := range w.ls {
		if !gone[l.ID] {
			ls = append(ls, l)
		}
	}
	w.hs, w.ls = hs, ls
	w.hs = append(w.hs, ch.AddHoldings...)
	w.ls = append(w.ls, ch.AddLicences...)
	w.sort()
}

// name replaces the ids of records rows made with the row's name.
func (w *world) name(s string) string {
	for id, n := range w.made {
		s = strings.ReplaceAll(s, id, n)
	}
	return s
}

func (w *world) describe(i int, ch *Change, out outcome, err error) string {
	if err != nil {
		b, _ := json.Marshal(err)
		return w.name(fmt.Sprintf("error %v %s", err, b))
	}
	for _, h := range ch.AddHoldings {
		if _, known := w.made[h.ID]; !known && !strings.HasPrefix(h.ID, "h") {
			w.made[h.ID] = fmt.Sprintf("row%d", i)
		}
	}
	for _, l := range ch.AddLicences {
		if _, known := w.made[l.ID]; !known && !strings.HasPrefix(l.ID, "l") {
			w.made[l.ID] = fmt.Sprintf("row%d", i)
		}
	}
	var parts []string
	for _, h := range ch.AddHoldings {
		parts = append(parts, fmt.Sprintf("+h %s/%s %s %s", h.TitleID, h.AvailID, h.Status, w.name(h.ID)))
	}
	for _, l := range ch.AddLicences {
		parts = append(parts, fmt.Sprintf("+l %s/%s %s", l.TitleID, l.AvailID, w.name(l.ID)))
	}
	return w.name(fmt.Sprintf("outcome %d del %v %v %s", out, ch.DeleteHoldings, ch.DeleteLicences, strings.Join(parts, " ")))
}

func (w *world) records() string {
	var out []string
	for _, h := range w.hs {
		b, _ := json.Marshal(h.Terms)
		out = append(out, fmt.Sprintf("h %s %s %s %s %s", h.TitleID, h.Holder, h.AvailID, h.Status, b))
	}
	for _, l := range w.ls {
		b, _ := json.Marshal(l.Terms)
		out = append(out, fmt.Sprintf("l %s %s %s %s %s", l.TitleID, l.Licensor, l.Licensee, l.AvailID, b))
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}
