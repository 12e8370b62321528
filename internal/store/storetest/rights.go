package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/store"
)

func init() { Register("Rights", exerciseRights) }

// rightsFixture is a seeded hub with a film and a series > season > episode,
// all owned by vgtrk and visible to its partner cmg (not to "other").
type rightsFixture struct {
	*Services
	Rights                        *rights.Service
	Film, Series, Season, Episode string
}

func newRightsFixture(t testing.TB, db *store.DB) *rightsFixture {
	t.Helper()
	s := NewServices(db)
	SeedOrgs(t, s)
	x := &rightsFixture{Services: s, Rights: rights.NewService(db, s.Catalog)}
	ctx := As("vgtrk", auth.RoleEditor)
	mk := func(f catalog.Fields) string {
		ti, err := s.Catalog.Create(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		return ti.ID
	}
	film := TitleFields("Red Silk", catalog.VisibilityPartners)
	film.Localizations["zh-Hans"] = catalog.Localization{Title: "红丝绸"}
	film.Localizations["ru"] = catalog.Localization{Title: "Красный шёлк"}
	x.Film = mk(film)
	series := TitleFields("Serial", catalog.VisibilityPartners)
	series.Kind = catalog.KindSeries
	x.Series = mk(series)
	season := TitleFields("Season 1", catalog.VisibilityPartners)
	season.Kind, season.ParentID, season.SeasonNumber = catalog.KindSeason, x.Series, 1
	x.Season = mk(season)
	ep := TitleFields("Episode 1", catalog.VisibilityPartners)
	ep.Kind, ep.ParentID, ep.EpisodeNumber = catalog.KindEpisode, x.Season, 1
	x.Episode = mk(ep)
	return x
}

func sp(s string) *string { return &s }

// title creates a title of vgtrk's of the given kind under parent (a
// season or an episode numbered number) and returns its id.
func (x *rightsFixture) title(t testing.TB, name string, kind catalog.Kind, parent string, vis catalog.Visibility, number int) string {
	t.Helper()
	f := TitleFields(name, vis)
	f.Kind, f.ParentID = kind, parent
	switch kind {
	case catalog.KindSeason:
		f.SeasonNumber = number
	case catalog.KindEpisode:
		f.EpisodeNumber = number
	}
	ti, err := x.Catalog.Create(As("vgtrk", auth.RoleEditor), f)
	if err != nil {
		t.Fatal(err)
	}
	return ti.ID
}

func terms(terr, except []string, media []rights.Media, start, end string, excl bool) rights.Terms {
	t := rights.Terms{Territories: terr, ExceptTerritories: except, Media: media, Start: start, Exclusive: excl}
	if end != "" {
		t.End = sp(end)
	}
	return t
}

var svod, freeTV, theatrical = rights.SVOD, rights.FreeTV, rights.Theatrical

func exerciseRights(t *testing.T, open func(t testing.TB) *store.DB) {
	t.Run("RecordListAndDelete", func(t *testing.T) {
		x := newRightsFixture(t, open(t))
		vg := As("vgtrk", auth.RoleEditor)
		h, err := x.Rights.AddHolding(vg, x.Film, rights.HoldingInput{Terms: rights.Terms{
			Territories: []string{"world"}, ExceptTerritories: []string{"CN"}, Media: []rights.Media{theatrical, svod},
			Languages: []string{"ru", "zh-hans:sub"}, Start: "2025-02-20", End: sp("2035-02-19"), Exclusive: true,
			Holdbacks: []rights.Holdback{{Territories: []string{"RU"}, Media: []rights.Media{svod}, Until: "2025-05-21"}}}})
		if err != nil {
			t.Fatal(err)
		}
		if h.Holder != "vgtrk" || h.Territories[0] != "WORLD" || h.Languages[1] != "zh-Hans:sub" {
			t.Fatalf("holding not canonical: %+v", h)
		}
		lt := terms([]string{"RU"}, nil, []rights.Media{svod}, "2025-06-01", "2026-05-31", true)
		if _, err := x.Rights.AddLicence(vg, x.Film, rights.LicenceInput{Licensee: "Кинопоиск", Terms: lt}); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("a licence for every language from a holding of two: %v", err)
		}
		lt.Languages = []string{"ru"}
		l, err := x.Rights.AddLicence(vg, x.Film, rights.LicenceInput{Licensee: "Кинопоиск", Terms: lt})
		if err != nil {
			t.Fatal(err)
		}
		// A partner reads both lists; the stored records round-trip.
		cm := As("cmg", auth.RoleViewer)
		hs, err := x.Rights.Holdings(cm, x.Film)
		if err != nil || len(hs) != 1 || hs[0].ID != h.ID || *hs[0].End != "2035-02-19" || len(hs[0].Holdbacks) != 1 || !within(hs[0].CreatedAt, h.CreatedAt) {
			t.Fatalf("holdings = %+v, %v", hs, err)
		}
		ls, err := x.Rights.Licences(cm, x.Film)
		if err != nil || len(ls) != 1 || ls[0].Licensee != "Кинопоиск" || ls[0].Licensor != "vgtrk" {
			t.Fatalf("licences = %+v, %v", ls, err)
		}
		// The holding backs the licence, so it cannot go first.
		if err := x.Rights.DeleteHolding(vg, x.Film, h.ID); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("delete backing holding: %v", err)
		}
		if err := x.Rights.DeleteLicence(As("cmg", auth.RoleAdmin), x.Film, l.ID); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("another org deleted the licence: %v", err)
		}
		if err := x.Rights.DeleteLicence(vg, x.Film, l.ID); err != nil {
			t.Fatal(err)
		}
		if err := x.Rights.DeleteHolding(vg, x.Film, h.ID); err != nil {
			t.Fatal(err)
		}
		if hs, _ := x.Rights.Holdings(vg, x.Film); len(hs) != 0 {
			t.Fatalf("holding survived: %+v", hs)
		}
	})
	t.Run("OnlyTheHolderWritesAndOnlyReadersSee", func(t *testing.T) {
		x := newRightsFixture(t, open(t))
		in := rights.HoldingInput{Holder: "vgtrk", Terms: terms([]string{"RU"}, nil, []rights.Media{svod}, "2025-01-01", "", false)}
		if _, err := x.Rights.AddHolding(As("cmg", auth.RoleAdmin), x.Film, in); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("cmg recorded vgtrk's holding: %v", err)
		}
		if _, err := x.Rights.AddHolding(As("vgtrk", auth.RoleViewer), x.Film, in); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("viewer recorded a holding: %v", err)
		}
		if _, err := x.Rights.AddHolding(As("other", auth.RoleAdmin), x.Film, rights.HoldingInput{Terms: in.Terms}); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("unrelated org reached an unreadable title: %v", err)
		}
		if _, err := x.Rights.Holdings(As("other", auth.RoleAdmin), x.Film); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("unrelated org listed holdings: %v", err)
		}
		q := rights.Query{Titles: []string{x.Film}, Territories: []string{"RU"}, Media: []rights.Media{svod}, Start: "2025-01-01"}
		if _, err := x.Rights.Query(As("other", auth.RoleViewer), q); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("unrelated org queried an unreadable title: %v", err)
		}
		bad := in.Terms
		bad.Territories = []string{"XX"}
		if _, err := x.Rights.AddHolding(As("vgtrk", auth.RoleEditor), x.Film, rights.HoldingInput{Terms: bad}); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("bad territory: %v", err)
		}
		if hs, _ := x.Rights.Holdings(As("vgtrk", auth.RoleViewer), x.Film); len(hs) != 0 {
			t.Fatalf("refused holdings were stored: %+v", hs)
		}
	})
	t.Run("ConflictNamesTheRecordAndStoresNothing", func(t *testing.T) {
		x := newRightsFixture(t, open(t))
		vg := As("vgtrk", auth.RoleEditor)
		if _, err := x.Rights.AddHolding(vg, x.Film, rights.HoldingInput{Terms: terms([]string{"WORLD"}, []string{"CN"}, []rights.Media{svod}, "2025-01-01", "2035-01-01", true)}); err != nil {
			t.Fatal(err)
		}
		first, err := x.Rights.AddLicence(vg, x.Film, rights.LicenceInput{Licensee: "kinopoisk", Terms: terms([]string{"RU"}, nil, []rights.Media{svod}, "2025-06-01", "2026-05-31", true)})
		if err != nil {
			t.Fatal(err)
		}
		_, err = x.Rights.AddLicence(vg, x.Film, rights.LicenceInput{Licensee: "okko", Terms: terms([]string{"CIS"}, nil, []rights.Media{svod}, "2026-05-31", "", false)})
		ae, ok := err.(*apperr.Error)
		if !ok || ae.Code != apperr.Conflict || len(ae.Refs) == 0 {
			t.Fatalf("err = %v", err)
		}
		r := ae.Refs[0].(rights.Reason)
		if r.Code != rights.ExclusiveLicence || r.Ref != first.ID || r.Licensee != "kinopoisk" || r.Territory != "RU" || r.Start != "2026-05-31" {
			t.Fatalf("reason = %+v", r)
		}
		if ls, _ := x.Rights.Licences(vg, x.Film); len(ls) != 1 {
			t.Fatalf("refused licence stored: %d licences", len(ls))
		}
	})
	t.Run("SeriesHoldingCoversEpisodes", func(t *testing.T) {
		x := newRightsFixture(t, open(t))
		vg := As("vgtrk", auth.RoleEditor)
		if _, err := x.Rights.AddHolding(vg, x.Series, rights.HoldingInput{Terms: terms([]string{"WORLD"}, nil, []rights.Media{freeTV}, "2025-01-01", "2030-12-31", true)}); err != nil {
			t.Fatal(err)
		}
		ep, err := x.Rights.AddLicence(vg, x.Episode, rights.LicenceInput{Licensee: "ntv", Terms: terms([]string{"RU"}, nil, []rights.Media{freeTV}, "2025-09-01", "2025-12-31", true)})
		if err != nil {
			t.Fatalf("episode licence from a series holding: %v", err)
		}
		_, err = x.Rights.AddLicence(vg, x.Series, rights.LicenceInput{Licensee: "ctc", Terms: terms([]string{"RU"}, nil, []rights.Media{freeTV}, "2025-12-01", "2026-02-28", false)})
		if !apperr.Is(err, apperr.Conflict) || err.(*apperr.Error).Refs[0].(rights.Reason).Ref != ep.ID {
			t.Fatalf("series licence over an exclusive episode licence: %v", err)
		}
		hs, err := x.Rights.Holdings(As("cmg", auth.RoleViewer), x.Episode)
		if err != nil || len(hs) != 1 || hs[0].TitleID != x.Series {
			t.Fatalf("episode does not show the inherited holding: %+v %v", hs, err)
		}
		// Rights keep their title: it cannot be deleted under them.
		if err := x.Catalog.Delete(vg, x.Episode, ""); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("deleted a licensed episode: %v", err)
		}
	})
	t.Run("CatalogueQueryPages", func(t *testing.T) { exerciseCatalogueQuery(t, open) })
	t.Run("ConcurrentExclusiveLicencesOneWins", func(t *testing.T) {
		x := newRightsFixture(t, open(t))
		vg := As("vgtrk", auth.RoleEditor)
		if _, err := x.Rights.AddHolding(vg, x.Film, rights.HoldingInput{Terms: terms([]string{"WORLD"}, nil, []rights.Media{svod}, "2025-01-01", "", true)}); err != nil {
			t.Fatal(err)
		}
		const n = 6
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = x.Rights.AddLicence(vg, x.Film, rights.LicenceInput{Licensee: fmt.Sprintf("buyer%d", i),
					Terms: terms([]string{"RU"}, nil, []rights.Media{svod}, fmt.Sprintf("2025-0%d-01", i+1), "2025-12-31", true)})
			}()
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			if err == nil {
				won++
			} else if !apperr.Is(err, apperr.Conflict) {
				t.Fatalf("unexpected error: %v", err)
			}
		}
		ls, _ := x.Rights.Licences(vg, x.Film)
		if won != 1 || len(ls) != 1 {
			t.Fatalf("%d succeeded, %d stored; want exactly one", won, len(ls))
		}
	})
	t.Run("BatchIsAllOrNothingUnlessKeepingGood", func(t *testing.T) {
		x := newRightsFixture(t, open(t))
		vg := As("vgtrk", auth.RoleEditor)
		items := []rights.ImportItem{
			{Key: "a1", TitleRef: x.Film, Terms: terms([]string{"RU"}, nil, []rights.Media{svod}, "2025-01-01", "", true)},
			{Key: "a2", TitleRef: x.Film, Terms: terms([]string{"XX"}, nil, []rights.Media{svod}, "2025-01-01", "", true)},
			{Key: "a3", TitleRef: "no-such-title", Terms: terms([]string{"RU"}, nil, []rights.Media{svod}, "2025-01-01", "", true)},
		}
		rep, err := x.Rights.Import(vg, rights.KindHoldings, items, false)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Committed || len(rep.Errors) != 2 || rep.Errors[0].Item != 1 || rep.Errors[0].Field != "territories[0]" || rep.Errors[1].Field != "title" {
			t.Fatalf("report = %+v", rep)
		}
		if hs, _ := x.Rights.Holdings(vg, x.Film); len(hs) != 0 {
			t.Fatalf("all-or-nothing import stored %d holdings", len(hs))
		}
		rep, err = x.Rights.Import(vg, rights.KindHoldings, items, true)
		if err != nil || !rep.Committed || rep.Created != 1 || len(rep.Errors) != 2 {
			t.Fatalf("keep-good report = %+v, %v", rep, err)
		}
		// The same key again replaces the record; a delete removes it.
		items[0].Terms = terms([]string{"RU", "BY"}, nil, []rights.Media{svod}, "2025-01-01", "", true)
		rep, err = x.Rights.Import(vg, rights.KindHoldings, items[:1], false)
		if err != nil || rep.Updated != 1 {
			t.Fatalf("update report = %+v, %v", rep, err)
		}
		hs, _ := x.Rights.Holdings(vg, x.Film)
		if len(hs) != 1 || len(hs[0].Territories) != 2 || hs[0].AvailID != "a1" {
			t.Fatalf("after update: %+v", hs)
		}
		rep, err = x.Rights.Import(vg, rights.KindHoldings, []rights.ImportItem{{Key: "a1", TitleRef: x.Film, Delete: true}}, false)
		if err != nil || rep.Deleted != 1 {
			t.Fatalf("delete report = %+v, %v", rep, err)
		}
		if hs, _ := x.Rights.Holdings(vg, x.Film); len(hs) != 0 {
			t.Fatalf("after delete: %+v", hs)
		}
	})
	t.Run("EngineAgreesWithRecording", func(t *testing.T) { exerciseRightsProperty(t, open) })
}

