package rights

import (
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

// waitOn sets the window conditions of the record id in x ("Theatrical+P30D"
// for a start, "" for none), as an avails import stores them.
func (x *fam) waitOn(id, start, end string) {
	x.t.Helper()
	d := &AvailDetail{}
	d.StartCondition, d.StartLag, _ = strings.Cut(start, "+")
	d.EndCondition, d.EndLag, _ = strings.Cut(end, "+")
	for _, h := range x.f.Holdings {
		if h.ID == id {
			h.Avail, h.c = d, nil
			if _, err := h.Terms.Normalize(); err != nil {
				x.t.Fatal(err)
			}
			return
		}
	}
	for _, l := range x.f.Licences {
		if l.ID == id {
			l.Avail, l.c = d, nil
			if _, err := l.Terms.Normalize(); err != nil {
				x.t.Fatal(err)
			}
			return
		}
	}
	x.t.Fatalf("no record %s", id)
}

func conditions(res *Result) string {
	var out []string
	for _, r := range res.Reasons {
		if r.Condition != "" {
			out = append(out, string(r.Code)+"="+r.Condition)
		}
	}
	return strings.Join(out, " ")
}

// TestConditionalStart: a holding whose start waits on an event grants
// nothing, but the answer says the days are conditional (not unavailable)
// and names the event, whatever the match.
func TestConditionalStart(t *testing.T) {
	x := newFam(t)
	h := x.hold("film", "cmg", "RU svod 2025-01-01")
	x.waitOn(h, "Theatrical", "")
	for _, m := range []Match{CoverEntire, Overlap} {
		res := x.ask("film", "RU svod 2025-09-01..2025-12-31", m)
		if res.Available || res.Status != ResultConditional || len(res.AvailablePeriods) != 0 {
			t.Fatalf("%s: available=%v status=%s periods=%v", m, res.Available, res.Status, res.AvailablePeriods)
		}
		if codes(res) != "start_conditional:"+h || conditions(res) != "start_conditional=Theatrical" {
			t.Fatalf("%s: reasons %s (%s)", m, codes(res), conditions(res))
		}
	}
	// An exclusive licence in the way makes it unavailable whenever the event falls.
	x.lic("film", "cmg", "ntv", "RU svod 2025-10-01..2025-10-31 excl")
	if res := x.ask("film", "RU svod 2025-09-01..2025-12-31", CoverEntire); res.Status != ResultUnavailable {
		t.Fatalf("blocked: status %s, reasons %s", res.Status, codes(res))
	}
	// Dated rights beside it answer as before: available, with the waiting part explained.
	y := newFam(t)
	y.hold("film", "cmg", "RU svod 2025-01-01..2025-09-30")
	w := y.hold("film", "cmg", "RU svod 2025-10-01")
	y.waitOn(w, "Broadcast", "")
	res := y.ask("film", "RU svod 2025-09-01..2025-12-31", Overlap)
	if !res.Available || res.Status != ResultAvailable || codes(res) != "start_conditional:"+w {
		t.Fatalf("partly dated: %+v %s", res, codes(res))
	}
	if res.Reasons[0].Start != "2025-10-01" {
		t.Fatalf("conditional days start %s", res.Reasons[0].Start)
	}
	// A non-exclusive waiting holding asked exclusively is not exclusive, not conditional.
	z := newFam(t)
	n := z.hold("film", "cmg", "RU svod 2025-01-01")
	z.waitOn(n, "EST", "")
	if res := z.ask("film", "RU svod 2025-09-01..2025-12-31 excl", CoverEntire); res.Status != ResultUnavailable || codes(res) != "holding_not_exclusive" {
		t.Fatalf("exclusive ask: %s %s", res.Status, codes(res))
	}
}

// TestConditionalEnd: an exclusive licence whose end waits on an event
// blocks from its start on (it may still be running), reported as
// end_conditional; a holding whose end waits is conditional too.
func TestConditionalEnd(t *testing.T) {
	x := newFam(t)
	x.hold("film", "cmg", "WORLD svod 2020-01-01")
	l := x.lic("film", "cmg", "ntv", "RU svod 2025-01-01 excl")
	x.waitOn(l, "", "ESTStart")
	res := x.ask("film", "RU svod 2026-01-01..2026-12-31", CoverEntire)
	if res.Available || res.Status != ResultConditional || codes(res) != "end_conditional:"+l || conditions(res) != "end_conditional=ESTStart" {
		t.Fatalf("licence: %+v %s", res, codes(res))
	}
	if res.Reasons[0].Licensee != "ntv" {
		t.Fatalf("licensee %q", res.Reasons[0].Licensee)
	}
	// Before the licence starts nothing waits.
	if res := x.ask("film", "RU svod 2024-01-01..2024-12-31", CoverEntire); !res.Available || res.Status != ResultAvailable {
		t.Fatalf("before: %+v", res)
	}
	y := newFam(t)
	h := y.hold("film", "cmg", "RU svod 2020-01-01")
	y.waitOn(h, "", "Completed")
	if res := y.ask("film", "RU svod 2026-01-01..2026-12-31", CoverEntire); res.Status != ResultConditional || conditions(res) != "end_conditional=Completed" {
		t.Fatalf("holding: %+v", res)
	}
}

// TestConditionalLicences: a dated licence cannot be granted from a waiting
// holding; one waiting on the same event, opening no earlier, can.
func TestConditionalLicences(t *testing.T) {
	x := newFam(t)
	h := x.hold("film", "cmg", "RU svod 2025-01-01")
	x.waitOn(h, "Theatrical+P30D", "")
	grant := func(start string) error {
		l := &Licence{ID: "new", TitleID: "film", Licensor: "cmg", Licensee: "ntv", Terms: spec(t, "RU svod 2025-02-01..2027-01-01")}
		if start != "" {
			l.Avail = &AvailDetail{}
			l.Avail.StartCondition, l.Avail.StartLag, _ = strings.Cut(start, "+")
		}
		return CheckLicence(x.f, l)
	}
	err := grant("")
	if !apperr.Is(err, apperr.Conflict) || !strings.Contains(err.Error(), "start_conditional") {
		t.Fatalf("dated licence: %v", err)
	}
	if err := grant("Theatrical+P60D"); err != nil {
		t.Fatalf("same event, later: %v", err)
	}
	if err := grant("Theatrical+P1W"); err == nil {
		t.Fatal("same event, earlier than the holding: granted")
	}
	if err := grant("Broadcast+P60D"); err == nil {
		t.Fatal("another event: granted")
	}
	// A waiting holding backs nothing dated, so removing the dated one it would replace is refused.
	y := newFam(t)
	y.hold("film", "cmg", "RU svod 2025-01-01")
	w := y.hold("film", "cmg", "RU svod 2025-01-01")
	y.waitOn(w, "EST", "")
	y.lic("film", "cmg", "ntv", "RU svod 2025-02-01..2025-03-01")
	if err := CheckHoldingRemoval(y.f, "h1"); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("removal: %v", err)
	}
}

