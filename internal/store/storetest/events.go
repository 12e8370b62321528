package storetest

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/audit"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/events"
	"github.com/silkbridge/silkbridge/internal/licensing"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/store"
)

func init() { Register("Events", exerciseEvents) }

// NewEvents wires the events service over db, as the server does.
func NewEvents(db *store.DB, cat *catalog.Service, lic *licensing.Service) *events.Service {
	return events.NewService(events.Deps{Store: db, Titles: cat, TitleGet: db, Rights: db, Assets: db, Subtitles: events.StoredSubtitles{Store: db}, Licensing: lic, Orgs: db})
}

// EventFixture is the licensing fixture plus a draft festival organised by
// vgtrk in Moscow, with one venue of two screens.
type EventFixture struct {
	*LicensingFixture
	Events *events.Service
	Event  *events.Event
	Venue  *events.Venue
}

// NewEventFixture seeds db: cmg holds festival rights worldwide on the film
// (so vgtrk, the organiser, needs a licence).
func NewEventFixture(t testing.TB, db *store.DB) *EventFixture {
	t.Helper()
	x := &EventFixture{LicensingFixture: NewLicensingFixture(t, db)}
	x.Events = NewEvents(db, x.Catalog, x.Licensing)
	cm := As("cmg", auth.RoleEditor)
	if _, err := x.Rights.AddHolding(cm, x.Film, rights.HoldingInput{Terms: rights.Terms{Territories: []string{"WORLD"},
		Media: []rights.Media{rights.Festival}, Start: "2025-01-01", End: sp("2030-12-31")}}); err != nil {
		t.Fatal(err)
	}
	vg := As("vgtrk", auth.RoleEditor)
	e, err := x.Events.Create(vg, events.EventInput{Kind: events.Festival, Slug: "cff-" + NewSuffix(),
		Localizations: map[string]events.EventLocalization{"ru": {Name: "Фестиваль китайского кино"}, "zh-Hans": {Name: "中国电影节"}},
		Country:       "RU", Start: "2025-09-10", End: "2025-09-20", Timezone: "Europe/Moscow"})
	if err != nil {
		t.Fatal(err)
	}
	x.Event = e
	v, err := x.Events.AddVenue(vg, e.ID, events.VenueInput{City: "Москва", Country: "RU", Timezone: "Europe/Moscow",
		Localizations: map[string]events.VenueLocalization{"ru": {Name: "Октябрь", Address: "Новый Арбат, 24"}},
		Screens:       []events.ScreenInput{{Name: "Зал 1", Capacity: 300, Formats: []string{"dcp"}}, {Name: "Зал 2"}}})
	if err != nil {
		t.Fatal(err)
	}
	x.Venue = v
	return x
}

// NewSuffix returns a short random suffix for unique slugs.
func NewSuffix() string { return randomHex(4) }

func checkCodes(t *testing.T, sc []events.ScreeningChecks, id string) map[string]events.Check {
	t.Helper()
	for _, s := range sc {
		if s.ScreeningID == id {
			out := map[string]events.Check{}
			for _, c := range s.Checks {
				out[c.Code] = c
			}
			return out
		}
	}
	t.Fatalf("no checks for %s in %+v", id, sc)
	return nil
}