func exerciseCatalogueQuery(t *testing.T, open func(t testing.TB) *store.DB) {
	x := newRightsFixture(t, open(t))
	vg := As("vgtrk", auth.RoleEditor)
	var avail []string
	for i := range 7 {
		f := TitleFields(fmt.Sprintf("Film %d", i), catalog.VisibilityPartners)
		ti, err := x.Catalog.Create(vg, f)
		if err != nil {
			t.Fatal(err)
		}
		media := svod
		if i%3 == 2 {
			media = freeTV // not what is asked
		}
		if _, err := x.Rights.AddHolding(vg, ti.ID, rights.HoldingInput{Terms: terms([]string{"CIS"}, nil, []rights.Media{media}, "2025-01-01", "2027-12-31", true)}); err != nil {
			t.Fatal(err)
		}
		if i == 3 {
			if _, err := x.Rights.AddLicence(vg, ti.ID, rights.LicenceInput{Licensee: "okko", Terms: terms([]string{"RU"}, nil, []rights.Media{svod}, "2025-11-01", "2025-11-30", true)}); err != nil {
				t.Fatal(err)
			}
		}
		if media == svod && i != 3 {
			avail = append(avail, ti.ID)
		}
	}
	// A private title of cmg's with rights is invisible to vgtrk.
	hidden, err := x.Catalog.Create(As("cmg", auth.RoleEditor), TitleFields("Hidden", catalog.VisibilityPrivate))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := x.Rights.AddHolding(As("cmg", auth.RoleEditor), hidden.ID, rights.HoldingInput{Terms: terms([]string{"RU"}, nil, []rights.Media{svod}, "2025-01-01", "", true)}); err != nil {
		t.Fatal(err)
	}
	q := rights.Query{Territories: []string{"RU"}, Media: []rights.Media{svod}, Start: "2025-10-01", End: sp("2025-12-31"), Limit: 2}
	var got []string
	for page := 0; ; page++ {
		res, err := x.Rights.Query(As("vgtrk", auth.RoleViewer), q)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Results) > 2 || page > 10 {
			t.Fatalf("page %d has %d results", page, len(res.Results))
		}
		for _, r := range res.Results {
			if !r.Available || r.Holder != "vgtrk" {
				t.Fatalf("unavailable result listed: %+v", r)
			}
			got = append(got, r.TitleID)
		}
		if res.NextCursor == "" {
			break
		}
		q.Cursor = res.NextCursor
	}
	if fmt.Sprint(got) != fmt.Sprint(avail) {
		t.Fatalf("catalogue query found %v, want %v", got, avail)
	}
}

