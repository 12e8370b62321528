package events

import (
	"testing"
	"time"

	"github.com/silkbridge/silkbridge/internal/media"
	"github.com/silkbridge/silkbridge/internal/rights"
)

func strp(s string) *string { return &s }

func holding(holder string, terr, except []string, media []rights.Media, start string, end *string) *rights.Holding {
	return &rights.Holding{ID: "h-" + holder, TitleID: "t1", Holder: holder, Status: rights.HoldingConfirmed,
		Terms: rights.Terms{Territories: terr, ExceptTerritories: except, Media: media, Start: start, End: end}}
}

func screeningAt(t *testing.T, id, venue, zone, local string, minutes int) *Screening {
	t.Helper()
	loc, err := LoadZone(zone)
	if err != nil {
		t.Fatal(err)
	}
	at, err := ParseLocal(local, loc)
	if err != nil {
		t.Fatal(err)
	}
	return &Screening{ID: id, TitleID: "t1", VenueID: venue, ScreenID: "s1", Start: local, StartUTC: at.UTC(), RuntimeMinutes: minutes}
}

var testEvent = &Event{ID: "e1", Organiser: "vgtrk", Partners: []string{"cmg"}, Country: "RU", Start: "2025-09-10", End: "2025-09-20", Timezone: "Europe/Moscow"}

func TestRightsCheck(t *testing.T) {
	moscow := &Venue{ID: "v1", Country: "RU", Timezone: "Europe/Moscow"}
	minsk := &Venue{ID: "v2", Country: "BY", Timezone: "Europe/Minsk"}
	festival := []rights.Media{rights.Festival}
	cases := []struct {
		name    string
		venue   *Venue
		start   string
		fam     *rights.Family
		blocked bool
		reason  rights.Code // the engine's first reason, when blocked
	}{
		{"partner holds festival rights", moscow, "2025-09-12T19:00",
			&rights.Family{TitleID: "t1", Holdings: []*rights.Holding{holding("cmg", []string{"RU"}, nil, festival, "2025-01-01", strp("2025-12-31"))}}, false, ""},
		{"organiser licensed theatrical", moscow, "2025-09-12T19:00",
			&rights.Family{TitleID: "t1", Licences: []*rights.Licence{{ID: "l1", TitleID: "t1", Licensor: "x", Licensee: "vgtrk",
				Terms: rights.Terms{Territories: []string{"RU"}, Media: []rights.Media{rights.Theatrical}, Start: "2025-09-01", End: strp("2025-09-30")}}}}, false, ""},
		{"the day after the licence ends", moscow, "2025-09-16T10:00",
			&rights.Family{TitleID: "t1", Holdings: []*rights.Holding{holding("cmg", []string{"RU"}, nil, festival, "2025-01-01", strp("2025-09-15"))}}, true, rights.OutsideWindow},
		{"the licence's last day", moscow, "2025-09-15T23:00",
			&rights.Family{TitleID: "t1", Holdings: []*rights.Holding{holding("cmg", []string{"RU"}, nil, festival, "2025-01-01", strp("2025-09-15"))}}, false, ""},
		{"a country the licence excludes", minsk, "2025-09-12T19:00",
			&rights.Family{TitleID: "t1", Holdings: []*rights.Holding{holding("cmg", []string{"CIS"}, []string{"BY"}, festival, "2025-01-01", nil)}}, true, rights.NoRights},
		{"only TV rights", moscow, "2025-09-12T19:00",
			&rights.Family{TitleID: "t1", Holdings: []*rights.Holding{holding("cmg", []string{"RU"}, nil, []rights.Media{rights.FreeTV}, "2025-01-01", nil)}}, true, rights.NoRights},
		{"held by an outsider", moscow, "2025-09-12T19:00",
			&rights.Family{TitleID: "t1", Holdings: []*rights.Holding{holding("other", []string{"RU"}, nil, festival, "2025-01-01", nil)}}, true, ""},
		{"an unconfirmed claim does not count", moscow, "2025-09-12T19:00",
			&rights.Family{TitleID: "t1", Holdings: []*rights.Holding{func() *rights.Holding {
				h := holding("cmg", []string{"RU"}, nil, festival, "2025-01-01", nil)
				h.Status = rights.HoldingClaimed
				return h
			}()}}, true, ""},
		{"a holdback keeps festival out until after the day", moscow, "2025-09-12T19:00",
			&rights.Family{TitleID: "t1", Holdings: []*rights.Holding{func() *rights.Holding {
				h := holding("cmg", []string{"RU"}, nil, festival, "2025-01-01", nil)
				h.Holdbacks = []rights.Holdback{{Territories: []string{"RU"}, Media: festival, Until: "2025-10-01"}}
				return h
			}()}}, true, ""},
		{"no rights recorded at all", moscow, "2025-09-12T19:00", &rights.Family{TitleID: "t1"}, true, rights.NoRights},
		{"rights inherited from the series", moscow, "2025-09-12T19:00",
			&rights.Family{TitleID: "t1", Parent: map[string]string{"t1": "series"}, Holdings: []*rights.Holding{func() *rights.Holding {
				h := holding("cmg", []string{"RU"}, nil, festival, "2025-01-01", nil)
				h.TitleID = "series"
				return h
			}()}}, false, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := screeningAt(t, "s", c.venue.ID, c.venue.Timezone, c.start, 100)
			got := RightsCheck(testEvent, c.venue, s, c.fam)
			if (got != nil) != c.blocked {
				t.Fatalf("check = %+v, want blocked %v", got, c.blocked)
			}
			if got == nil {
				return
			}
			if got.Code != NoRights || got.Severity != Blocking {
				t.Errorf("check = %+v", got)
			}
			if c.reason != "" && (len(got.Reasons) == 0 || got.Reasons[0].Code != c.reason) {
				t.Errorf("reasons = %+v, want first %s", got.Reasons, c.reason)
			}
		})
	}
}

