package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/avails"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

func TestRightsAPI(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b := setup(t, open)
		film := b.do("POST", "/api/v1/titles", "vgtrk/editor", redSilk()).want(t, http.StatusCreated).body["id"].(string)
		base := "/api/v1/titles/" + film

		hold := map[string]any{"holder": "vgtrk", "territories": []any{"WORLD"}, "except_territories": []any{"CN"},
			"media": []any{"theatrical", "svod"}, "languages": []any{}, "start": "2025-02-20", "end": "2035-02-19", "exclusive": true}
		b.do("POST", base+"/holdings", "cmg/admin", hold).want(t, http.StatusForbidden)
		b.do("POST", base+"/holdings", "vgtrk/viewer", hold).want(t, http.StatusForbidden)
		b.do("POST", base+"/holdings", "other/admin", hold).want(t, http.StatusNotFound)
		h := b.do("POST", base+"/holdings", "vgtrk/editor", hold).want(t, http.StatusCreated)
		if h.body["holder"] != "vgtrk" || h.header.Get("Location") == "" {
			t.Fatalf("holding = %s", h.raw)
		}
		cn := map[string]any{"territories": []any{"CN"}, "media": []any{"theatrical"}, "start": "2025-09-01", "end": nil, "exclusive": true}
		b.do("POST", base+"/holdings", "cmg/editor", cn).want(t, http.StatusCreated)

		bad := b.do("POST", base+"/holdings", "vgtrk/editor", map[string]any{"territories": []any{"UK"}, "media": []any{"tv"}, "start": "2025-02-30"}).
			want(t, http.StatusUnprocessableEntity)
		if errs, _ := bad.body["errors"].([]any); len(errs) != 3 {
			t.Fatalf("want three field errors: %s", bad.raw)
		}

		lic := map[string]any{"licensor": "vgtrk", "licensee": "kinopoisk", "territories": []any{"RU"}, "media": []any{"svod"},
			"languages": []any{}, "start": "2025-06-01", "end": "2026-05-31", "exclusive": true}
		l := b.do("POST", base+"/licences", "vgtrk/editor", lic).want(t, http.StatusCreated)
		lid := l.body["id"].(string)
		lic["licensee"] = "okko"
		lic["start"] = "2026-01-01"
		c := b.do("POST", base+"/licences", "vgtrk/editor", lic).want(t, http.StatusConflict)
		refs, _ := c.body["refs"].([]any)
		if len(refs) != 1 || refs[0].(map[string]any)["ref"] != lid || refs[0].(map[string]any)["code"] != "exclusive_licence" {
			t.Fatalf("409 does not name the licence: %s", c.raw)
		}

		q := map[string]any{"titles": []any{film}, "territories": []any{"RU"}, "media": []any{"svod"}, "start": "2025-09-01",
			"end": "2025-12-31", "exclusive": true, "match": "cover_entire"}
		res := b.do("POST", "/api/v1/availability/query", "cmg/viewer", q).want(t, http.StatusOK)
		r0 := res.body["results"].([]any)[0].(map[string]any)
		// Every holder's obstacles are listed: cmg holds nothing in RU, vgtrk has licensed it.
		rs := r0["reasons"].([]any)
		if len(rs) != 2 || rs[0].(map[string]any)["code"] != "no_rights" || rs[0].(map[string]any)["holder"] != "cmg" {
			t.Fatalf("reasons = %s", res.raw)
		}
		reason := rs[1].(map[string]any)
		if r0["available"] != false || reason["code"] != "exclusive_licence" || reason["territory"] != "RU" || reason["licensee"] != "kinopoisk" || reason["ref"] != lid {
			t.Fatalf("query = %s", res.raw)
		}
		q["territories"], q["media"] = []any{"CN"}, []any{"theatrical"}
		r0 = b.do("POST", "/api/v1/availability/query", "cmg/viewer", q).want(t, http.StatusOK).body["results"].([]any)[0].(map[string]any)
		if r0["available"] != true || r0["holder"] != "cmg" {
			t.Fatalf("CN theatrical: %v", r0)
		}
		delete(q, "titles")
		page := b.do("POST", "/api/v1/availability/query", "cmg/viewer", q).want(t, http.StatusOK)
		if rs := page.body["results"].([]any); len(rs) != 1 || rs[0].(map[string]any)["title_id"] != film {
			t.Fatalf("catalogue query = %s", page.raw)
		}
		b.do("POST", "/api/v1/availability/query", "other/viewer", map[string]any{"titles": []any{film}, "territories": []any{"RU"}, "media": []any{"svod"}, "start": "2025-01-01"}).
			want(t, http.StatusNotFound)

		tl := b.do("GET", base+"/availability/timeline?territories=RU,CN&media=svod&from=2025-01-01&to=2026-12-31", "cmg/viewer", nil).want(t, http.StatusOK)
		rows := tl.body["rows"].([]any)
		if len(rows) != 2 {
			t.Fatalf("timeline rows = %s", tl.raw)
		}
		b.do("GET", base+"/availability/timeline?media=cinema", "cmg/viewer", nil).want(t, http.StatusUnprocessableEntity)

		if items := b.do("GET", base+"/licences", "cmg/viewer", nil).want(t, http.StatusOK).body["items"].([]any); len(items) != 1 {
			t.Fatalf("licences = %v", items)
		}
		b.do("DELETE", base+"/holdings/"+h.body["id"].(string), "vgtrk/editor", nil).want(t, http.StatusConflict)
		b.do("DELETE", base+"/licences/"+lid, "cmg/admin", nil).want(t, http.StatusForbidden)
		b.do("DELETE", base+"/licences/"+lid, "vgtrk/editor", nil).want(t, http.StatusNoContent)
		b.do("DELETE", base+"/holdings/"+h.body["id"].(string), "vgtrk/editor", nil).want(t, http.StatusNoContent)
		if items := b.do("GET", base+"/holdings", "vgtrk/viewer", nil).want(t, http.StatusOK).body["items"].([]any); len(items) != 1 {
			t.Fatalf("holdings after delete = %v", items)
		}
	})
}

