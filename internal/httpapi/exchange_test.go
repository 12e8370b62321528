package httpapi_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/exchange"
	"github.com/silkbridge/silkbridge/internal/httpapi"
	"github.com/silkbridge/silkbridge/internal/people"
	"github.com/silkbridge/silkbridge/internal/server"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

func TestExchangesAPI(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		t.Run("ProposeNominateDecideItineraryLetter", func(t *testing.T) { testExchangeFlow(t, setupExchanges(t, open)) })
		t.Run("BadInputNamesFieldAndStoresNothing", func(t *testing.T) { testExchangeBadInput(t, setupExchanges(t, open)) })
	})
}

type exchangeBundle struct {
	*testBundle
	people *people.Service
}

func setupExchanges(t *testing.T, open func(testing.TB) *store.DB) *exchangeBundle {
	t.Helper()
	svc := storetest.NewServices(open(t))
	storetest.SeedOrgs(t, svc)
	deps := fullDeps(svc)
	ps := people.NewService(svc.DB, svc.Catalog, exchange.Hosts{Store: svc.DB})
	deps.People = ps
	xs := exchange.NewService(svc.DB, ps)
	b := &testBundle{t: t, svc: svc, tokens: map[string]string{}}
	for _, o := range []string{"cmg", "vgtrk", "other"} {
		for _, r := range auth.Roles {
			_, plain, err := svc.Tokens.Issue(context.Background(), o, r, "test")
			if err != nil {
				t.Fatal(err)
			}
			b.tokens[o+"/"+string(r)] = plain
		}
	}
	srv := server.New(server.Config{RatePerSecond: 10000, RateBurst: 10000, Ready: svc.DB.Ping}, func(r chi.Router) {
		deps.Exchanges, deps.ExchangeOrgs = xs, svc.DB
		httpapi.New(r, deps)
	})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	b.url = ts.URL
	return &exchangeBundle{testBundle: b, people: ps}
}

func (b *exchangeBundle) person(t *testing.T, org, name, expiry string) string {
	t.Helper()
	p, err := b.people.Create(storetest.As(org, auth.RoleAdmin), people.PersonFields{Localizations: map[string]people.PersonName{"ru": {Name: name}},
		Org: org, Roles: []people.PersonRole{"editor"}, Languages: []string{"ru"}, Visibility: "partners",
		Private: &people.PrivateData{PassportNumber: "7001234567", PassportExpiry: expiry}})
	if err != nil {
		t.Fatal(err)
	}
	return p.ID
}

func secondmentBody() map[string]any {
	return map[string]any{"kind": "secondment", "host_org": "cmg", "city": "Beijing", "country": "CN",
		"start": "2030-03-02", "end": "2030-03-15", "places": 1,
		"localizations": map[string]any{"en": map[string]any{"title": "News desk secondment"}, "zh-Hans": map[string]any{"title": "新闻编辑部借调"},
			"ru": map[string]any{"title": "Стажировка в редакции"}}}
}

