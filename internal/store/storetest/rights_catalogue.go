package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/store"
)

func init() { Register("RightsCatalogue", exerciseRightsCatalogue) }

// exerciseRightsCatalogue checks that the catalogue-wide query, which skips
// titles in SQL before evaluating the rest, lists exactly the titles that
// asking for each one by id calls available, over random rights and random
// questions (both matches, exclusive or not, with and without languages),
// in pages of several sizes.
func exerciseRightsCatalogue(t *testing.T, open func(t testing.TB) *store.DB) {
	t.Run("PagesAgreeWithTitleByTitle", func(t *testing.T) {
		x := newRightsFixture(t, open(t))
		vg := As("vgtrk", auth.RoleEditor)
		ids := []string{x.Film, x.Series, x.Season, x.Episode}
		for i := range 40 {
			ti, err := x.Catalog.Create(vg, TitleFields(fmt.Sprintf("Film %d", i), catalog.VisibilityPartners))
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, ti.ID)
		}
		rng := rand.New(rand.NewPCG(7, 11))
		places := [][]string{{"RU"}, {"CN"}, {"CIS"}, {"WORLD"}, {"EU"}}
		mediaPool := []rights.Media{svod, freeTV, theatrical}
		randTerms := func(excl bool) rights.Terms {
			var media []rights.Media
			for _, i := range rng.Perm(len(mediaPool))[:1+rng.IntN(2)] {
				media = append(media, mediaPool[i])
			}
			y := 2024 + rng.IntN(3)
			tm := terms(places[rng.IntN(len(places))], nil, media, fmt.Sprintf("%d-%02d-01", y, 1+rng.IntN(12)),
				fmt.Sprintf("%d-12-31", y+rng.IntN(2)), excl)
			if rng.IntN(3) == 0 {
				tm.Languages = []string{[]string{"ru", "zh-Hans", "en"}[rng.IntN(3)]}
			}
			return tm
		}
		for _, id := range ids {
			for range 1 + rng.IntN(2) {
				// Refusals (overlapping another's exclusive holding) are fine: the state is what it is.
				x.Rights.AddHolding(vg, id, rights.HoldingInput{Terms: randTerms(rng.IntN(2) == 0)})
			}
			for range rng.IntN(4) {
				x.Rights.AddLicence(vg, id, rights.LicenceInput{Licensee: "okko", Terms: randTerms(rng.IntN(2) == 0)})
			}
		}
		slices.Sort(ids)
		viewer := As("cmg", auth.RoleViewer)
		for n := range 60 {
			q := rights.Query{Territories: places[rng.IntN(len(places))], Media: []rights.Media{mediaPool[rng.IntN(len(mediaPool))]},
				Start: fmt.Sprintf("2025-%02d-01", 1+rng.IntN(12)), End: sp(fmt.Sprintf("%d-12-31", 2025+rng.IntN(2))),
				Exclusive: rng.IntN(2) == 0, Match: []rights.Match{rights.CoverEntire, rights.Overlap}[rng.IntN(2)]}
			if rng.IntN(3) == 0 {
				q.Languages = []string{"ru"}
			}
			var want []string
			for _, id := range ids {
				q.Titles = []string{id}
				res, err := x.Rights.Query(viewer, q)
				if err != nil {
					t.Fatal(err)
				}
				if res.Results[0].Available {
					want = append(want, id)
				}
			}
			// Pages of 3 end inside the first read of families; pages of
			// 13 and 50 often need more than one read (at least 16 titles
			// each) within the store's batch of candidates.
			q.Titles, q.Limit = nil, []int{3, 13, 50}[n%3]
			var got []string
			for page := 0; ; page++ {
				res, err := x.Rights.Query(viewer, q)
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range res.Results {
					got = append(got, r.TitleID)
				}
				if res.NextCursor == "" || page > len(ids) {
					break
				}
				q.Cursor = res.NextCursor
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("question %d %+v: catalogue lists %v, title by title %v", n, q, got, want)
			}
			// The store's candidates, taken a few at a time, are those taken at once.
			terr, _, _, _ := rights.ParseTerritories("territories", q.Territories, nil)
			media, _, _ := rights.ParseMedia("media", q.Media)
			from, _ := rights.ParseDay(q.Start)
			to, _ := rights.ParseDay(*q.End)
			cp := rights.CandidateParams{Viewer: "cmg", Territories: terr, Media: media, From: from, To: to,
				Blocking: rights.LicenceBlock(rng.IntN(3)), Limit: 1000}
			all, next, err := x.DB.RightsCandidates(context.Background(), cp)
			if err != nil || next != "" {
				t.Fatalf("candidates at once = %v, %q, %v", all, next, err)
			}
			var stepped []string
			for cp.Limit = 1 + rng.IntN(3); ; {
				ids, next, err := x.DB.RightsCandidates(context.Background(), cp)
				if err != nil {
					t.Fatal(err)
				}
				stepped = append(stepped, ids...)
				if next == "" {
					break
				}
				cp.After = next
			}
			if fmt.Sprint(stepped) != fmt.Sprint(all) {
				t.Fatalf("question %d: candidates %d at a time %v, at once %v", n, cp.Limit, stepped, all)
			}
		}
	})
}