func exerciseEvents(t *testing.T, open func(t testing.TB) *store.DB) {
	vg := As("vgtrk", auth.RoleEditor)

	t.Run("CreateReadPatchAndVisibility", func(t *testing.T) {
		db := open(t)
		x := NewEventFixture(t, db)
		got, err := db.EventGet(vg, x.Event.ID)
		if err != nil || got.Slug != x.Event.Slug || got.Organiser != "vgtrk" || got.Version != 1 || got.Localizations["ru"].Name != "Фестиваль китайского кино" {
			t.Fatalf("stored %+v, %v", got, err)
		}
		if _, err := x.Events.Get(As("other", auth.RoleAdmin), x.Event.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("an outsider reads the draft: %v", err)
		}
		if _, err := x.Events.Create(vg, events.EventInput{Kind: events.Festival, Slug: x.Event.Slug, Localizations: map[string]events.EventLocalization{"en": {Name: "Twin"}},
			Country: "RU", Start: "2025-09-10", End: "2025-09-20", Timezone: "Europe/Moscow"}); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("taken slug: %v", err)
		}
		// Partners read, only the organiser's editors write.
		p, err := x.Events.Patch(vg, x.Event.ID, map[string]any{"partners": []any{"cmg"}}, `"v1"`)
		if err != nil || p.Version != 2 {
			t.Fatalf("patch: %+v, %v", p, err)
		}
		if _, err := x.Events.Get(As("cmg", auth.RoleViewer), x.Event.ID); err != nil {
			t.Errorf("partner cannot read: %v", err)
		}
		if _, err := x.Events.Patch(As("cmg", auth.RoleAdmin), x.Event.ID, map[string]any{"kind": "market"}, ""); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("partner patched: %v", err)
		}
		if _, err := x.Events.Patch(As("vgtrk", auth.RoleViewer), x.Event.ID, map[string]any{"kind": "market"}, ""); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("viewer patched: %v", err)
		}
		if _, err := x.Events.Patch(vg, x.Event.ID, map[string]any{"kind": "market"}, `"v1"`); !apperr.Is(err, apperr.PreconditionFailed) {
			t.Errorf("stale If-Match: %v", err)
		}
		if _, err := x.Events.Patch(vg, x.Event.ID, map[string]any{"timezone": "Europe/Atlantis"}, ""); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("bad zone patched: %v", err)
		}
		if list, err := db.EventList(vg, "cmg"); err != nil || len(list) != 1 || list[0].ID != x.Event.ID {
			t.Errorf("partner's list = %v, %v", list, err)
		}
		if list, _ := db.EventList(vg, "other"); len(list) != 0 {
			t.Errorf("outsider's list = %v", list)
		}
	})

	t.Run("BadScreeningsStoreNothing", func(t *testing.T) {
		db := open(t)
		x := NewEventFixture(t, db)
		for _, start := range []string{"2025-09-21T10:00", "2025-09-12T25:00"} {
			_, err := x.Events.AddScreening(vg, x.Event.ID, events.ScreeningInput{Title: x.Film, Venue: x.Venue.ID, Screen: x.Venue.Screens[0].ID, Start: start, RuntimeMinutes: 90})
			if !apperr.Is(err, apperr.Invalid) || err.(*apperr.Error).Fields[0].Field != "start" {
				t.Errorf("%s: %v", start, err)
			}
		}
		if _, err := x.Events.AddVenue(vg, x.Event.ID, events.VenueInput{City: "X", Country: "RU", Timezone: "Mars/Base",
			Localizations: map[string]events.VenueLocalization{"en": {Name: "A"}}, Screens: []events.ScreenInput{{Name: "1"}}}); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("unknown zone: %v", err)
		}
		if ss, _ := db.ScreeningList(vg, x.Event.ID); len(ss) != 0 {
			t.Errorf("stored %v", ss)
		}
		if vs, _ := db.VenueList(vg, x.Event.ID); len(vs) != 1 {
			t.Errorf("venues %v", vs)
		}
	})

	t.Run("RequestRightsClearsTheCheckThenPublish", func(t *testing.T) {
		db := open(t)
		x := NewEventFixture(t, db)
		sc, err := x.Events.AddScreening(vg, x.Event.ID, events.ScreeningInput{Title: x.Film, Venue: x.Venue.ID,
			Screen: x.Venue.Screens[0].ID, Start: "2025-09-12T19:00", RuntimeMinutes: 106, SubtitleLanguage: "ru", TicketURL: "https://tickets.example/1"})
		if err != nil {
			t.Fatal(err)
		}
		if sc.StartUTC.Format("15:04") != "16:00" {
			t.Errorf("start_utc = %v", sc.StartUTC)
		}
		checks, err := x.Events.Checks(vg, x.Event.ID)
		if err != nil {
			t.Fatal(err)
		}
		cs := checkCodes(t, checks, sc.ID)
		if _, ok := cs[events.NoRights]; !ok {
			t.Fatalf("no no_rights: %+v", cs)
		}
		if cs[events.PremiereStatus].Value != events.WorldPremiere {
			t.Errorf("premiere = %+v", cs[events.PremiereStatus])
		}
		if _, ok := cs[events.NoMedia]; !ok {
			t.Errorf("no no_media without assets: %+v", cs)
		}
		if c := cs[events.NoSubtitles]; c.Severity != events.Blocking {
			t.Errorf("no no_subtitles without a Russian track: %+v", cs)
		}
		// Publishing is refused while blocking checks remain.
		if _, err := x.Events.Publish(vg, x.Event.ID, events.PublishInput{}, ""); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("publish with blocking checks: %v", err)
		}
		out, err := x.Events.RequestMissingRights(vg, x.Event.ID, nil)
		if err != nil || len(out) != 1 || out[0].RequestID == "" || out[0].Licensor != "cmg" || out[0].Territories[0] != "RU" {
			t.Fatalf("request rights = %+v, %v", out, err)
		}
		r, err := x.Licensing.Get(vg, out[0].RequestID)
		if err != nil || r.Media[0] != rights.Festival || r.Exclusive || r.Start != "2025-09-10" || *r.End != "2025-09-20" {
			t.Fatalf("request = %+v, %v", r, err)
		}
		// A second click makes no second request.
		if again, _ := x.Events.RequestMissingRights(vg, x.Event.ID, nil); len(again) != 1 || !again[0].Pending || again[0].RequestID != r.ID {
			t.Errorf("second request = %+v", again)
		}
		checks, _ = x.Events.Checks(vg, x.Event.ID)
		if c := checkCodes(t, checks, sc.ID)[events.NoRights]; c.Request == nil || c.Request.State != "submitted" {
			t.Errorf("progress not shown: %+v", c)
		}
		if _, err := x.Licensing.Accept(As("cmg", auth.RoleEditor), r.ID, licensing.Move{}); err != nil {
			t.Fatal(err)
		}
		checks, _ = x.Events.Checks(vg, x.Event.ID)
		if c, ok := checkCodes(t, checks, sc.ID)[events.NoRights]; ok {
			t.Fatalf("no_rights after the licence: %+v", c)
		}
		// The missing subtitles and an overlapping screening on the same screen still block; publish needs an override.
		sc2, err := x.Events.AddScreening(vg, x.Event.ID, events.ScreeningInput{Title: x.Film, Venue: x.Venue.ID,
			Screen: x.Venue.Screens[0].ID, Start: "2025-09-12T20:50", RuntimeMinutes: 90})
		if err != nil {
			t.Fatal(err)
		}
		checks, _ = x.Events.Checks(vg, x.Event.ID)
		if c := checkCodes(t, checks, sc2.ID)[events.VenueOverlap]; c.Ref != sc.ID {
			t.Errorf("overlap = %+v", c)
		}
		if c := checkCodes(t, checks, sc2.ID)[events.PremiereStatus]; c.Value != "" {
			t.Errorf("second screening premiere = %+v", c)
		}
		if _, err := x.Events.Publish(vg, x.Event.ID, events.PublishInput{}, ""); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("publish with an overlap: %v", err)
		}
		if _, err := x.Events.Public(context.Background(), x.Event.Slug); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("draft is public: %v", err)
		}
		pub, err := x.Events.Publish(vg, x.Event.ID, events.PublishInput{OverrideReason: "Two prints; the hall confirmed"}, "")
		if err != nil || pub.Status != events.Published || pub.Override == nil || pub.Override.Blocking != 3 {
			t.Fatalf("publish with override: %+v, %v", pub, err)
		}
		entries, err := db.AuditList(vg, audit.ListParams{Org: "vgtrk", Entity: "event", EntityID: x.Event.ID, Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range entries {
			var ch map[string]any
			json.Unmarshal(e.Changes, &ch)
			if e.Action == "event.published" && ch["override_reason"] == "Two prints; the hall confirmed" {
				found = true
			}
		}
		if !found {
			t.Errorf("override not audited: %+v", entries)
		}
		prog, err := x.Events.Public(context.Background(), x.Event.Slug)
		if err != nil || len(prog.Screenings) != 2 || len(prog.Titles) != 1 || prog.Titles[0].Localizations["ru"].Title == "" {
			t.Fatalf("public = %+v, %v", prog, err)
		}
		if err := x.Events.DeleteScreening(vg, x.Event.ID, sc2.ID); err != nil {
			t.Fatal(err)
		}
		if err := x.Events.DeleteScreening(vg, x.Event.ID, sc2.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("second delete: %v", err)
		}
	})

	t.Run("PartnerSeesNoRightsDetailsOfTitlesItCannotRead", func(t *testing.T) {
		db := open(t)
		x := NewEventFixture(t, db)
		sc, err := x.Events.AddScreening(vg, x.Event.ID, events.ScreeningInput{Title: x.Film, Venue: x.Venue.ID,
			Screen: x.Venue.Screens[0].ID, Start: "2025-09-21T10:00", RuntimeMinutes: 90})
		if !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("after the event: %v", err)
		}
		if sc, err = x.Events.AddScreening(vg, x.Event.ID, events.ScreeningInput{Title: x.Film, Venue: x.Venue.ID,
			Screen: x.Venue.Screens[0].ID, Start: "2025-09-15T10:00", RuntimeMinutes: 90}); err != nil {
			t.Fatal(err)
		}
		if _, err := x.Events.Patch(vg, x.Event.ID, map[string]any{"partners": []any{"other"}}, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := x.Events.RequestMissingRights(vg, x.Event.ID, nil); err != nil {
			t.Fatal(err)
		}
		own, _ := x.Events.Checks(vg, x.Event.ID)
		if c := checkCodes(t, own, sc.ID)[events.NoRights]; c.Request == nil {
			t.Fatalf("the organiser does not see its request: %+v", c)
		}
		// "other" partners the event but may not read CMG's partners-only film.
		theirs, err := x.Events.Checks(As("other", auth.RoleViewer), x.Event.ID)
		if err != nil {
			t.Fatal(err)
		}
		if c, ok := checkCodes(t, theirs, sc.ID)[events.NoRights]; !ok || len(c.Reasons) != 0 || c.Request != nil {
			t.Fatalf("partner sees rights details of a title it cannot read: %+v", c)
		}
	})

	t.Run("EarlierScreeningsAcrossEvents", func(t *testing.T) {
		db := open(t)
		x := NewEventFixture(t, db)
		mk := func(start string) *events.Screening {
			s, err := x.Events.AddScreening(vg, x.Event.ID, events.ScreeningInput{Title: x.Film, Venue: x.Venue.ID,
				Screen: x.Venue.Screens[1].ID, Start: start, RuntimeMinutes: 60})
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		a, b := mk("2025-09-11T10:00"), mk("2025-09-15T10:00")
		got, err := db.ScreeningCountriesBefore(vg, []*events.Screening{a, b})
		if err != nil || len(got[a.ID]) != 0 || len(got[b.ID]) != 1 || got[b.ID][0] != "RU" {
			t.Fatalf("earlier = %v, %v", got, err)
		}
	})
}