func testExchangeFlow(t *testing.T, b *exchangeBundle) {
	anna := b.person(t, "vgtrk", "Анна Петрова", "2031-01-01")
	ivan := b.person(t, "vgtrk", "Иван Соколов", "2030-03-10")
	created := b.do("POST", "/api/v1/exchanges", "vgtrk/editor", secondmentBody()).want(t, http.StatusCreated)
	id := created.body["id"].(string)
	if !strings.HasPrefix(created.header.Get("ETag"), `"v1`) || created.body["state"] != "proposed" {
		t.Fatalf("created: %v %v", created.header, created.body)
	}
	b.do("GET", "/api/v1/exchanges/"+id, "other/admin", nil).want(t, http.StatusNotFound)
	b.do("POST", "/api/v1/exchanges/"+id+"/state", "vgtrk/editor", map[string]any{"state": "open"}).want(t, http.StatusForbidden)
	b.do("POST", "/api/v1/exchanges/"+id+"/state", "cmg/editor", map[string]any{"state": "open"}, "If-Match", `"v7"`).want(t, http.StatusPreconditionFailed)
	b.do("POST", "/api/v1/exchanges/"+id+"/state", "cmg/editor", map[string]any{"state": "open"}, "If-Match", `"v1"`).want(t, http.StatusOK)

	pa := b.do("POST", "/api/v1/exchanges/"+id+"/participants", "vgtrk/editor", map[string]any{"person": anna}).want(t, http.StatusCreated)
	pi := b.do("POST", "/api/v1/exchanges/"+id+"/participants", "vgtrk/editor", map[string]any{"person": ivan}).want(t, http.StatusCreated)
	if w, _ := pi.body["warnings"].([]any); len(w) != 1 || w[0].(map[string]any)["code"] != "exchange.passport_expires" {
		t.Errorf("passport warning: %s", pi.raw)
	}
	paID, piID := pa.body["id"].(string), pi.body["id"].(string)
	base := "/api/v1/exchanges/" + id + "/participants/"
	b.do("POST", base+paID+"/decision", "cmg/editor", map[string]any{"decision": "accepted", "comment": "Welcome"}).want(t, http.StatusOK)
	full := b.do("POST", base+piID+"/decision", "cmg/editor", map[string]any{"decision": "accepted"}).want(t, http.StatusConflict)
	if !strings.Contains(string(full.raw), "exchange.places_full") {
		t.Errorf("places full: %s", full.raw)
	}
	b.do("POST", base+piID+"/decision", "cmg/editor", map[string]any{"decision": "declined", "comment": "Passport"}).want(t, http.StatusOK)

	items := map[string]any{"items": []any{
		map[string]any{"kind": "arrival", "start": "2030-03-02T06:30", "timezone": "Asia/Shanghai",
			"localizations": map[string]any{"en": map[string]any{"title": "Arrival, flight SU 204"}, "zh-Hans": map[string]any{"title": "抵达，SU 204 航班", "place": "首都机场"},
				"ru": map[string]any{"title": "Прилёт, рейс SU 204"}}},
		map[string]any{"kind": "departure", "start": "2030-03-15T12:00", "timezone": "Asia/Shanghai",
			"localizations": map[string]any{"en": map[string]any{"title": "Departure"}, "zh-Hans": map[string]any{"title": "离境"}, "ru": map[string]any{"title": "Вылет"}}},
	}}
	bad := b.do("PUT", base+paID+"/itinerary", "cmg/editor", map[string]any{"items": []any{map[string]any{"kind": "arrival", "start": "2030-03-02T06:30",
		"timezone": "Asia/Atlantis", "localizations": map[string]any{"en": map[string]any{"title": "x"}}}}}).want(t, http.StatusUnprocessableEntity)
	if !strings.Contains(string(bad.raw), "itinerary[0].timezone") {
		t.Errorf("unknown zone: %s", bad.raw)
	}
	b.do("PUT", base+paID+"/itinerary", "cmg/editor", items).want(t, http.StatusOK)
	zh := b.do("GET", base+paID+"?lang=zh-Hans", "vgtrk/viewer", nil).want(t, http.StatusOK)
	if it := zh.body["itinerary"].([]any)[0].(map[string]any); it["display_title"] != "抵达，SU 204 航班" || it["start_utc"] != "2030-03-01T22:30:00Z" {
		t.Errorf("Chinese itinerary: %v", it)
	}
	ru := b.do("GET", base+paID+"?lang=ru", "cmg/viewer", nil).want(t, http.StatusOK)
	if it := ru.body["itinerary"].([]any)[1].(map[string]any); it["display_title"] != "Вылет" {
		t.Errorf("Russian itinerary: %v", it)
	}
	ics := b.do("GET", base+paID+"/itinerary.ics?lang=ru", "vgtrk/viewer", nil).want(t, http.StatusOK)
	if !strings.HasPrefix(ics.header.Get("Content-Type"), "text/calendar") || !strings.Contains(string(ics.raw), "SUMMARY:Прилёт\\, рейс SU 204") ||
		!strings.Contains(string(ics.raw), "DTSTART;TZID=Asia/Shanghai:20300302T063000") {
		t.Errorf("ics: %s %s", ics.header, ics.raw)
	}
	letter := b.do("GET", base+paID+"/letter", "vgtrk/viewer", nil).want(t, http.StatusOK)
	if sides := letter.body["sides"].([]any); len(sides) != 2 || sides[0].(map[string]any)["language"] != "zh-Hans" {
		t.Errorf("letter: %s", letter.raw)
	}
	// The host's admin now reads the accepted participant's passport; the sender's editor does not.
	if !strings.Contains(string(b.do("GET", "/api/v1/people/"+anna, "cmg/admin", nil).want(t, 200).raw), "7001234567") {
		t.Error("host admin does not see the participant's passport")
	}
	if strings.Contains(string(b.do("GET", "/api/v1/people/"+anna, "cmg/editor", nil).want(t, 200).raw), "7001234567") {
		t.Error("host editor sees the participant's passport")
	}
	b.do("PUT", "/api/v1/exchange-settings", "cmg/admin", map[string]any{"letters": map[string]any{"en": "Dear {{name}} {{ .Env }}"}}).want(t, http.StatusUnprocessableEntity)
	b.do("PUT", "/api/v1/exchange-settings", "cmg/admin", map[string]any{"retention_days": 90}).want(t, http.StatusOK)
}

func testExchangeBadInput(t *testing.T, b *exchangeBundle) {
	long := strings.Repeat("名", 10000)
	cases := []struct {
		field string
		edit  func(map[string]any)
	}{
		{"end", func(m map[string]any) { m["end"] = "2030-03-01" }},
		{"host_org", func(m map[string]any) { m["host_org"] = "other" }},
		{"kind", func(m map[string]any) { m["kind"] = "holiday" }},
		{"localizations.en.title", func(m map[string]any) { m["localizations"] = map[string]any{"en": map[string]any{"title": long}} }},
	}
	for _, c := range cases {
		body := secondmentBody()
		c.edit(body)
		res := b.do("POST", "/api/v1/exchanges", "vgtrk/editor", body)
		if res.status < 400 || res.status > 499 || !strings.Contains(string(res.raw), c.field) {
			t.Errorf("%s: %d %s", c.field, res.status, truncateRaw(res.raw))
		}
	}
	if list := b.do("GET", "/api/v1/exchanges", "vgtrk/viewer", nil).want(t, 200); len(list.body["items"].([]any)) != 0 {
		t.Errorf("stored after refusals: %s", list.raw)
	}
	id := b.do("POST", "/api/v1/exchanges", "vgtrk/editor", secondmentBody()).want(t, http.StatusCreated).body["id"].(string)
	third := b.person(t, "other", "Ханс Вебер", "")
	res := b.do("POST", "/api/v1/exchanges/"+id+"/participants", "vgtrk/editor", map[string]any{"person": third}).want(t, http.StatusUnprocessableEntity)
	if !strings.Contains(string(res.raw), `person"`) || !strings.Contains(string(res.raw), "exchange.third_org") {
		t.Errorf("third org participant: %s", res.raw)
	}
	if got := b.do("GET", "/api/v1/exchanges/"+id, "vgtrk/viewer", nil).want(t, 200); got.body["participants"] != nil {
		t.Errorf("participant stored: %s", got.raw)
	}
}

func truncateRaw(b []byte) string {
	if len(b) > 300 {
		return string(b[:300])
	}
	return string(b)
}
