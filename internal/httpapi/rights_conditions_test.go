package httpapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// TestRightsConditionDatedThenRecorded: dating an event through the API
// fixes the waiting records and sends title.event_dated to the keeper and
// the licensee of a resolved licence (not to a stranger); a holding posted
// afterwards waiting on that event comes back dated, and availability
// answers available at once.
func TestRightsConditionDatedThenRecorded(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b := setup(t, open)
		ctx := context.Background()
		hooks := b.subscribe(t, []string{"title.event_dated"})
		film := b.do("POST", "/api/v1/titles", "cmg/editor", cmgPublicFilm()).want(t, http.StatusCreated).body["id"].(string)
		base := "/api/v1/titles/" + film
		waiting := func(terr, lag string) map[string]any {
			return map[string]any{"territories": []any{terr}, "media": []any{"svod"}, "start": "2025-01-01", "end": nil,
				"avail": map[string]any{"start_condition": "Theatrical", "start_lag": lag}}
		}
		b.do("POST", base+"/holdings", "cmg/editor", waiting("RU", "")).want(t, http.StatusCreated)
		lic := waiting("RU", "P30D")
		lic["licensee"] = "vgtrk"
		licID := b.do("POST", base+"/licences", "cmg/editor", lic).want(t, http.StatusCreated).body["id"].(string)

		res := b.do("POST", base+"/conditions", "cmg/editor", map[string]any{"condition": "Theatrical", "date": "2025-09-12", "territories": []any{"RU", "KZ"}}).
			want(t, http.StatusOK)
		if ls, _ := res.body["licences"].([]any); len(ls) != 1 || ls[0] != licID {
			t.Fatalf("dating = %s", res.raw)
		}
		for org, want := range map[string]int{"cmg": 1, "vgtrk": 1, "other": 0} {
			ds, err := b.svc.DB.DeliveryList(ctx, hooks[org], 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(ds) != want {
				t.Fatalf("%s got %d deliveries, want %d", org, len(ds), want)
			}
			if want == 1 && (ds[0].EventType != "title.event_dated" || !strings.Contains(ds[0].Payload, licID) ||
				!strings.Contains(ds[0].Payload, `"date":"2025-09-12"`) || !strings.Contains(ds[0].Payload, `"title_id":"`+film+`"`)) {
				t.Fatalf("%s delivery = %s %s", org, ds[0].EventType, ds[0].Payload)
			}
		}

		// Recorded after the date: dated as it is written.
		res = b.do("POST", base+"/holdings", "cmg/editor", waiting("KZ", "P1W")).want(t, http.StatusCreated)
		if res.body["start"] != "2025-09-19" || res.body["avail"] != nil {
			t.Fatalf("holding after dating = %s", res.raw)
		}
		ask := map[string]any{"titles": []any{film}, "territories": []any{"KZ"}, "media": []any{"svod"}, "start": "2025-10-01", "end": "2025-12-31"}
		ans := b.do("POST", "/api/v1/availability/query", "cmg/viewer", ask).want(t, http.StatusOK)
		if rs, _ := ans.body["results"].([]any); len(rs) != 1 || rs[0].(map[string]any)["status"] != "available" {
			t.Fatalf("answer = %s", ans.raw)
		}
		// A date leaving no window is a field error naming the condition.
		bad := map[string]any{"territories": []any{"KZ"}, "media": []any{"avod"}, "start": "2026-01-01",
			"avail": map[string]any{"end_condition": "Theatrical"}}
		res = b.do("POST", base+"/holdings", "cmg/editor", bad).want(t, http.StatusUnprocessableEntity)
		if raw := string(res.raw); !strings.Contains(raw, "avail.end_condition") || !strings.Contains(raw, "rights.condition_dated_empty") {
			t.Fatalf("empty window = %s", res.raw)
		}
	})
}
