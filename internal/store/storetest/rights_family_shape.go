package storetest

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/store"
)

func init() { Register("RightsFamilyShape", exerciseRightsFamilyShape) }

// exerciseRightsFamilyShape checks which titles a family holds: each asked
// title's ancestors and all its descendants (a series' seasons and their
// episodes, an episode straight under a series), whatever else is asked in
// the same batch, and no family for a title the viewer may not read.
func exerciseRightsFamilyShape(t *testing.T, open func(t testing.TB) *store.DB) {
	db := open(t)
	x := newRightsFixture(t, db)
	parentOf := map[string]string{x.Film: "", x.Series: "", x.Season: x.Series, x.Episode: x.Season}
	mk := func(name string, kind catalog.Kind, parent string, vis catalog.Visibility, number int) string {
		id := x.title(t, name, kind, parent, vis, number)
		parentOf[id] = parent
		return id
	}
	season2 := mk("Season 2", catalog.KindSeason, x.Series, catalog.VisibilityPartners, 2)
	var eps []string
	for n := range 3 {
		eps = append(eps, mk("Episode 2."+string(rune('1'+n)), catalog.KindEpisode, season2, catalog.VisibilityPartners, n+1))
	}
	special := mk("Special", catalog.KindEpisode, x.Series, catalog.VisibilityPartners, 99)
	hidden := mk("Hidden serial", catalog.KindSeries, "", catalog.VisibilityPrivate, 0)
	hiddenSeason := mk("Hidden season", catalog.KindSeason, hidden, catalog.VisibilityPrivate, 1)
	mk("Hidden episode", catalog.KindEpisode, hiddenSeason, catalog.VisibilityPrivate, 1)

	// want is the family of id from the catalogue as built: its chain and
	// every title below it.
	want := func(id string) map[string]string {
		out := map[string]string{}
		for c := id; ; c = parentOf[c] {
			out[c] = parentOf[c]
			if parentOf[c] == "" {
				break
			}
		}
		below := map[string]bool{id: true}
		for grew := true; grew; {
			grew = false
			for c, p := range parentOf {
				if below[p] && !below[c] {
					below[c], grew = true, true
					out[c] = p
				}
			}
		}
		return out
	}
	batches := [][]string{
		{x.Series}, {season2}, {eps[1]}, {special}, {x.Film},
		{x.Series, x.Season, season2, x.Episode, eps[0], eps[2], special, x.Film},
		{eps[2], x.Season, hidden, x.Series},
		{hiddenSeason},
	}
	for _, ids := range batches {
		fams, err := db.RightsFamiliesFor(context.Background(), "cmg", ids)
		if err != nil {
			t.Fatal(err)
		}
		scoped, err := db.RightsFamiliesScoped(context.Background(), "cmg", ids, rights.Scope{})
		if err != nil {
			t.Fatal(err)
		}
		for i, id := range ids {
			for _, f := range []*rights.Family{fams[i], scoped[i]} {
				if id == hidden || id == hiddenSeason {
					if f != nil {
						t.Fatalf("batch %v: cmg got a family for a private title of vgtrk: %v", ids, f.Parent)
					}
					continue
				}
				if f == nil || f.TitleID != id {
					t.Fatalf("batch %v: no family for %s", ids, id)
				}
				if w := want(id); !maps.Equal(f.Parent, w) {
					t.Fatalf("batch %v: family of %s holds %v, want %v", ids, id, slices.Sorted(maps.Keys(f.Parent)), slices.Sorted(maps.Keys(w)))
				}
			}
		}
	}
	// A batch long enough for the store to read in two halves at once
	// gives every title the family it has when asked alone, records
	// included: the series' holding and licence reach the families of the
	// episodes in both halves, and the scoped read keeps a licence on an
	// episode below the asked series.
	vg := As("vgtrk", auth.RoleEditor)
	long := []string{x.Series, x.Season, season2, x.Episode, special, x.Film, hidden}
	for n := range 24 {
		long = append(long, mk(fmt.Sprintf("Episode 3.%d", n+1), catalog.KindEpisode, season2, catalog.VisibilityPartners, 10+n))
	}
	hold := terms([]string{"RU"}, nil, []rights.Media{freeTV}, "2025-01-01", "2030-12-31", true)
	if _, err := x.Rights.AddHolding(vg, x.Series, rights.HoldingInput{Terms: hold}); err != nil {
		t.Fatal(err)
	}
	for i, on := range []string{x.Series, long[len(long)-1]} {
		lt := terms([]string{"RU"}, nil, []rights.Media{freeTV}, fmt.Sprintf("202%d-01-01", 6+i), fmt.Sprintf("202%d-06-30", 6+i), true)
		if _, err := x.Rights.AddLicence(vg, on, rights.LicenceInput{Licensee: "Первый канал", Terms: lt}); err != nil {
			t.Fatal(err)
		}
	}
	scope := rights.Scope{Media: rights.MediaSet(1<<32 - 1), From: 0, To: rights.Forever, AnyLicence: true}
	scope.Territories, _ = rights.Country("RU")
	records := func(f *rights.Family) []string {
		var ids []string
		for _, h := range f.Holdings {
			ids = append(ids, "h "+h.TitleID+" "+h.ID)
		}
		for _, l := range f.Licences {
			ids = append(ids, "l "+l.TitleID+" "+l.ID)
		}
		return ids
	}
	for _, read := range []func([]string) ([]*rights.Family, error){
		func(ids []string) ([]*rights.Family, error) {
			return db.RightsFamiliesFor(context.Background(), "cmg", ids)
		},
		func(ids []string) ([]*rights.Family, error) {
			return db.RightsFamiliesScoped(context.Background(), "cmg", ids, scope)
		},
	} {
		fams, err := read(long)
		if err != nil {
			t.Fatal(err)
		}
		if len(fams) != len(long) {
			t.Fatalf("%d families for %d titles", len(fams), len(long))
		}
		withRecords := 0
		for i, id := range long {
			alone, err := read([]string{id})
			if err != nil {
				t.Fatal(err)
			}
			if (fams[i] == nil) != (alone[0] == nil) || id == hidden && fams[i] != nil {
				t.Fatalf("family of %s in a long batch: %v, alone: %v", id, fams[i] != nil, alone[0] != nil)
			}
			if fams[i] == nil {
				continue
			}
			if fams[i].TitleID != id || !maps.Equal(fams[i].Parent, alone[0].Parent) || !slices.Equal(records(fams[i]), records(alone[0])) {
				t.Fatalf("family of %s in a long batch holds %v with %v, alone %v with %v", id,
					slices.Sorted(maps.Keys(fams[i].Parent)), records(fams[i]), slices.Sorted(maps.Keys(alone[0].Parent)), records(alone[0]))
			}
			if len(fams[i].Holdings) > 0 && len(fams[i].Licences) > 0 {
				withRecords++
			}
		}
		if withRecords < len(long)-2 {
			t.Fatalf("only %d of %d families hold the series' records", withRecords, len(long))
		}
	}
	// Read without a viewer (changes, imports), the private series' family
	// is whole too.
	fams, err := db.RightsFamilies(context.Background(), []string{hidden, x.Series})
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range []string{hidden, x.Series} {
		if w := want(id); !maps.Equal(fams[i].Parent, w) {
			t.Fatalf("family of %s without a viewer holds %v, want %v", id, slices.Sorted(maps.Keys(fams[i].Parent)), slices.Sorted(maps.Keys(w)))
		}
	}
}
