package exchange

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

// benchItinerary is a full itinerary: 200 entries (the limit) over two time
// zones with wording in three languages.
func benchItinerary(b *testing.B) (*Exchange, *Participant) {
	items := make([]Item, ItemsMax)
	for i := range items {
		zone := "Asia/Shanghai"
		if i%2 == 1 {
			zone = "Europe/Moscow"
		}
		items[i] = Item{Kind: "meeting", Timezone: zone, Start: fmt.Sprintf("2027-03-%02dT%02d:00", 1+i%14, 8+i%10),
			Localizations: map[string]ItemText{"en": {Title: "Meeting with the news desk", Place: "Building A"},
				"ru": {Title: "Встреча с редакцией новостей", Place: "Корпус А"}, "zh-Hans": {Title: "与新闻部会面", Place: "A座"}}}
	}
	out, err := NormalizeItinerary(items)
	if err != nil {
		b.Fatal(err)
	}
	LocalizeItinerary(out, []string{"ru"})
	e := &Exchange{ID: "x", ProgrammeFields: ProgrammeFields{Start: "2027-03-01", End: "2027-03-14"}, DisplayTitle: "Командирование"}
	return e, &Participant{ID: "p", Itinerary: out}
}

// BenchmarkItineraryICalendar writes a 200-entry itinerary as iCalendar.
func BenchmarkItineraryICalendar(b *testing.B) {
	e, p := benchItinerary(b)
	stamp := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	for b.Loop() {
		_ = ICalendar(e, p, stamp)
	}
}

// BenchmarkBaselineItineraryJSON encodes the same itinerary as JSON (what
// the API answers), the baseline for the iCalendar export.
func BenchmarkBaselineItineraryJSON(b *testing.B) {
	_, p := benchItinerary(b)
	for b.Loop() {
		if _, err := json.Marshal(p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNormalizeItinerary validates and converts the 200 entries.
func BenchmarkNormalizeItinerary(b *testing.B) {
	e, p := benchItinerary(b)
	_ = e
	raw := make([]Item, len(p.Itinerary))
	copy(raw, p.Itinerary)
	for b.Loop() {
		if _, err := NormalizeItinerary(raw); err != nil {
			b.Fatal(err)
		}
	}
}
