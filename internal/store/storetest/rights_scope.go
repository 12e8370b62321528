package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/store"
)

func init() { Register("RightsScope", exerciseRightsScope) }

// exerciseRightsScope checks that families narrowed to a question's scope
// (a series' question reads only its episodes' licences that can bear on it)
// answer every question exactly as whole families do, reasons included,
// over random hierarchies, random records (holdbacks, languages, exclusive
// or not, records no check would have allowed) and random questions, before
// and after licences are deleted and added.
func exerciseRightsScope(t *testing.T, open func(t testing.TB) *store.DB) {
	db := open(t)
	x := newRightsFixture(t, db)
	rng := rand.New(rand.NewPCG(17, 75))
	number := 0
	mk := func(name string, kind catalog.Kind, parent string, vis catalog.Visibility) string {
		number++
		return x.title(t, name, kind, parent, vis, number)
	}
	ids := []string{x.Film, x.Series, x.Season, x.Episode}
	for i := range 6 {
		vis := catalog.VisibilityPartners
		if i == 5 {
			vis = catalog.VisibilityPrivate // families read as cmg leave it out
		}
		series := mk(fmt.Sprintf("Series %d", i), catalog.KindSeries, "", vis)
		ids = append(ids, series)
		for s := range 1 + rng.IntN(3) {
			season := mk(fmt.Sprintf("Series %d season %d", i, s), catalog.KindSeason, series, vis)
			ids = append(ids, season)
			for e := range 1 + rng.IntN(5) {
				ids = append(ids, mk(fmt.Sprintf("Series %d %d.%d", i, s, e), catalog.KindEpisode, season, vis))
			}
		}
		if rng.IntN(2) == 0 { // an episode straight under the series
			ids = append(ids, mk(fmt.Sprintf("Series %d special", i), catalog.KindEpisode, series, vis))
		}
		ids = append(ids, mk(fmt.Sprintf("Film %d", i), catalog.KindFilm, "", vis))
	}
	places := [][]string{{"RU"}, {"CN"}, {"CIS"}, {"WORLD"}, {"EU"}, {"ASEAN", "KZ"}}
	mediaPool := []rights.Media{rights.SVOD, rights.FreeTV, rights.Theatrical, rights.PayTV}
	randMedia := func() []rights.Media {
		var m []rights.Media
		for _, i := range rng.Perm(len(mediaPool))[:1+rng.IntN(2)] {
			m = append(m, mediaPool[i])
		}
		return m
	}
	randTerms := func() rights.Terms {
		y := 2023 + rng.IntN(5)
		end := fmt.Sprintf("%d-%02d-28", y+1+rng.IntN(3), 1+rng.IntN(12))
		if rng.IntN(5) == 0 {
			end = ""
		}
		tm := terms(places[rng.IntN(len(places))], nil, randMedia(), fmt.Sprintf("%d-%02d-01", y, 1+rng.IntN(12)), end, rng.IntN(2) == 0)
		if rng.IntN(4) == 0 {
			tm.Languages = []string{[]string{"ru", "zh-Hans", "en:sub"}[rng.IntN(3)]}
		}
		if rng.IntN(4) == 0 {
			// Broad holdbacks, so that some reach questions the licence itself misses.
			hb := rights.Holdback{Territories: []string{"WORLD"}, Media: mediaPool, Until: fmt.Sprintf("%d-%02d-01", 2025+rng.IntN(4), 1+rng.IntN(12))}
			if rng.IntN(2) == 0 {
				hb.Territories, hb.Media = places[rng.IntN(len(places))], randMedia()
			}
			tm.Holdbacks = []rights.Holdback{hb}
		}
		if _, err := tm.Normalize(); err != nil {
			t.Fatal(err)
		}
		return tm
	}
	ctx := context.Background()
	var licenceIDs []string
	licenceTitle := map[string]string{}
	record := func(n int) {
		for i := range n {
			id := ids[rng.IntN(len(ids))]
			holder := []string{"vgtrk", "cmg"}[rng.IntN(2)]
			// Terms are drawn outside the transaction: t.Fatal must not end it.
			ch := &rights.Change{}
			if rng.IntN(3) == 0 {
				ch.AddHoldings = []*rights.Holding{{ID: fmt.Sprintf("h-%d-%d", n, i), TitleID: id, Holder: holder,
					Terms: randTerms(), Status: rights.HoldingConfirmed, CreatedAt: time.Now(), CreatedBy: "test"}}
			}
			lid := fmt.Sprintf("l-%d-%d", n, i)
			licenceIDs = append(licenceIDs, lid)
			licenceTitle[lid] = id
			ch.AddLicences = []*rights.Licence{{ID: lid, TitleID: id, Licensor: holder, Licensee: "okko",
				Terms: randTerms(), Source: "test", CreatedAt: time.Now(), CreatedBy: "test"}}
			err := db.RightsChange(ctx, id, func(*rights.Family) (*rights.Change, error) { return ch, nil })
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	left := 0
	compare := func(rounds int) {
		t.Helper()
		for range rounds {
			y := 2024 + rng.IntN(3)
			q := rights.Query{Territories: places[rng.IntN(len(places))], Media: randMedia(),
				Start: fmt.Sprintf("%d-%02d-01", y, 1+rng.IntN(12)), Exclusive: rng.IntN(2) == 0,
				Match: []rights.Match{rights.CoverEntire, rights.Overlap}[rng.IntN(2)]}
			if rng.IntN(4) > 0 {
				q.End = sp(fmt.Sprintf("%d-12-31", y+rng.IntN(2)))
			}
			if rng.IntN(3) == 0 {
				q.Languages = []string{"ru"}
			}
			r, err := q.Compile()
			if err != nil {
				t.Fatal(err)
			}
			var batch []string
			for _, i := range rng.Perm(len(ids))[:1+rng.IntN(len(ids))] {
				batch = append(batch, ids[i])
			}
			if rng.IntN(2) == 0 {
				batch = batch[:1]
			}
			viewer := []string{"", "cmg"}[rng.IntN(2)]
			var whole []*rights.Family
			if viewer == "" {
				whole, err = db.RightsFamilies(ctx, batch)
			} else {
				whole, err = db.RightsFamiliesFor(ctx, viewer, batch)
			}
			if err != nil {
				t.Fatal(err)
			}
			scoped, err := db.RightsFamiliesScoped(ctx, viewer, batch, r.Scope())
			if err != nil {
				t.Fatal(err)
			}
			for i, id := range batch {
				if (whole[i] == nil) != (scoped[i] == nil) {
					t.Fatalf("viewer %q, %s: whole family %v, scoped %v", viewer, id, whole[i] != nil, scoped[i] != nil)
				}
				if whole[i] == nil {
					continue
				}
				left += len(whole[i].Licences) - len(scoped[i].Licences)
				want, err := rights.Evaluate(whole[i], id, r)
				if err != nil {
					t.Fatal(err)
				}
				got, err := rights.Evaluate(scoped[i], id, r)
				if err != nil {
					t.Fatal(err)
				}
				w, _ := json.Marshal(want)
				g, _ := json.Marshal(got)
				if string(w) != string(g) {
					t.Fatalf("%+v on %s (batch of %d):\nwhole family: %s\nscoped:       %s", q, id, len(batch), w, g)
				}
			}
		}
	}
	record(120)
	compare(150)
	// Deleting licences (and adding others) changes what a scoped load reads.
	for _, id := range licenceIDs[:40] {
		title := licenceTitle[id]
		if err := db.RightsChange(ctx, title, func(*rights.Family) (*rights.Change, error) {
			return &rights.Change{DeleteLicences: []string{id}}, nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	record(40)
	compare(150)
	if left == 0 {
		t.Fatal("no scoped family left out a licence: the comparison proved nothing")
	}
}
