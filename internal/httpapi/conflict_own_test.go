package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// licenceRef returns the first exclusive_licence reason of a 409.
func licenceRef(t *testing.T, r *response) map[string]any {
	t.Helper()
	refs, _ := r.body["refs"].([]any)
	for _, ref := range refs {
		if m := ref.(map[string]any); m["code"] == "exclusive_licence" {
			return m
		}
	}
	t.Fatalf("no exclusive_licence reason in %s", r.raw)
	return nil
}

// TestConflictsMarkTheCallersOwnLicence: a 409 refusing a licence, a request
// or an acceptance marks the licence in the way as the caller's own (own)
// when the caller granted it or holds it, and not when it is between others;
// the organisations stay slugs as data.
func TestConflictsMarkTheCallersOwnLicence(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b, x := setupLicensing(t, open)
		licences := "/api/v1/titles/" + x.Film + "/licences"
		lic := func(licensee, start, end string) map[string]any {
			return map[string]any{"licensor": "cmg", "licensee": licensee, "territories": []any{"RU"}, "media": []any{"free_tv"},
				"start": start, "end": end, "exclusive": true}
		}
		b.do("POST", licences, "cmg/editor", lic("okko", "2025-09-01", "2025-09-30")).want(t, http.StatusCreated)

		// VGTRK's request is blocked by CMG's licence to Okko: not VGTRK's own.
		r := licenceRef(t, b.do("POST", "/api/v1/requests", "vgtrk/editor", russianFreeTV(x.Film)).want(t, http.StatusConflict))
		if own, set := r["own"]; set || r["holder"] != "cmg" || r["licensee"] != "okko" {
			t.Errorf("another organisation's licence marked own=%v: %v", own, r)
		}
		// CMG recording a clashing licence meets the licence it granted: its own.
		r = licenceRef(t, b.do("POST", licences, "cmg/editor", lic("kinopoisk", "2025-09-15", "2025-10-15")).want(t, http.StatusConflict))
		if r["own"] != true || r["licensee"] != "okko" {
			t.Errorf("the licensor's own licence not marked own: %v", r)
		}

		// A request that was grantable when submitted, then overtaken by a
		// licence CMG granted VGTRK: accepting it meets CMG's own licence,
		// and VGTRK asking again meets its own licence from CMG.
		winter := russianFreeTV(x.Film)
		winter["start"], winter["end"] = "2025-11-01", "2025-12-31"
		id := b.do("POST", "/api/v1/requests", "vgtrk/editor", winter).want(t, http.StatusCreated).body["id"].(string)
		b.do("POST", licences, "cmg/editor", lic("vgtrk", "2025-12-01", "2025-12-31")).want(t, http.StatusCreated)
		r = licenceRef(t, b.do("POST", "/api/v1/requests/"+id+"/accept", "cmg/editor", map[string]any{}, "If-Match", `"v1"`).want(t, http.StatusConflict))
		if r["own"] != true || r["holder"] != "cmg" || r["licensee"] != "vgtrk" {
			t.Errorf("accepting: the licensor's own licence not marked own: %v", r)
		}
		r = licenceRef(t, b.do("POST", "/api/v1/requests", "vgtrk/editor", winter).want(t, http.StatusConflict))
		if r["own"] != true || r["licensee"] != "vgtrk" {
			t.Errorf("requesting again: the licensee's own licence not marked own: %v", r)
		}
	})
}
