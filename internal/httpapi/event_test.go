package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/httpapi"
	"github.com/silkbridge/silkbridge/internal/server"

	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

func setupEvents(t *testing.T, open func(testing.TB) *store.DB) (*testBundle, *storetest.EventFixture) {
	t.Helper()
	x := storetest.NewEventFixture(t, open(t))
	deps := fullDeps(x.Services)
	deps.Rights, deps.Licensing, deps.Events = x.Rights, x.Licensing, x.Events
	return serveAPI(t, x.Services, deps), x
}

func berlinEvent() map[string]any {
	return map[string]any{"kind": "film_week", "slug": "berlin-week", "country": "DE", "start": "2025-03-28", "end": "2025-04-02",
		"timezone": "Europe/Berlin", "localizations": map[string]any{"en": map[string]any{"name": "Chinese Film Week"}}}
}

// Bad input is a 422 naming the field, and nothing is stored.
func TestEventBadInput(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b, _ := setupEvents(t, open)
		bad := berlinEvent()
		bad["timezone"] = "Europe/Atlantis"
		wantField(t, b.do("POST", "/api/v1/events", "vgtrk/editor", bad), "body.timezone")
		if r := b.do("GET", "/api/v1/events", "vgtrk/viewer", nil).want(t, http.StatusOK); len(r.body["items"].([]any)) != 1 {
			t.Fatalf("a refused event was stored: %s", r.raw)
		}
		id := b.do("POST", "/api/v1/events", "vgtrk/editor", berlinEvent()).want(t, http.StatusCreated).body["id"].(string)
		venue := b.do("POST", "/api/v1/events/"+id+"/venues", "vgtrk/editor", map[string]any{
			"localizations": map[string]any{"de": map[string]any{"name": "Kino International", "address": "Karl-Marx-Allee 33"}},
			"city":          "Berlin", "country": "DE", "timezone": "Europe/Berlin", "screens": []any{map[string]any{"name": "Saal 1", "capacity": 551}},
		}).want(t, http.StatusCreated)
		vid := venue.body["id"].(string)
		sid := venue.body["screens"].([]any)[0].(map[string]any)["id"].(string)
		if venue.body["changeover_minutes"].(float64) != 15 {
			t.Errorf("default changeover: %s", venue.raw)
		}
		base := func(start string) map[string]any {
			return map[string]any{"title": "x", "venue": vid, "screen": sid, "start": start, "runtime_minutes": 100}
		}
		wantField(t, b.do("POST", "/api/v1/events/"+id+"/screenings", "vgtrk/editor", base("2025-03-30T02:30")), "body.start") // spring-forward gap
		wantField(t, b.do("POST", "/api/v1/events/"+id+"/screenings", "vgtrk/editor", base("2025-04-03T19:00")), "body.start") // after the event
		wantField(t, b.do("POST", "/api/v1/events/"+id+"/venues", "vgtrk/editor", map[string]any{
			"localizations": map[string]any{"de": map[string]any{"name": "X"}}, "city": "Berlin", "country": "DE",
			"timezone": "Berlin/Mitte", "screens": []any{map[string]any{"name": "1"}}}), "body.timezone")
		if r := b.do("GET", "/api/v1/events/"+id+"/screenings", "vgtrk/viewer", nil).want(t, http.StatusOK); len(r.body["items"].([]any)) != 0 {
			t.Fatalf("refused screenings stored: %s", r.raw)
		}
		// If-Match as on titles; outsiders see nothing of a draft.
		b.do("PATCH", "/api/v1/events/"+id, "vgtrk/editor", map[string]any{"kind": "market"}, "If-Match", `"v9"`, "Content-Type", "application/merge-patch+json").want(t, http.StatusPreconditionFailed)
		r := b.do("PATCH", "/api/v1/events/"+id, "vgtrk/editor", map[string]any{"kind": "market"}, "If-Match", `"v1"`, "Content-Type", "application/merge-patch+json").want(t, http.StatusOK)
		if r.header.Get("ETag") != `"v2"` || r.body["kind"] != "market" {
			t.Errorf("patch: %s %v", r.raw, r.header)
		}
		b.do("GET", "/api/v1/events/"+id, "other/admin", nil).want(t, http.StatusNotFound)
		b.do("POST", "/api/v1/events/"+id+"/venues", "cmg/admin", map[string]any{
			"localizations": map[string]any{"en": map[string]any{"name": "X"}}, "city": "Berlin", "country": "DE",
			"timezone": "Europe/Berlin", "screens": []any{map[string]any{"name": "1"}}}).want(t, http.StatusNotFound)
		b.do("GET", "/api/v1/events", "", nil).want(t, http.StatusUnauthorized)
	})
}

