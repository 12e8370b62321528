package rights

import (
	"testing"
	"time"
)

// A record written waiting on a dated event takes the date on the nearest
// title, then for the fewest territories, then the latest set; a date for
// other territories leaves it waiting.
func TestSettlePicksTheNearestNarrowestDate(t *testing.T) {
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	f := &Family{TitleID: "ep", Parent: map[string]string{"series": "", "season": "series", "ep": "season"},
		Dated: []*ConditionDate{
			{TitleID: "series", Condition: "Theatrical", Date: "2025-03-01", Territories: []string{}, SetAt: at},
			{TitleID: "series", Condition: "Theatrical", Date: "2025-04-01", Territories: []string{"RU", "KZ"}, SetAt: at},
			{TitleID: "series", Condition: "Theatrical", Date: "2025-05-01", Territories: []string{"RU", "KZ", "BY"}, SetAt: at.Add(time.Hour)},
			{TitleID: "season", Condition: "Broadcast", Date: "2025-06-01", Territories: []string{"CN"}, SetAt: at},
			{TitleID: "other", Condition: "Theatrical", Date: "2020-01-01", Territories: []string{}, SetAt: at},
		}}
	rec := func(terr []string, start, end string) *Holding {
		h := &Holding{ID: "h", TitleID: "ep", Holder: "a", Terms: Terms{Territories: terr, Media: []Media{SVOD}, Start: "2024-01-01",
			Avail: &AvailDetail{StartCondition: start, StartLag: "P1M", EndCondition: end}}}
		if end != "" {
			h.Avail.EndLag = "P2M"
		}
		var err error
		if h.c, err = h.Terms.Normalize(); err != nil {
			t.Fatal(err)
		}
		return h
	}
	for _, c := range []struct {
		name       string
		h          *Holding
		start, end string
		waits      bool
	}{
		{"fewest territories", rec([]string{"RU"}, "Theatrical", ""), "2025-05-01", "", false},
		{"everywhere", rec([]string{"DE"}, "Theatrical", ""), "2025-04-01", "", false},
		{"start and end", rec([]string{"KZ"}, "Theatrical", "Theatrical"), "2025-05-01", "2025-06-01", false},
		{"other territories", rec([]string{"US"}, "Broadcast", ""), "2024-01-01", "", true},
		{"not dated", rec([]string{"CN"}, "EST", ""), "2024-01-01", "", true},
		{"season for CN", rec([]string{"CN"}, "Broadcast", ""), "2025-07-01", "", false},
	} {
		h := c.h
		if err := CheckHolding(f, h); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		end := ""
		if h.End != nil {
			end = *h.End
		}
		if h.Start != c.start || end != c.end || (h.Avail != nil) != c.waits || h.c.span.From.String() != c.start {
			t.Fatalf("%s: %s..%s avail %+v", c.name, h.Start, end, h.Avail)
		}
	}
}
