package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// NUL was a 500 on PostgreSQL and stored on SQLite; control characters,
// invisible-only text and invalid UTF-8 are now 4xx on both, storing nothing.
func TestTextRuleAtTheAPI(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b := setup(t, open)
		title := func(s string) map[string]any {
			body := redSilk()
			body["localizations"] = map[string]any{"en": map[string]any{"title": s}}
			return body
		}
		cases := []struct {
			name, path string
			body       any
			field      string
		}{
			{"NULInTitle", "/api/v1/titles", title("Red\x00Silk"), "localizations.en.title"},
			{"EscapeInTitle", "/api/v1/titles", title("Red\x1b[31mSilk"), "localizations.en.title"},
			{"LineBreakInTitle", "/api/v1/titles", title("Red\nSilk"), "localizations.en.title"},
			{"C1InTagline", "/api/v1/titles", func() any {
				body := redSilk()
				body["localizations"] = map[string]any{"en": map[string]any{"title": "ok", "tagline": "a\u0085b"}}
				return body
			}(), "localizations.en.tagline"},
			{"OnlyBidiControls", "/api/v1/titles", title("\u202e\u2066\u200f"), "localizations.en.title"},
			{"NULInCreditName", "/api/v1/titles", func() any {
				body := redSilk()
				body["credits"] = []any{map[string]any{"role": "director", "name": map[string]any{"en": "A\x00B"}}}
				return body
			}(), "credits[0].name.en"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				res := b.do("POST", c.path, "vgtrk/admin", c.body).want(t, http.StatusUnprocessableEntity)
				if !strings.HasPrefix(res.header.Get("Content-Type"), "application/problem+json") || !strings.Contains(string(res.raw), c.field) {
					t.Fatalf("problem does not name %s: %s %s", c.field, res.header.Get("Content-Type"), res.raw)
				}
			})
		}
		t.Run("FieldErrorCarriesTheRuleCode", func(t *testing.T) {
			res := b.do("POST", "/api/v1/titles", "vgtrk/admin", title("ab\x00")).want(t, http.StatusUnprocessableEntity)
			errs, _ := res.body["errors"].([]any)
			if len(errs) != 1 {
				t.Fatalf("errors = %s", res.raw)
			}
			e := errs[0].(map[string]any)
			params, _ := e["params"].(map[string]any)
			if e["location"] != "body.localizations.en.title" || e["code"] != "text.control" || params["Char"] != "U+0000" || params["Position"] != 3.0 {
				t.Fatalf("field error = %v", e)
			}
		})
		t.Run("OtherDomainsFields", func(t *testing.T) {
			body := redSilk()
			body["visibility"], body["producers"] = "public", []any{"cmg"}
			film := b.do("POST", "/api/v1/titles", "cmg/editor", body).want(t, http.StatusCreated).body["id"].(string)
			base := "/api/v1/titles/" + film
			terms := func() map[string]any {
				return map[string]any{"territories": []any{"RU"}, "media": []any{"svod"}, "start": "2025-01-01", "end": "2025-12-31", "exclusive": false}
			}
			b.do("POST", base+"/holdings", "cmg/editor", terms()).want(t, http.StatusCreated)
			lic := terms()
			lic["licensee"] = "Kino\x00Poisk"
			wantField(t, b.do("POST", base+"/licences", "cmg/editor", lic), "licensee")
			claim := b.do("POST", base+"/holdings", "other/editor", terms()).want(t, http.StatusAccepted).body["id"].(string)
			wantField(t, b.do("POST", base+"/holdings/"+claim+"/reject", "cmg/editor", map[string]any{"reason": "no\x1b[2J"}), "reason")
			wantField(t, b.do("POST", "/api/v1/tokens", "cmg/admin", map[string]any{"name": "\u202e\u200f", "role": "viewer"}), "name")
			if ls := b.do("GET", base+"/licences", "cmg/viewer", nil).want(t, http.StatusOK); len(ls.body["items"].([]any)) != 0 {
				t.Fatalf("refused licence stored: %s", ls.raw)
			}
		})
		t.Run("InvalidUTF8BodyIsRefusedNotRepaired", func(t *testing.T) {
			raw := []byte(`{"kind":"film","original_language":"ru","visibility":"partners","localizations":{"en":{"title":"Red ` + "\xff\xfe" + ` Silk"}}}`)
			res := b.do("POST", "/api/v1/titles", "vgtrk/admin", raw)
			if res.status != http.StatusBadRequest && res.status != http.StatusUnprocessableEntity {
				t.Fatalf("status = %d, want 400 or 422: %s", res.status, res.raw)
			}
			if !strings.HasPrefix(res.header.Get("Content-Type"), "application/problem+json") || !strings.Contains(string(res.raw), "UTF-8") {
				t.Fatalf("problem does not say UTF-8: %s", res.raw)
			}
		})
		t.Run("NULInPathIDIsNotA500", func(t *testing.T) {
			if res := b.do("GET", "/api/v1/titles/a%00b", "vgtrk/admin", nil); res.status >= 500 {
				t.Fatalf("status = %d: %s", res.status, res.raw)
			}
		})
		if items := b.do("GET", "/api/v1/titles?owner=vgtrk", "vgtrk/admin", nil).want(t, 200).body["items"].([]any); len(items) != 0 {
			t.Fatalf("refused requests stored %d titles", len(items))
		}
	})
}

