package events

import (
	"fmt"
	"testing"
	"time"

	"github.com/silkbridge/silkbridge/internal/rights"
)

// benchProgramme is a large festival: 300 screenings of 30 titles on 10
// screens over 10 days, half the titles with festival rights.
func benchProgramme(b *testing.B) *CheckInput {
	b.Helper()
	in := &CheckInput{Event: testEvent, Venues: map[string]*Venue{}, Rights: map[string]*rights.Family{},
		Earlier: map[string][]string{}, Origins: map[string][]string{}}
	for v := range 10 {
		id := fmt.Sprintf("v%d", v)
		in.Venues[id] = &Venue{ID: id, Country: "RU", Timezone: "Europe/Moscow", ChangeoverMinutes: 15}
	}
	loc, _ := LoadZone("Europe/Moscow")
	for t := range 30 {
		id := fmt.Sprintf("t%d", t)
		f := &rights.Family{TitleID: id}
		if t%2 == 0 {
			f.Holdings = []*rights.Holding{{ID: "h" + id, TitleID: id, Holder: "cmg", Status: rights.HoldingConfirmed,
				Terms: rights.Terms{Territories: []string{"CIS"}, Media: []rights.Media{rights.Festival}, Start: "2025-01-01", End: strp("2025-12-31")}}}
		}
		in.Rights[id] = f
		in.Origins[id] = []string{"CN"}
	}
	for i := range 300 {
		local := fmt.Sprintf("2025-09-%02dT%02d:00", 10+i%10, 10+(i/10)%10)
		at, _ := ParseLocal(local, loc)
		in.Screenings = append(in.Screenings, &Screening{ID: fmt.Sprintf("s%d", i), TitleID: fmt.Sprintf("t%d", i%30),
			VenueID: fmt.Sprintf("v%d", (i/100)%10), ScreenID: "1", Start: local, StartUTC: at.UTC(), RuntimeMinutes: 100})
	}
	return in
}

// BenchmarkEvaluate300 runs every check of a 300-screening programme.
func BenchmarkEvaluate300(b *testing.B) {
	in := benchProgramme(b)
	b.ResetTimer()
	for b.Loop() {
		Evaluate(in)
	}
}

// BenchmarkAvailabilityOnly300 is the baseline: the availability engine's
// festival query for each of the 300 screenings, nothing else.
func BenchmarkAvailabilityOnly300(b *testing.B) {
	in := benchProgramme(b)
	b.ResetTimer()
	for b.Loop() {
		for _, s := range in.Screenings {
			day := s.Day()
			q := rights.Query{Territories: []string{"RU"}, Media: []rights.Media{rights.Festival}, Start: day, End: &day, Match: rights.Overlap}
			r, _ := q.Compile()
			rights.Evaluate(in.Rights[s.TitleID], s.TitleID, r)
		}
	}
	_ = time.Now
}
