package events

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	goical "github.com/emersion/go-ical"
)

func testProgramme(t *testing.T) *Programme {
	t.Helper()
	lat, lon := 55.7601, 37.6186
	at := func(zone, local string) time.Time {
		loc, _ := LoadZone(zone)
		x, err := ParseLocal(local, loc)
		if err != nil {
			t.Fatal(err)
		}
		return x.UTC()
	}
	longZh := strings.Repeat("一九〇〇年的唐人街，一桩命案牵动了华人与洋人之间的紧张关系。", 4)
	longRu := strings.Repeat("Чайнатаун, 1900 год: убийство обостряет отношения между общинами. ", 4)
	return &Programme{Slug: "cff-2025", EventID: "e1", Start: "2025-09-10", End: "2025-10-30", Timezone: "Europe/Moscow",
		UpdatedAt:     time.Date(2025, 8, 1, 0, 0, 0, 0, time.UTC),
		Localizations: map[string]EventLocalization{"ru": {Name: "Фестиваль китайского кино 2025"}, "zh-Hans": {Name: "2025俄罗斯中国电影节"}},
		Venues: []PublicVenue{
			{ID: "v1", City: "Москва", Country: "RU", Timezone: "Europe/Moscow", Latitude: &lat, Longitude: &lon,
				Localizations: map[string]VenueLocalization{"ru": {Name: "Кинотеатр «Октябрь»", Address: "Новый Арбат, 24"}}},
			{ID: "v2", City: "Berlin", Country: "DE", Timezone: "Europe/Berlin",
				Localizations: map[string]VenueLocalization{"en": {Name: "Kino International"}}},
		},
		Titles: []PublicTitle{{ID: "t1", Localizations: map[string]PublicTitleText{
			"zh-Hans": {Title: "唐探1900", Synopsis: longZh}, "ru": {Title: "Детектив из Чайнатауна 1900", Synopsis: longRu}}}},
		Screenings: []PublicScreening{
			{ID: "s1", Title: "t1", Venue: "v1", Start: "2025-09-12T19:00", StartUTC: at("Europe/Moscow", "2025-09-12T19:00"), EndUTC: at("Europe/Moscow", "2025-09-12T21:16")},
			{ID: "s2", Title: "t1", Venue: "v2", Start: "2025-10-26T01:00", StartUTC: at("Europe/Berlin", "2025-10-26T01:00"), EndUTC: at("Europe/Berlin", "2025-10-26T01:00").Add(3 * time.Hour)},
		},
	}
}

func TestICalendarParsesIndependently(t *testing.T) {
	p := testProgramme(t)
	for _, lang := range []string{"zh-Hans", "ru"} {
		t.Run(lang, func(t *testing.T) {
			text := ICalendar(p, lang, "", "https://hub.example", time.Date(2025, 8, 2, 0, 0, 0, 0, time.UTC))
			// Every line ends in CRLF, is at most 75 octets and valid UTF-8 on its own.
			if !strings.HasSuffix(text, "\r\n") || strings.Contains(strings.ReplaceAll(text, "\r\n", ""), "\n") {
				t.Fatalf("not CRLF-terminated:\n%q", text)
			}
			folded := 0
			for _, line := range strings.Split(strings.TrimSuffix(text, "\r\n"), "\r\n") {
				if len(line) > 75 {
					t.Errorf("line of %d octets: %q", len(line), line)
				}
				if !utf8.ValidString(line) {
					t.Errorf("fold split a character: %q", line)
				}
				if strings.HasPrefix(line, " ") {
					folded++
				}
			}
			if folded < 4 {
				t.Errorf("only %d continuation lines; the long synopsis should fold", folded)
			}
			cal, err := goical.NewDecoder(bytes.NewReader([]byte(text))).Decode()
			if err != nil {
				t.Fatalf("independent parser: %v\n%s", err, text)
			}
			zones := map[string]bool{}
			for _, c := range cal.Children {
				if c.Name == goical.CompTimezone {
					zones[c.Props.Get(goical.PropTimezoneID).Value] = true
				}
			}
			evs := cal.Events()
			if len(evs) != 2 {
				t.Fatalf("%d events", len(evs))
			}
			for i, ev := range evs {
				uid, _ := ev.Props.Text(goical.PropUID)
				if uid != p.Screenings[i].ID+"@events.silkbridge" {
					t.Errorf("uid = %q", uid)
				}
				dt := ev.Props.Get(goical.PropDateTimeStart)
				tzid := dt.Params.Get(goical.ParamTimezoneID)
				if !zones[tzid] {
					t.Errorf("DTSTART TZID %q has no VTIMEZONE (have %v)", tzid, zones)
				}
				start, err := ev.DateTimeStart(nil)
				if err != nil || !start.Equal(p.Screenings[i].StartUTC) {
					t.Errorf("start = %v, %v; want %v", start, err, p.Screenings[i].StartUTC)
				}
				sum, _ := ev.Props.Text(goical.PropSummary)
				desc, _ := ev.Props.Text(goical.PropDescription)
				want := p.Titles[0].Localizations[lang]
				if sum != want.Title || desc != want.Synopsis {
					t.Errorf("summary %q / description %q, want %q / %q", sum, desc, want.Title, want.Synopsis)
				}
			}
			// A re-download carries the same UIDs.
			if again := ICalendar(p, lang, "", "https://hub.example", time.Date(2025, 8, 3, 0, 0, 0, 0, time.UTC)); strings.Count(again, "UID:s1@events.silkbridge") != 1 {
				t.Errorf("uid not stable")
			}
		})
	}
	one := ICalendar(p, "ru", "s2", "https://hub.example", time.Now())
	if strings.Count(one, "BEGIN:VEVENT") != 1 || !strings.Contains(one, "TZID=Europe/Berlin:20251026T010000") || strings.Contains(one, "TZID:Europe/Moscow") {
		t.Errorf("single-screening calendar:\n%s", one)
	}
	// Berlin's VTIMEZONE names both offsets of its autumn change.
	if !strings.Contains(one, "TZOFFSETFROM:+0200") || !strings.Contains(one, "TZOFFSETTO:+0100") {
		t.Errorf("Berlin observances missing:\n%s", one)
	}
}

func TestFoldKeepsCharactersWhole(t *testing.T) {
	line := "SUMMARY:" + strings.Repeat("电", 60) // 188 octets
	got := Fold(line + "\r\n")
	if strings.ReplaceAll(got, "\r\n ", "") != line+"\r\n" {
		t.Fatalf("unfold differs: %q", got)
	}
	for _, l := range strings.Split(strings.TrimSuffix(got, "\r\n"), "\r\n") {
		if len(l) > 75 || !utf8.ValidString(l) {
			t.Fatalf("bad line %q (%d)", l, len(l))
		}
	}
}