func TestOverlaps(t *testing.T) {
	venues := map[string]*Venue{
		"msk": {ID: "msk", ChangeoverMinutes: 15, Timezone: "Europe/Moscow"},
		"ber": {ID: "ber", ChangeoverMinutes: 20, Timezone: "Europe/Berlin"},
	}
	cases := []struct {
		name string
		a, b *Screening
		want bool
	}{
		{"back to back with changeover", screeningAt(t, "a", "msk", "Europe/Moscow", "2025-09-12T19:00", 105),
			screeningAt(t, "b", "msk", "Europe/Moscow", "2025-09-12T21:00", 90), false},
		{"inside the changeover", screeningAt(t, "a", "msk", "Europe/Moscow", "2025-09-12T19:00", 110),
			screeningAt(t, "b", "msk", "Europe/Moscow", "2025-09-12T21:00", 90), true},
		{"across midnight", screeningAt(t, "a", "msk", "Europe/Moscow", "2025-09-12T23:00", 120),
			screeningAt(t, "b", "msk", "Europe/Moscow", "2025-09-13T00:30", 90), true},
		{"across midnight, clear", screeningAt(t, "a", "msk", "Europe/Moscow", "2025-09-12T22:00", 100),
			screeningAt(t, "b", "msk", "Europe/Moscow", "2025-09-13T00:00", 90), false},
		// Clocks go back at 03:00 on 26 October 2025 in Berlin: 00:30 + 180 min
		// ends at 02:30 local (the second time round), so a 02:40 start sits
		// inside the changeover and a 03:00 start after it would be wrong in wall time.
		{"Berlin across the autumn change", screeningAt(t, "a", "ber", "Europe/Berlin", "2025-10-26T00:30", 180),
			screeningAt(t, "b", "ber", "Europe/Berlin", "2025-10-26T02:40", 60), true},
		{"Berlin across the spring change", screeningAt(t, "a", "ber", "Europe/Berlin", "2025-03-30T00:30", 90),
			screeningAt(t, "b", "ber", "Europe/Berlin", "2025-03-30T03:15", 60), true},
		{"Berlin across the spring change, clear", screeningAt(t, "a", "ber", "Europe/Berlin", "2025-03-30T00:30", 60),
			screeningAt(t, "b", "ber", "Europe/Berlin", "2025-03-30T03:00", 60), false},
		{"another screen", screeningAt(t, "a", "msk", "Europe/Moscow", "2025-09-12T19:00", 120),
			func() *Screening {
				s := screeningAt(t, "b", "msk", "Europe/Moscow", "2025-09-12T19:30", 90)
				s.ScreenID = "s2"
				return s
			}(), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Overlaps([]*Screening{c.b, c.a}, venues)
			if (len(got["a"]) > 0) != c.want || (len(got["b"]) > 0) != c.want {
				t.Fatalf("overlaps = %+v, want %v", got, c.want)
			}
			if c.want && (got["a"][0].Ref != "b" || got["b"][0].Ref != "a" || got["a"][0].Severity != Blocking) {
				t.Errorf("refs = %+v", got)
			}
		})
	}
}

func TestMediaCheck(t *testing.T) {
	cases := []struct {
		name   string
		assets []*media.Asset
		flag   bool
	}{
		{"nothing", nil, true},
		{"a trailer only", []*media.Asset{{Kind: media.KindTrailer, Status: media.StatusReady}}, true},
		{"a mezzanine still processing", []*media.Asset{{Kind: media.KindMezzanine, Status: media.StatusProcessing}}, true},
		{"a ready mezzanine", []*media.Asset{{Kind: media.KindMezzanine, Status: media.StatusReady}}, false},
		{"a ready screening copy", []*media.Asset{{Kind: media.KindProxy, Status: media.StatusReady}}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := MediaCheck(c.assets)
			if (got != nil) != c.flag || (got != nil && got.Code != NoMedia) {
				t.Fatalf("check = %+v", got)
			}
		})
	}
}