func TestAvailsAPI(t *testing.T) {
	b := setup(t, storetest.OpenSQLite)
	film := b.do("POST", "/api/v1/titles", "vgtrk/editor", redSilk()).want(t, http.StatusCreated).body["id"].(string)
	head := "Licensee\tTerritory\tTerritoryExclusion\tLicenseType\tStart\tEnd\tContentID\tExclusive\n"
	good := "vgtrk\tWORLD\tCN\tSVOD\t2025-02-20\t2035-02-19\t" + film + "\tYes\n"
	bad := "vgtrk\tRU\t\tCableTV\t2025-02-20\t\t" + film + "\tYes\n"
	// The import runs in the background: 202 and its status, whose report
	// names the bad cell; all or nothing, so nothing was stored.
	res := b.importAvails("?kind=holdings", "vgtrk/editor", head+good+bad)
	if res.body["status"] != "failed" {
		t.Fatalf("refused import = %s", res.raw)
	}
	rep := res.body["report"].(map[string]any)
	errs := rep["errors"].([]any)
	if len(errs) != 1 || errs[0].(map[string]any)["row"] != 3.0 || errs[0].(map[string]any)["column"] != "LicenseType" || rep["committed"] != false {
		t.Fatalf("refused import = %s", res.raw)
	}
	if n := len(b.do("GET", "/api/v1/titles/"+film+"/holdings", "vgtrk/viewer", nil).want(t, http.StatusOK).body["items"].([]any)); n != 0 {
		t.Fatalf("refused import stored %d holdings", n)
	}
	res = b.importAvails("?kind=holdings&keep_good_rows=true", "vgtrk/editor", head+good+bad)
	rep = res.body["report"].(map[string]any)
	if res.body["status"] != "succeeded" || rep["created"] != 1.0 || rep["committed"] != true || res.body["rows_done"] != 2.0 {
		t.Fatalf("keep-good import = %s", res.raw)
	}
	b.do("POST", "/api/v1/avails/import?kind=holdings", "vgtrk/viewer", head+good).want(t, http.StatusForbidden)
	out := b.do("GET", "/api/v1/avails/export?kind=holdings&format=tsv", "vgtrk/viewer", nil).want(t, http.StatusOK)
	if !strings.Contains(string(out.raw), "Красный шёлк") || !strings.Contains(string(out.raw), "\tWORLD\tCN\t") {
		t.Fatalf("export = %s", out.raw)
	}
	x := b.do("GET", "/api/v1/avails/export?kind=holdings&format=xlsx", "vgtrk/viewer", nil).want(t, http.StatusOK)
	if sheets, err := avails.ReadXLSX(x.raw); err != nil || len(sheets[0].Rows) != 1 {
		t.Fatalf("xlsx export: %v", err)
	}
}
