package events

import (
	"testing"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

func fieldsOf(err error) map[string]string {
	out := map[string]string{}
	if ae, ok := err.(*apperr.Error); ok {
		for _, f := range ae.Fields {
			out[f.Field] = f.Message
		}
	}
	return out
}

func TestScreeningBadInput(t *testing.T) {
	e := &Event{Start: "2025-03-28", End: "2025-04-02", Timezone: "Europe/Berlin"}
	v := &Venue{ID: "v", Country: "DE", Timezone: "Europe/Berlin", Screens: []Screen{{ID: "s1", Name: "1"}}}
	cases := []struct {
		name  string
		in    ScreeningInput
		field string
	}{
		{"outside the event", ScreeningInput{Title: "t", Venue: "v", Screen: "s1", Start: "2025-04-03T19:00"}, "start"},
		{"in the spring-forward gap", ScreeningInput{Title: "t", Venue: "v", Screen: "s1", Start: "2025-03-30T02:30"}, "start"},
		{"not a time", ScreeningInput{Title: "t", Venue: "v", Screen: "s1", Start: "30.03.2025 19:00"}, "start"},
		{"unknown screen", ScreeningInput{Title: "t", Venue: "v", Screen: "nope", Start: "2025-03-30T19:00"}, "screen"},
		{"bad ticket link", ScreeningInput{Title: "t", Venue: "v", Screen: "s1", Start: "2025-03-30T19:00", TicketURL: "javascript:alert(1)"}, "ticket_url"},
		{"bad language", ScreeningInput{Title: "t", Venue: "v", Screen: "s1", Start: "2025-03-30T19:00", SubtitleLanguage: "!!"}, "subtitle_language"},
		{"no title", ScreeningInput{Venue: "v", Screen: "s1", Start: "2025-03-30T19:00"}, "title"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := validateScreening(e, v, &c.in, &Screening{})
			if _, ok := fieldsOf(f.Err())[c.field]; !ok {
				t.Fatalf("errors = %v, want one on %s", f, c.field)
			}
		})
	}
	ok := ScreeningInput{Title: "t", Venue: "v", Screen: "s1", Start: "2025-03-30T03:00"}
	s := &Screening{}
	if f := validateScreening(e, v, &ok, s); f.Err() != nil {
		t.Fatalf("valid input refused: %v", f)
	}
	if got := s.StartUTC.Format("15:04"); got != "01:00" {
		t.Errorf("03:00 CEST = %s UTC, want 01:00", got)
	}
}

func TestEventBadInput(t *testing.T) {
	good := func() *Event {
		return &Event{Kind: Festival, Localizations: map[string]EventLocalization{"ru": {Name: "Фестиваль"}}, Organiser: "cmg",
			Country: "RU", Start: "2025-09-10", End: "2025-09-20", Timezone: "Europe/Moscow", Slug: "cff-2025"}
	}
	if f := validateEvent(good()); f.Err() != nil {
		t.Fatalf("good event refused: %v", f)
	}
	cases := []struct {
		name  string
		edit  func(e *Event)
		field string
	}{
		{"unknown time zone", func(e *Event) { e.Timezone = "Europe/Atlantis" }, "timezone"},
		{"the server's zone", func(e *Event) { e.Timezone = "Local" }, "timezone"},
		{"end before start", func(e *Event) { e.End = "2025-09-01" }, "end"},
		{"not a date", func(e *Event) { e.Start = "2025-02-30" }, "start"},
		{"bad kind", func(e *Event) { e.Kind = "party" }, "kind"},
		{"bad slug", func(e *Event) { e.Slug = "Big Festival" }, "slug"},
		{"bad country", func(e *Event) { e.Country = "XX" }, "country"},
		{"no name", func(e *Event) { e.Localizations = nil }, "localizations"},
		{"control character", func(e *Event) { e.Localizations["ru"] = EventLocalization{Name: "a\x00b"} }, "localizations.ru.name"},
		{"organiser as partner", func(e *Event) { e.Partners = []string{"cmg"} }, "partners[0]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := good()
			c.edit(e)
			if _, ok := fieldsOf(validateEvent(e).Err())[c.field]; !ok {
				t.Fatalf("errors = %v, want one on %s", validateEvent(e), c.field)
			}
		})
	}
}

func TestVenueBadInput(t *testing.T) {
	cap := 10
	neg := -1
	cases := []struct {
		name  string
		in    VenueInput
		field string
	}{
		{"unknown zone", VenueInput{Localizations: map[string]VenueLocalization{"en": {Name: "A"}}, City: "X", Country: "RU", Timezone: "Mars/Olympus", Screens: []ScreenInput{{Name: "1"}}}, "timezone"},
		{"no screens", VenueInput{Localizations: map[string]VenueLocalization{"en": {Name: "A"}}, City: "X", Country: "RU", Timezone: "Europe/Moscow"}, "screens"},
		{"twin screens", VenueInput{Localizations: map[string]VenueLocalization{"en": {Name: "A"}}, City: "X", Country: "RU", Timezone: "Europe/Moscow", Screens: []ScreenInput{{Name: "1"}, {Name: "1"}}}, "screens[1].name"},
		{"negative changeover", VenueInput{Localizations: map[string]VenueLocalization{"en": {Name: "A"}}, City: "X", Country: "RU", Timezone: "Europe/Moscow", ChangeoverMinutes: &neg, Screens: []ScreenInput{{Name: "1", Capacity: cap}}}, "changeover_minutes"},
		{"bad format", VenueInput{Localizations: map[string]VenueLocalization{"en": {Name: "A"}}, City: "X", Country: "RU", Timezone: "Europe/Moscow", Screens: []ScreenInput{{Name: "1", Formats: []string{"vhs"}}}}, "screens[0].formats[0]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, ok := fieldsOf(validateVenue(&c.in, &Venue{}).Err())[c.field]; !ok {
				t.Fatalf("errors = %v, want one on %s", validateVenue(&c.in, &Venue{}), c.field)
			}
		})
	}
	v := &Venue{}
	in := VenueInput{Localizations: map[string]VenueLocalization{"ru": {Name: "Каро"}}, City: "Москва", Country: "ru", Timezone: "Europe/Moscow", Screens: []ScreenInput{{Name: "Зал 1"}}}
	if err := validateVenue(&in, v).Err(); err != nil || v.ChangeoverMinutes != DefaultChangeover || v.Country != "RU" || v.Screens[0].ID == "" {
		t.Fatalf("venue = %+v, %v", v, err)
	}
}

func FuzzParseLocal(f *testing.F) {
	for _, s := range []string{"2025-03-30T02:30", "2025-09-12T19:00", "2025-13-01T00:00", "", "2025-10-26T02:30", "２０２５-01-01T00:00"} {
		f.Add(s)
	}
	loc, _ := LoadZone("Europe/Berlin")
	f.Fuzz(func(t *testing.T, s string) {
		at, err := ParseLocal(s, loc)
		if err == nil && at.In(loc).Format(LocalLayout) != s {
			t.Fatalf("%q accepted as %v", s, at)
		}
	})
}
