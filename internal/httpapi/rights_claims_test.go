package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/audit"
	"github.com/silkbridge/silkbridge/internal/licensing"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
	"github.com/silkbridge/silkbridge/internal/webhook"
)

// cmgPublicFilm is a film CMG owns and produces alone, readable by everyone.
func cmgPublicFilm() map[string]any {
	return map[string]any{
		"kind": "film", "original_language": "zh", "production_year": 2025,
		"localizations": map[string]any{"zh-Hans": map[string]any{"title": "唐人街探案1900"}, "en": map[string]any{"title": "Detective Chinatown 1900"}},
		"countries":     []any{"CN"}, "genres": []any{"comedy"}, "visibility": "public",
	}
}

// TestRightsSquatterOnlyClaims is the squatting the hardening review found: a
// third organisation recorded a perpetual exclusive WORLD holding on CMG's
// public title, which then refused CMG's own holding, could not be removed
// by CMG, and made availability name the squatter as the holder. Its holding
// is now a claim that blocks nothing and counts for nothing, which CMG rejects.
func TestRightsSquatterOnlyClaims(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b := setup(t, open)
		ctx := context.Background()
		hooks := b.subscribe(t, webhook.EventTypes)
		film := b.do("POST", "/api/v1/titles", "cmg/editor", cmgPublicFilm()).want(t, http.StatusCreated).body["id"].(string)
		base := "/api/v1/titles/" + film

		squat := map[string]any{"territories": []any{"WORLD"}, "media": []any{"svod", "free_tv"}, "start": "2025-01-01", "end": nil, "exclusive": true}
		res := b.do("POST", base+"/holdings", "other/editor", squat).want(t, http.StatusAccepted)
		if res.body["status"] != "claimed" || res.body["holder"] != "other" {
			t.Fatalf("squatter's holding = %s", res.raw)
		}
		claim := res.body["id"].(string)

		own := map[string]any{"territories": []any{"WORLD"}, "media": []any{"svod", "free_tv"}, "start": "2025-01-01", "end": "2034-12-31", "exclusive": true}
		res = b.do("POST", base+"/holdings", "cmg/editor", own).want(t, http.StatusCreated)
		if res.body["status"] != "confirmed" {
			t.Fatalf("owner's holding = %s", res.raw)
		}

		q := map[string]any{"titles": []any{film}, "territories": []any{"RU"}, "media": []any{"svod"}, "start": "2026-01-01",
			"end": "2026-12-31", "exclusive": true}
		for _, who := range []string{"vgtrk/viewer", "other/viewer", "cmg/viewer"} {
			res = b.do("POST", "/api/v1/availability/query", who, q).want(t, http.StatusOK)
			r0 := res.body["results"].([]any)[0].(map[string]any)
			if r0["available"] != true || r0["holder"] != "cmg" || strings.Contains(string(res.raw), `"other"`) {
				t.Fatalf("availability for %s = %s", who, res.raw)
			}
		}
		// Beyond CMG's window only the claim would hold it: nobody does.
		q["start"], q["end"] = "2040-01-01", nil
		res = b.do("POST", "/api/v1/availability/query", "vgtrk/viewer", q).want(t, http.StatusOK)
		if strings.Contains(string(res.raw), `"other"`) || res.body["results"].([]any)[0].(map[string]any)["available"] != false {
			t.Fatalf("availability after CMG's window = %s", res.raw)
		}
		tl := b.do("GET", base+"/availability/timeline?territories=RU&media=svod&from=2035-01-01&to=2036-12-31", "vgtrk/viewer", nil).want(t, http.StatusOK)
		if strings.Contains(string(tl.raw), `"other"`) {
			t.Fatalf("timeline names the claimant: %s", tl.raw)
		}

		// The claimant and the owner see the claim; a partner does not.
		count := func(who string) (all, claims int) {
			items := b.do("GET", base+"/holdings", who, nil).want(t, http.StatusOK).body["items"].([]any)
			for _, it := range items {
				if it.(map[string]any)["status"] != "confirmed" {
					claims++
				}
			}
			return len(items), claims
		}
		if all, claims := count("cmg/viewer"); all != 2 || claims != 1 {
			t.Fatalf("owner sees %d holdings, %d claims", all, claims)
		}
		if all, claims := count("other/viewer"); all != 2 || claims != 1 {
			t.Fatalf("claimant sees %d holdings, %d claims", all, claims)
		}
		if all, claims := count("vgtrk/admin"); all != 1 || claims != 0 {
			t.Fatalf("a third organisation sees %d holdings, %d claims", all, claims)
		}

		// Only the owner's editors and admins decide; to others the claim does not exist.
		b.do("POST", base+"/holdings/"+claim+"/confirm", "other/admin", nil).want(t, http.StatusForbidden)
		b.do("POST", base+"/holdings/"+claim+"/confirm", "cmg/viewer", nil).want(t, http.StatusForbidden)
		b.do("POST", base+"/holdings/"+claim+"/confirm", "vgtrk/admin", nil).want(t, http.StatusNotFound)
		b.do("DELETE", base+"/holdings/"+claim, "vgtrk/admin", nil).want(t, http.StatusNotFound)
		// Confirming it would overlap CMG's exclusive holding.
		b.do("POST", base+"/holdings/"+claim+"/confirm", "cmg/admin", nil).want(t, http.StatusConflict)
		long := map[string]any{"reason": strings.Repeat("x", 1001)}
		b.do("POST", base+"/holdings/"+claim+"/reject", "cmg/editor", long).want(t, http.StatusUnprocessableEntity)
		res = b.do("POST", base+"/holdings/"+claim+"/reject", "cmg/editor", map[string]any{"reason": "CMG holds these rights"}).want(t, http.StatusOK)
		if res.body["status"] != "rejected" || res.body["status_reason"] != "CMG holds these rights" {
			t.Fatalf("rejected claim = %s", res.raw)
		}
		b.do("POST", base+"/holdings/"+claim+"/reject", "cmg/editor", nil).want(t, http.StatusConflict)
		// The claimant still sees its rejected claim, with the reason.
		items := b.do("GET", base+"/holdings", "other/viewer", nil).want(t, http.StatusOK).body["items"].([]any)
		if last := items[len(items)-1].(map[string]any); last["id"] != claim || last["status"] != "rejected" {
			t.Fatalf("claimant's list = %v", items)
		}

		// Told in-app, by webhook and in the audit log; the partner hears nothing.
		notes := func(org string) map[string]int {
			ns, err := b.svc.DB.NotificationList(ctx, licensing.NotificationParams{Org: org, Limit: 50})
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]int{}
			for _, n := range ns {
				out[n.Kind]++
			}
			return out
		}
		if n := notes("cmg"); n["holding.claimed"] != 1 {
			t.Fatalf("owner's notifications = %v", n)
		}
		if n := notes("other"); n["holding.rejected"] != 1 || n["holding.claimed"] != 0 {
			t.Fatalf("claimant's notifications = %v", n)
		}
		if n := notes("vgtrk"); len(n) != 0 {
			t.Fatalf("a third organisation was notified: %v", n)
		}
		events := func(org string) map[string]int {
			ds, err := b.svc.DB.DeliveryList(ctx, hooks[org], 100)
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]int{}
			for _, d := range ds {
				if strings.HasPrefix(d.EventType, "holding.") {
					out[d.EventType]++
				}
			}
			return out
		}
		if e := events("cmg"); e["holding.claimed"] != 1 || e["holding.rejected"] != 1 {
			t.Fatalf("owner's webhook events = %v", e)
		}
		if e := events("other"); e["holding.claimed"] != 1 || e["holding.rejected"] != 1 {
			t.Fatalf("claimant's webhook events = %v", e)
		}
		if e := events("vgtrk"); len(e) != 0 {
			t.Fatalf("a third organisation got claim events: %v", e)
		}
		log, err := b.svc.DB.AuditList(ctx, audit.ListParams{Org: "cmg", Entity: "holding", EntityID: claim, Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range log {
			actions = append(actions, e.Action)
			if e.Action == "holding.rejected" && !json.Valid(e.Changes) {
				t.Fatalf("rejection audited without its change: %+v", e)
			}
		}
		if strings.Join(actions, ",") != "holding.claimed,holding.rejected" {
			t.Fatalf("owner's audit of the claim = %v", actions)
		}

		// The claimant withdraws its claim.
		b.do("DELETE", base+"/holdings/"+claim, "other/editor", nil).want(t, http.StatusNoContent)
		if all, claims := count("other/viewer"); all != 1 || claims != 0 {
			t.Fatalf("after withdrawal the claimant sees %d holdings, %d claims", all, claims)
		}
	})
}