// The organiser schedules, sees no_rights, requests the rights in one step,
// the holder accepts, the check clears, the event is published, and the
// public programme answers without credentials, with an ETag and 304.
func TestEventRightsFlowAndPublicProgramme(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b, x := setupEvents(t, open)
		id, slug := x.Event.ID, x.Event.Slug
		sc := b.do("POST", "/api/v1/events/"+id+"/screenings", "vgtrk/editor", map[string]any{"title": x.Film, "venue": x.Venue.ID,
			"screen": x.Venue.Screens[0].ID, "start": "2025-09-12T19:00", "runtime_minutes": 106, "audio_language": "zh",
			"ticket_url": "https://tickets.example/1"}).want(t, http.StatusCreated)
		if sc.body["start_utc"] != "2025-09-12T16:00:00Z" {
			t.Errorf("start_utc: %s", sc.raw)
		}
		codes := func() []string {
			r := b.do("GET", "/api/v1/events/"+id+"/checks", "vgtrk/viewer", nil).want(t, http.StatusOK)
			var out []string
			for _, c := range r.body["screenings"].([]any)[0].(map[string]any)["checks"].([]any) {
				m := c.(map[string]any)
				out = append(out, m["code"].(string))
				if m["code"] == "no_rights" && m["request"] != nil {
					out = append(out, "request:"+m["request"].(map[string]any)["state"].(string))
				}
			}
			return out
		}
		if got := strings.Join(codes(), ","); !strings.Contains(got, "no_rights") {
			t.Fatalf("checks = %s", got)
		}
		b.do("POST", "/api/v1/events/"+id+"/request-rights", "vgtrk/viewer", map[string]any{}).want(t, http.StatusForbidden)
		rr := b.do("POST", "/api/v1/events/"+id+"/request-rights", "vgtrk/editor", map[string]any{}).want(t, http.StatusOK)
		title := rr.body["titles"].([]any)[0].(map[string]any)
		reqID, _ := title["request_id"].(string)
		if reqID == "" || title["licensor"] != "cmg" {
			t.Fatalf("request rights: %s", rr.raw)
		}
		if got := strings.Join(codes(), ","); !strings.Contains(got, "request:submitted") {
			t.Errorf("progress not on the checks: %s", got)
		}
		b.do("POST", "/api/v1/events/"+id+"/publish", "vgtrk/editor", map[string]any{}).want(t, http.StatusConflict)
		b.do("POST", "/api/v1/requests/"+reqID+"/accept", "cmg/editor", map[string]any{}).want(t, http.StatusOK)
		if got := strings.Join(codes(), ","); strings.Contains(got, "no_rights") {
			t.Fatalf("no_rights after the licence: %s", got)
		}
		b.do("GET", "/api/v1/public/events/"+slug, "", nil).want(t, http.StatusNotFound)
		b.do("POST", "/api/v1/events/"+id+"/publish", "vgtrk/editor", map[string]any{}).want(t, http.StatusOK)
		pub := b.do("GET", "/api/v1/public/events/"+slug, "", nil).want(t, http.StatusOK)
		etag := pub.header.Get("ETag")
		if etag == "" || len(pub.body["screenings"].([]any)) != 1 || strings.Contains(string(pub.raw), "organiser") {
			t.Fatalf("public: %v %s", pub.header, pub.raw)
		}
		b.do("GET", "/api/v1/public/events/"+slug, "", nil, "If-None-Match", etag).want(t, http.StatusNotModified)
		// A change to the programme changes the tag.
		b.do("POST", "/api/v1/events/"+id+"/screenings", "vgtrk/editor", map[string]any{"title": x.Film, "venue": x.Venue.ID,
			"screen": x.Venue.Screens[1].ID, "start": "2025-09-13T19:00", "runtime_minutes": 106}).want(t, http.StatusCreated)
		b.do("GET", "/api/v1/public/events/"+slug, "", nil, "If-None-Match", etag).want(t, http.StatusOK)
	})
}

// The public programme needs no credentials but is rate-limited per client
// address like every other request.
func TestPublicEventRateLimited(t *testing.T) {
	x := storetest.NewEventFixture(t, storetest.OpenSQLite(t))
	deps := fullDeps(x.Services)
	deps.Events = x.Events
	srv := server.New(server.Config{RatePerSecond: 0.001, RateBurst: 3, Ready: x.DB.Ping}, func(r chi.Router) { httpapi.New(r, deps) })
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	codes := []int{}
	for range 5 {
		res, err := http.Get(ts.URL + "/api/v1/public/events/" + x.Event.Slug)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		codes = append(codes, res.StatusCode)
	}
	// A draft is 404 to the public; past the burst every answer is 429.
	if codes[0] != http.StatusNotFound || codes[3] != http.StatusTooManyRequests || codes[4] != http.StatusTooManyRequests {
		t.Fatalf("statuses = %v", codes)
	}
}