// wantField asserts a 422 problem that names field.
func wantField(t *testing.T, r *response, field string) {
	t.Helper()
	r.want(t, http.StatusUnprocessableEntity)
	if !strings.Contains(string(r.raw), field) {
		t.Fatalf("problem does not name %s: %s", field, r.raw)
	}
}

// Licensing messages and comments are multi-line text: line breaks pass,
// control characters do not, on both engines.
func TestTextRuleOnLicensingMessages(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b, x := setupLicensing(t, open)
		bad := russianFreeTV(x.Film)
		bad["message"] = "For our\x00schedule"
		wantField(t, b.do("POST", "/api/v1/requests", "vgtrk/editor", bad), "message")
		ok := russianFreeTV(x.Film)
		ok["message"] = "For our autumn\r\nschedule"
		id := b.do("POST", "/api/v1/requests", "vgtrk/editor", ok).want(t, http.StatusCreated).body["id"].(string)
		wantField(t, b.do("POST", "/api/v1/requests/"+id+"/comments", "cmg/editor", map[string]any{"body": "ring\x07"}), "body")
		wantField(t, b.do("POST", "/api/v1/requests/"+id+"/decline", "cmg/editor", map[string]any{"message": "\u2067\u2069"}), "message")
		if r := b.do("GET", "/api/v1/requests/"+id, "vgtrk/viewer", nil).want(t, http.StatusOK); r.body["state"] != "submitted" {
			t.Fatalf("a refused decline changed the request: %s", r.raw)
		}
	})
}

// An avails sheet's licensee and AvailID cells obey the rule too.
func TestTextRuleOnAvailsImport(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b := setup(t, open)
		film := b.do("POST", "/api/v1/titles", "vgtrk/editor", redSilk()).want(t, http.StatusCreated).body["id"].(string)
		head := "Licensee\tTerritory\tTerritoryExclusion\tLicenseType\tStart\tEnd\tContentID\tExclusive\tAvailID\n"
		hold := "vgtrk\tWORLD\t\tSVOD\t2025-01-01\t2035-12-31\t" + film + "\tYes\th1\n"
		if res := b.importAvails("?kind=holdings", "vgtrk/editor", head+hold); res.body["status"] != "succeeded" {
			t.Fatalf("holding import = %s", res.raw)
		}
		for _, row := range []string{
			"Kino\x01Poisk\tRU\t\tSVOD\t2025-06-01\t2025-12-31\t" + film + "\tNo\tl1\n",
			"Okko\tRU\t\tSVOD\t2025-06-01\t2025-12-31\t" + film + "\tNo\tl\x1b2\n",
		} {
			res := b.importAvails("?kind=licences", "vgtrk/editor", head+row)
			if res.body["status"] != "failed" || !strings.Contains(string(res.raw), "control character") {
				t.Fatalf("import of %q = %s", row, res.raw)
			}
		}
		if n := len(b.do("GET", "/api/v1/titles/"+film+"/licences", "vgtrk/viewer", nil).want(t, http.StatusOK).body["items"].([]any)); n != 0 {
			t.Fatalf("refused imports stored %d licences", n)
		}
	})
}