// TestRightsLicenseeSublicensesWithoutClaim: a licence from the owner makes
// the licensee a holder of what it licensed, so it records sub-licences
// within it with no holding of its own; outside it, it is refused.
func TestRightsLicenseeSublicensesWithoutClaim(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b := setup(t, open)
		film := b.do("POST", "/api/v1/titles", "cmg/editor", cmgPublicFilm()).want(t, http.StatusCreated).body["id"].(string)
		base := "/api/v1/titles/" + film
		b.do("POST", base+"/holdings", "cmg/editor", map[string]any{"territories": []any{"WORLD"}, "media": []any{"svod", "free_tv"},
			"start": "2025-01-01", "end": "2034-12-31", "exclusive": true}).want(t, http.StatusCreated)
		b.do("POST", base+"/licences", "cmg/editor", map[string]any{"licensee": "vgtrk", "territories": []any{"RU", "BY"},
			"media": []any{"svod"}, "start": "2026-01-01", "end": "2028-12-31", "exclusive": true}).want(t, http.StatusCreated)
		sub := map[string]any{"licensee": "okko", "territories": []any{"RU"}, "media": []any{"svod"}, "languages": []any{"ru"},
			"start": "2026-03-01", "end": "2026-12-31", "exclusive": false}
		res := b.do("POST", base+"/licences", "vgtrk/editor", sub).want(t, http.StatusCreated)
		if res.body["licensor"] != "vgtrk" {
			t.Fatalf("sub-licence = %s", res.raw)
		}
		// Outside what it was licensed: another country, or after its licence ends.
		sub["territories"] = []any{"KZ"}
		b.do("POST", base+"/licences", "vgtrk/editor", sub).want(t, http.StatusConflict)
		sub["territories"], sub["end"] = []any{"RU"}, "2029-06-30"
		b.do("POST", base+"/licences", "vgtrk/editor", sub).want(t, http.StatusConflict)
		// The owner licensed RU exclusively: it cannot license it again, nor
		// can a partner without a licence sub-license it.
		sub["end"] = "2026-12-31"
		b.do("POST", base+"/licences", "cmg/editor", sub).want(t, http.StatusConflict)
		b.do("POST", base+"/licences", "other/editor", sub).want(t, http.StatusConflict)
		// A holding restating the licence is not needed, and refused: it
		// overlaps the owner's exclusive holding, exclusive or not (were the
		// owner's holding non-exclusive, it would be a claim like any other).
		restate := map[string]any{"territories": []any{"RU"}, "media": []any{"svod"}, "start": "2026-01-01", "end": "2028-12-31", "exclusive": true}
		b.do("POST", base+"/holdings", "vgtrk/editor", restate).want(t, http.StatusConflict)
		restate["exclusive"] = false
		if res = b.do("POST", base+"/holdings", "vgtrk/editor", restate).want(t, http.StatusConflict); !strings.Contains(string(res.raw), "exclusive_holding") {
			t.Fatalf("licensee's holding = %s", res.raw)
		}
	})
}
