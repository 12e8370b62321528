package storetest

import (
	"testing"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/licensing"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/store"
)

func init() { Register("RightsConditionsSettle", exerciseRightsConditionsSettle) }

// exerciseRightsConditionsSettle: a record written after its event was
// dated (recorded, imported, licensed) is stored with its window fixed from
// the date and its lag, and answers as available; a date for other
// territories leaves it waiting; an episode's own date beats its series';
// a date leaving no window is refused; dating an event is announced to the
// parties of the records it resolved.
func exerciseRightsConditionsSettle(t *testing.T, open func(t testing.TB) *store.DB) {
	waiting := func(terr []string, start, startLag, end, endLag string) rights.Terms {
		tm := terms(terr, nil, []rights.Media{svod}, "2025-01-01", "", false)
		tm.Avail = &rights.AvailDetail{StartCondition: start, StartLag: startLag, EndCondition: end, EndLag: endLag}
		return tm
	}
	t.Run("RecordedAfterDating", func(t *testing.T) {
		db := open(t)
		x := newRightsFixture(t, db)
		eps := hooks(t, db)
		vg := As("vgtrk", auth.RoleEditor)
		// A holding waiting before the date is resolved by dating it.
		early, err := x.Rights.AddHolding(vg, x.Film, rights.HoldingInput{Terms: waiting([]string{"RU"}, "Broadcast", "", "", "")})
		if err != nil {
			t.Fatal(err)
		}
		sh, err := x.Rights.AddHolding(vg, x.Series, rights.HoldingInput{Terms: waiting([]string{"KZ"}, "Theatrical", "", "", "")})
		if err != nil {
			t.Fatal(err)
		}
		sl, err := x.Rights.AddLicence(vg, x.Series, rights.LicenceInput{Licensee: "cmg", Terms: waiting([]string{"KZ"}, "Theatrical", "P10D", "", "")})
		if err != nil {
			t.Fatal(err)
		}
		got, err := x.Rights.ResolveCondition(vg, x.Series, rights.ConditionInput{Condition: "Theatrical", Date: "2025-09-12", Territories: []string{"RU", "KZ"}})
		if err != nil || len(got.Holdings) != 1 || got.Holdings[0] != sh.ID || len(got.Licences) != 1 || got.Licences[0] != sl.ID {
			t.Fatalf("dating the series' release = %+v %v", got, err)
		}
		got, err = x.Rights.ResolveCondition(vg, x.Film, rights.ConditionInput{Condition: "Broadcast", Date: "2025-03-01"})
		if err != nil || len(got.Holdings) != 1 || got.Holdings[0] != early.ID {
			t.Fatalf("dating the film's broadcast = %+v %v", got, err)
		}
		for org, want := range map[string]int{"vgtrk": 2, "cmg": 1, "other": 0} {
			if n := deliveredTypes(t, db, eps[org])["title.event_dated"]; n != want {
				t.Fatalf("%s heard title.event_dated %d times, want %d", org, n, want)
			}
		}

		// Recorded on the episode after the series' date: fixed from it plus the lag.
		h, err := x.Rights.AddHolding(vg, x.Episode, rights.HoldingInput{Terms: waiting([]string{"RU"}, "theatrical", "P30D", "", "")})
		if err != nil {
			t.Fatal(err)
		}
		if h.Start != "2025-10-12" || h.Avail != nil {
			t.Fatalf("recorded holding = start %s avail %+v", h.Start, h.Avail)
		}
		l, err := x.Rights.AddLicence(vg, x.Episode, rights.LicenceInput{Licensee: "cmg", Terms: waiting([]string{"RU"}, "Theatrical", "P60D", "Theatrical", "P1Y")})
		if err != nil {
			t.Fatal(err)
		}
		if l.Start != "2025-11-11" || l.End == nil || *l.End != "2026-09-12" || l.Avail != nil {
			t.Fatalf("recorded licence = %s..%v avail %+v", l.Start, l.End, l.Avail)
		}
		ls, err := x.Rights.Licences(vg, x.Episode)
		stored := map[string]string{}
		for _, x := range ls {
			if x.Avail == nil {
				stored[x.ID] = x.Start
			}
		}
		if err != nil || len(ls) != 2 || stored[l.ID] != "2025-11-11" || stored[sl.ID] != "2025-09-22" {
			t.Fatalf("stored licences = %v %v", stored, err)
		}
		res, err := x.Rights.Query(vg, rights.Query{Titles: []string{x.Episode}, Territories: []string{"RU"},
			Media: []rights.Media{svod}, Start: "2026-10-01", End: sp("2026-12-31")})
		if err != nil || !res.Results[0].Available || res.Results[0].Status != rights.ResultAvailable {
			t.Fatalf("answer after = %+v %v", res.Results[0], err)
		}

		// A date for RU and KZ does not cover BY: the record waits.
		by, err := x.Rights.AddHolding(vg, x.Episode, rights.HoldingInput{Terms: waiting([]string{"RU", "BY"}, "Theatrical", "", "", "")})
		if err != nil || by.Avail == nil || by.Avail.StartCondition != "Theatrical" {
			t.Fatalf("RU+BY holding = %+v %v", by, err)
		}

		// The episode's own date beats the series'.
		if _, err := x.Rights.ResolveCondition(vg, x.Episode, rights.ConditionInput{Condition: "Theatrical", Date: "2025-12-01"}); err != nil {
			t.Fatal(err)
		}
		own, err := x.Rights.AddHolding(vg, x.Episode, rights.HoldingInput{Terms: waiting([]string{"KZ"}, "Theatrical", "", "", "")})
		if err != nil || own.Start != "2025-12-01" || own.Avail != nil {
			t.Fatalf("episode's own date: %+v %v", own, err)
		}

		// A date that leaves no window is refused, naming the condition.
		bad := waiting([]string{"RU"}, "", "", "Theatrical", "")
		bad.Start = "2026-01-01"
		_, err = x.Rights.AddHolding(vg, x.Season, rights.HoldingInput{Terms: bad})
		var ae *apperr.Error
		if !apperr.Is(err, apperr.Invalid) || !asAppErr(err, &ae) || len(ae.Fields) != 1 ||
			ae.Fields[0].Field != "avail.end_condition" || ae.Fields[0].Code != rights.CodeSettleEmpty {
			t.Fatalf("empty window: %v", err)
		}
	})
	t.Run("ImportedAfterDating", func(t *testing.T) {
		db := open(t)
		x := newRightsFixture(t, db)
		vg := As("vgtrk", auth.RoleEditor)
		if _, err := x.Rights.ResolveCondition(vg, x.Film, rights.ConditionInput{Condition: "EST", Date: "2025-05-20"}); err != nil {
			t.Fatal(err)
		}
		rep, err := x.Rights.Import(vg, rights.KindHoldings, []rights.ImportItem{
			{Key: "av-1", TitleRef: x.Film, Terms: waiting([]string{"RU", "CN"}, "EST", "P1W", "", "")},
			{Key: "av-2", TitleRef: x.Film, Terms: waiting([]string{"DE"}, "Broadcast", "", "", "")},
		}, false)
		if err != nil || !rep.Committed || rep.Created != 2 || len(rep.Errors) != 0 {
			t.Fatalf("import = %+v %v", rep, err)
		}
		hs, err := x.Rights.Holdings(vg, x.Film)
		if err != nil || len(hs) != 2 {
			t.Fatalf("holdings = %+v %v", hs, err)
		}
		for _, h := range hs {
			switch h.AvailID {
			case "av-1":
				if h.Start != "2025-05-27" || h.Avail != nil {
					t.Fatalf("imported after dating: start %s avail %+v", h.Start, h.Avail)
				}
			case "av-2":
				if h.Avail == nil || h.Avail.StartCondition != "Broadcast" {
					t.Fatalf("an undated event was settled: %+v", h.Avail)
				}
			}
		}
		res, err := x.Rights.Query(vg, rights.Query{Titles: []string{x.Film}, Territories: []string{"CN"},
			Media: []rights.Media{svod}, Start: "2025-06-01", End: sp("2025-12-31")})
		if err != nil || !res.Results[0].Available {
			t.Fatalf("answer = %+v %v", res.Results[0], err)
		}
		// Importing the same sheet again updates the records in place.
		rep, err = x.Rights.Import(vg, rights.KindHoldings, []rights.ImportItem{
			{Key: "av-1", TitleRef: x.Film, Terms: waiting([]string{"RU", "CN"}, "EST", "P1W", "", "")}}, false)
		if err != nil || rep.Updated != 1 {
			t.Fatalf("re-import = %+v %v", rep, err)
		}
	})
	t.Run("LicensedOnAcceptAfterDating", func(t *testing.T) {
		db := open(t)
		x := NewLicensingFixture(t, db)
		cm, vg := As("cmg", auth.RoleEditor), As("vgtrk", auth.RoleEditor)
		if _, err := x.Rights.ResolveCondition(cm, x.Film, rights.ConditionInput{Condition: "Theatrical", Date: "2025-09-01", Territories: []string{"RU"}}); err != nil {
			t.Fatal(err)
		}
		in := RussianFreeTV(x.Film)
		in.Terms.Exclusive, in.Terms.End = false, nil
		in.Terms.Avail = &rights.AvailDetail{StartCondition: "Theatrical", EndCondition: "Theatrical", EndLag: "P4M"}
		r, err := x.Licensing.Submit(vg, in)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := x.Licensing.Accept(cm, r.ID, licensing.Move{}); err != nil {
			t.Fatal(err)
		}
		ls, err := x.Rights.Licences(vg, x.Film)
		if err != nil || len(ls) != 1 || ls[0].Start != "2025-09-01" || ls[0].End == nil || *ls[0].End != "2026-01-01" || ls[0].Avail != nil {
			t.Fatalf("licence on accept = %+v %v", ls, err)
		}
	})
}

func asAppErr(err error, into **apperr.Error) bool {
	ae, ok := err.(*apperr.Error)
	*into = ae
	return ok
}