// exerciseRightsProperty asks random questions and then tries to record each
// as a licence: what the engine calls available must record, and what it
// refuses must be refused, as the state grows.
func exerciseRightsProperty(t *testing.T, open func(t testing.TB) *store.DB) {
	x := newRightsFixture(t, open(t))
	ctx := context.Background()
	_ = ctx
	for _, h := range []struct {
		org, title string
		t          rights.Terms
	}{
		{"vgtrk", x.Film, terms([]string{"WORLD"}, []string{"CN", "HK"}, []rights.Media{svod, freeTV, theatrical}, "2025-01-01", "2030-12-31", true)},
		{"cmg", x.Film, terms([]string{"CN", "HK"}, nil, []rights.Media{svod, freeTV}, "2025-01-01", "", true)},
		{"vgtrk", x.Series, terms([]string{"CIS"}, nil, []rights.Media{freeTV, rights.AVOD}, "2025-06-01", "2028-05-31", false)},
		{"cmg", x.Season, terms([]string{"CN"}, nil, []rights.Media{freeTV}, "2025-01-01", "2026-12-31", true)},
	} {
		if _, err := x.Rights.AddHolding(As(h.org, auth.RoleEditor), h.title, rights.HoldingInput{Terms: h.t}); err != nil {
			t.Fatalf("seed holding: %v", err)
		}
	}
	rng := rand.New(rand.NewPCG(5, 7))
	pick := func(list []string, n int) []string {
		out := []string{}
		for _, i := range rng.Perm(len(list))[:n] {
			out = append(out, list[i])
		}
		return out
	}
	titles := []string{x.Film, x.Film, x.Series, x.Season, x.Episode}
	places := []string{"RU", "BY", "KZ", "CN", "HK", "DE", "CIS", "EU"}
	media := []string{"svod", "free_tv", "theatrical", "avod"}
	langs := [][]string{nil, nil, {"ru"}, {"zh:sub"}}
	recorded, refused := 0, 0
	for i := range 60 {
		start := rights.Day(20089 + rng.IntN(6*365)) // 2025-01-01 onwards
		q := rights.Query{
			Titles:      []string{titles[rng.IntN(len(titles))]},
			Territories: pick(places, 1+rng.IntN(2)),
			Languages:   langs[rng.IntN(len(langs))],
			Start:       start.String(),
			Exclusive:   rng.IntN(2) == 0,
		}
		for _, m := range pick(media, 1+rng.IntN(2)) {
			q.Media = append(q.Media, rights.Media(m))
		}
		if rng.IntN(8) > 0 {
			q.End = sp((start + rights.Day(rng.IntN(400))).String())
		}
		res, err := x.Rights.Query(As("vgtrk", auth.RoleViewer), q)
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		r := res.Results[0]
		licensor := r.Holder
		if !r.Available {
			licensor = []string{"vgtrk", "cmg"}[rng.IntN(2)]
		}
		in := rights.LicenceInput{Licensee: fmt.Sprintf("buyer%d", i), Terms: rights.Terms{Territories: q.Territories,
			Media: q.Media, Languages: q.Languages, Start: q.Start, End: q.End, Exclusive: q.Exclusive}}
		_, err = x.Rights.AddLicence(As(licensor, auth.RoleEditor), q.Titles[0], in)
		switch {
		case r.Available && err != nil:
			t.Fatalf("step %d: engine said %s can grant %+v, recording failed: %v", i, licensor, q, err)
		case !r.Available && !apperr.Is(err, apperr.Conflict):
			t.Fatalf("step %d: engine refused %+v (%+v), recording by %s gave %v", i, q, r.Reasons, licensor, err)
		case r.Available:
			recorded++
		default:
			refused++
		}
	}
	if recorded == 0 || refused == 0 {
		t.Fatalf("the random requests never exercised both sides: %d recorded, %d refused", recorded, refused)
	}
}