// TestResolveCondition: dating the event fixes the windows of the title's
// and its descendants' records waiting on it, with their lags, only within
// the territories named; the answer then follows the dates.
func TestResolveCondition(t *testing.T) {
	x := newFam(t)
	series := x.hold("series", "cmg", "RU svod 2025-01-01")
	x.waitOn(series, "Theatrical+P30D", "")
	ep := x.lic("e1", "cmg", "ntv", "RU svod 2025-01-01 excl")
	x.waitOn(ep, "Theatrical+P1M", "Broadcast+P2W")
	elsewhere := x.hold("series", "cmg", "RU+BY avod 2025-01-01")
	x.waitOn(elsewhere, "Theatrical", "")
	other := x.hold("film", "cmg", "RU svod 2025-01-01")
	x.waitOn(other, "Theatrical", "")
	ru, _, _, _ := ParseTerritories("territories", []string{"RU"}, nil)
	day, _ := ParseDay("2025-09-12")
	ch, err := resolveFamily(x.f, "series", "Theatrical", day, &ru)
	if err != nil {
		t.Fatal(err)
	}
	if len(ch.AddHoldings) != 1 || ch.AddHoldings[0].ID != series || len(ch.AddLicences) != 1 || ch.AddLicences[0].ID != ep {
		t.Fatalf("change = %+v", ch)
	}
	if got := ch.AddHoldings[0]; got.Start != "2025-10-12" || got.Avail != nil {
		t.Fatalf("holding: start %s avail %+v", got.Start, got.Avail)
	}
	got := ch.AddLicences[0]
	if got.Start != "2025-10-12" || got.End != nil || got.Avail.StartCondition != "" || got.Avail.EndCondition != "Broadcast" || got.Avail.EndLag != "P2W" {
		t.Fatalf("licence: %+v %+v", got.Terms, got.Avail)
	}
	if x.f.Holdings[0].Avail.StartCondition != "Theatrical" {
		t.Fatal("the family's record was changed in place")
	}
	// Applied, an episode answers from the date (e1 carries the licence, still waiting on its end).
	x.f.Holdings[0] = ch.AddHoldings[0]
	if res := x.ask("e2", "RU svod 2025-10-12..2025-12-31", CoverEntire); !res.Available {
		t.Fatalf("after: %+v", res)
	}
	if res := x.ask("e2", "RU svod 2025-10-11..2025-12-31", CoverEntire); res.Available || res.Status != ResultUnavailable {
		t.Fatalf("a day early: %+v", res)
	}
	// Dating it past a record's fixed end leaves no window: refused.
	y := newFam(t)
	h := y.hold("film", "cmg", "RU svod 2025-01-01..2025-06-30")
	y.waitOn(h, "EST", "")
	late, _ := ParseDay("2025-07-01")
	if _, err := resolveFamily(y.f, "film", "EST", late, nil); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("late: %v", err)
	}
}