func TestSubtitleCheck(t *testing.T) {
	ru := &Screening{SubtitleLanguage: "ru"}
	cases := []struct {
		name string
		s    *Screening
		sub  Subtitles
		want string
	}{
		{"no subtitles asked", &Screening{}, Subtitles{}, ""},
		{"no source yet", ru, Subtitles{}, SubtitlesUnknown},
		{"no track", ru, Subtitles{Known: true, Tracks: []Track{{ID: "x", Language: "en", QCPassed: true}}}, NoSubtitles},
		{"track fails QC", ru, Subtitles{Known: true, Tracks: []Track{{ID: "x", Language: "ru"}}}, SubtitlesQCFailed},
		{"one of two passes", ru, Subtitles{Known: true, Tracks: []Track{{ID: "x", Language: "ru"}, {ID: "y", Language: "ru", QCPassed: true}}}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := SubtitleCheck(c.s, c.sub)
			code := ""
			if got != nil {
				code = got.Code
			}
			if code != c.want {
				t.Fatalf("check = %+v, want %q", got, c.want)
			}
		})
	}
}

func TestPremiereCheck(t *testing.T) {
	cases := []struct {
		name             string
		country          string
		origins, earlier []string
		want             string
	}{
		{"first anywhere", "RU", []string{"CN"}, nil, WorldPremiere},
		{"first outside China", "RU", []string{"CN"}, []string{"CN"}, InternationalPremiere},
		{"first in Russia", "RU", []string{"CN"}, []string{"CN", "KZ"}, NationalPremiere},
		{"shown in Russia before", "RU", []string{"CN"}, []string{"RU"}, ""},
		{"at home after a world premiere", "CN", []string{"CN"}, []string{"FR"}, NationalPremiere},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := PremiereCheck(c.country, c.origins, c.earlier); got.Value != c.want || got.Severity != Information {
				t.Fatalf("check = %+v, want %q", got, c.want)
			}
		})
	}
}

func TestEvaluateAttachesRequestAndCounts(t *testing.T) {
	v := &Venue{ID: "v1", Country: "RU", Timezone: "Europe/Moscow", ChangeoverMinutes: 15}
	s := screeningAt(t, "s1", "v1", "Europe/Moscow", "2025-09-12T19:00", 100)
	in := &CheckInput{Event: testEvent, Venues: map[string]*Venue{"v1": v}, Screenings: []*Screening{s},
		Rights:   map[string]*rights.Family{"t1": {TitleID: "t1"}},
		Requests: map[string][]RequestState{"t1": {{ID: "r0", State: "declined"}, {ID: "r1", State: "submitted", Licensor: "cmg"}}}}
	got := Evaluate(in)
	if len(got) != 1 || got[0].Checks[0].Code != NoRights || got[0].Checks[0].Request == nil || got[0].Checks[0].Request.ID != "r1" {
		t.Fatalf("checks = %+v", got)
	}
	if CountBlocking(got) != 1 {
		t.Errorf("blocking = %d", CountBlocking(got))
	}
	// No media source: no no_media check.
	for _, c := range got[0].Checks {
		if c.Code == NoMedia {
			t.Errorf("no_media without a media source")
		}
	}
	_ = time.Now
}

// A release recorded in the catalogue counts as an earlier showing.
func TestPremiereFromReleases(t *testing.T) {
	v := &Venue{ID: "v1", Country: "RU", Timezone: "Europe/Moscow", ChangeoverMinutes: 15}
	s := screeningAt(t, "s1", "v1", "Europe/Moscow", "2025-09-12T19:00", 100)
	premiere := func(rel []Release) string {
		in := &CheckInput{Event: testEvent, Venues: map[string]*Venue{"v1": v}, Screenings: []*Screening{s},
			Origins: map[string][]string{"t1": {"CN"}}, Releases: map[string][]Release{"t1": rel}}
		for _, c := range Evaluate(in)[0].Checks {
			if c.Code == PremiereStatus {
				return c.Value
			}
		}
		return "missing"
	}
	cases := []struct {
		rel  []Release
		want string
	}{
		{nil, WorldPremiere},
		{[]Release{{"CN", "2025-01-29"}}, InternationalPremiere},
		{[]Release{{"CN", "2025-01-29"}, {"RU", "2025-02"}}, ""},
		{[]Release{{"CN", "2025-12-01"}}, WorldPremiere},
		{[]Release{{"KZ", "2025-05-01"}}, NationalPremiere},
	}
	for _, c := range cases {
		if got := premiere(c.rel); got != c.want {
			t.Errorf("releases %v: premiere %q, want %q", c.rel, got, c.want)
		}
	}
}
