package storetest

import (
	"testing"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/store"
)

func init() { Register("RightsConditions", exerciseRightsConditions) }

// exerciseRightsConditions: records waiting on an event store their
// conditions and lags, answer as conditional, and dating the event (by a
// keeper only) fixes the windows of the series' and its episodes' records in
// the territories named, audited, while the date is kept for the title.
func exerciseRightsConditions(t *testing.T, open func(t testing.TB) *store.DB) {
	t.Run("DatingAnEventResolvesTheSeries", func(t *testing.T) {
		db := open(t)
		x := newRightsFixture(t, db)
		vg := As("vgtrk", auth.RoleEditor)
		waiting := func(terr []string, start, lag string) rights.Terms {
			tm := terms(terr, nil, []rights.Media{svod}, "2025-01-01", "", false)
			tm.Avail = &rights.AvailDetail{StartCondition: start, StartLag: lag}
			return tm
		}
		h, err := x.Rights.AddHolding(vg, x.Series, rights.HoldingInput{Terms: waiting([]string{"RU"}, "theatrical", "p30d")})
		if err != nil {
			t.Fatal(err)
		}
		by, err := x.Rights.AddHolding(vg, x.Film, rights.HoldingInput{Terms: waiting([]string{"BY"}, "Theatrical", "")})
		if err != nil {
			t.Fatal(err)
		}
		// A licence waiting on the same event, opening later, lies inside the holding.
		l, err := x.Rights.AddLicence(vg, x.Episode, rights.LicenceInput{Licensee: "ntv", Terms: waiting([]string{"RU"}, "Theatrical", "P60D")})
		if err != nil {
			t.Fatal(err)
		}
		hs, err := x.Rights.Holdings(As("cmg", auth.RoleViewer), x.Episode)
		if err != nil || len(hs) != 1 || hs[0].Avail == nil || hs[0].Avail.StartCondition != "Theatrical" || hs[0].Avail.StartLag != "P30D" {
			t.Fatalf("stored = %+v %v", hs, err)
		}
		ask := rights.Query{Titles: []string{x.Episode}, Territories: []string{"RU"}, Media: []rights.Media{svod},
			Start: "2025-10-12", End: sp("2025-12-31")}
		res, err := x.Rights.Query(vg, ask)
		if err != nil || res.Results[0].Available || res.Results[0].Status != rights.ResultConditional ||
			res.Results[0].Reasons[0].Code != rights.StartConditional || res.Results[0].Reasons[0].Condition != "Theatrical" {
			t.Fatalf("before = %+v %v", res.Results[0], err)
		}
		in := rights.ConditionInput{Condition: "Theatrical", Date: "2025-09-12", Territories: []string{"RU"}}
		if _, err := x.Rights.ResolveCondition(As("cmg", auth.RoleAdmin), x.Series, in); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("a partner dated the owner's event: %v", err)
		}
		if _, err := x.Rights.ResolveCondition(vg, x.Series, rights.ConditionInput{Condition: "Premiere", Date: "2025-13-01"}); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("bad input: %v", err)
		}
		got, err := x.Rights.ResolveCondition(vg, x.Series, in)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Holdings) != 1 || got.Holdings[0] != h.ID || len(got.Licences) != 1 || got.Licences[0] != l.ID {
			t.Fatalf("resolved = %+v", got)
		}
		hs, _ = x.Rights.Holdings(vg, x.Episode)
		ls, _ := x.Rights.Licences(vg, x.Episode)
		if len(hs) != 1 || hs[0].ID != h.ID || hs[0].Start != "2025-10-12" || hs[0].Avail != nil ||
			len(ls) != 1 || ls[0].Start != "2025-11-11" || ls[0].Avail != nil {
			t.Fatalf("after: holdings %+v licences %+v", hs, ls)
		}
		film, _ := x.Rights.Holdings(vg, x.Film)
		if len(film) != 1 || film[0].ID != by.ID || film[0].Avail.StartCondition != "Theatrical" {
			t.Fatalf("another title's record changed: %+v", film)
		}
		res, err = x.Rights.Query(vg, ask)
		if err != nil || !res.Results[0].Available || res.Results[0].Status != rights.ResultAvailable {
			t.Fatalf("after = %+v %v", res.Results[0], err)
		}
		// Dating it again for the same territories replaces the date.
		in.Date = "2025-09-13"
		if _, err := x.Rights.ResolveCondition(vg, x.Series, in); err != nil {
			t.Fatal(err)
		}
		ds, err := x.Rights.ConditionDates(As("cmg", auth.RoleViewer), x.Series)
		if err != nil || len(ds) != 1 || ds[0].Date != "2025-09-13" || ds[0].Org != "vgtrk" || len(ds[0].Territories) != 1 || ds[0].Territories[0] != "RU" {
			t.Fatalf("dates = %+v %v", ds, err)
		}
		wantCounts(t, "vgtrk on the series", auditCounts(t, db, "vgtrk", x.Series), map[string]int{"title.created": 1, "title.condition_dated": 2})
		wantCounts(t, "vgtrk on the holding", auditCounts(t, db, "vgtrk", h.ID), map[string]int{"holding.created": 1, "holding.updated": 1})
		if _, err := x.Rights.ConditionDates(As("other", auth.RoleAdmin), x.Series); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("a stranger read the dates: %v", err)
		}
	})
}