// TestLags: EMA lags are ISO 8601 durations in whole days, stored only
// beside the condition they count from.
func TestLags(t *testing.T) {
	from, _ := ParseDay("2025-01-31")
	for lag, want := range map[string]string{"": "2025-01-31", "P30D": "2025-03-02", "P1M": "2025-02-28", "P13M": "2026-02-28", "p2w": "2025-02-14", "P1Y2M3D": "2026-04-03"} {
		d, err := ApplyLag(from, lag)
		if err != nil || d.String() != want {
			t.Errorf("%q: %s %v, want %s", lag, d, err, want)
		}
	}
	for _, bad := range []string{"P", "30D", "PT12H", "P-1D", "P1.5D"} {
		if _, err := ApplyLag(from, bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	tm := Terms{Territories: []string{"RU"}, Media: []Media{SVOD}, Start: "2025-01-01", Avail: &AvailDetail{StartLag: "P30D"}}
	if _, err := tm.Normalize(); err == nil || !strings.Contains(err.Error(), "lag") {
		t.Fatalf("lag without condition: %v", err)
	}
	tm.Avail = &AvailDetail{StartCondition: "EST", StartLag: "p30d"}
	if _, err := tm.Normalize(); err != nil || tm.Avail.StartLag != "P30D" {
		t.Fatalf("lag: %v %+v", err, tm.Avail)
	}
}

// TestTimelineConditional: waiting days are drawn as conditional, naming the event.
func TestTimelineConditional(t *testing.T) {
	x := newFam(t)
	h := x.hold("film", "cmg", "RU svod 2025-01-01")
	x.waitOn(h, "Theatrical", "")
	from, _ := ParseDay("2025-01-01")
	tl, err := BuildTimeline(x.f, "film", TimelineRange{Territories: mustTerr(t, "RU"), Media: 1 << mediaIndex(SVOD), From: from, To: from + 30})
	if err != nil {
		t.Fatal(err)
	}
	if len(tl.Rows) != 1 || len(tl.Rows[0].Segments) != 1 {
		t.Fatalf("timeline = %+v", tl)
	}
	if s := tl.Rows[0].Segments[0]; s.Status != StatusConditional || s.Condition != "Theatrical" || s.Ref != h || s.Holder != "cmg" {
		t.Fatalf("segment = %+v", s)
	}
}

func mustTerr(t *testing.T, codes ...string) TerritorySet {
	set, _, _, p := ParseTerritories("territories", codes, nil)
	if len(p) > 0 {
		t.Fatal(p)
	}
	return set
}
