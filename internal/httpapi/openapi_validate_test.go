package httpapi_test

import (
	"bytes"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	verrors "github.com/pb33f/libopenapi-validator/errors"

	"github.com/silkbridge/silkbridge/internal/server"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// replayer sends real requests and checks every answer against the served
// OpenAPI document with an independent validator (pb33f/libopenapi-validator).
type replayer struct {
	t    *testing.T
	b    *wideBundle
	v    validator.Validator
	seen map[int]int
}

func newReplayer(t *testing.T, b *wideBundle, path string) *replayer {
	t.Helper()
	spec := b.do("GET", path, "", nil).want(t, http.StatusOK).raw
	doc, err := libopenapi.NewDocument(spec)
	if err != nil {
		t.Fatal(err)
	}
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		t.Fatalf("validator: %v", errs)
	}
	if ok, verrs := v.ValidateDocument(); !ok {
		t.Fatalf("%s is not a valid OpenAPI document:\n%s", path, describe(verrs))
	}
	return &replayer{t: t, b: b, v: v, seen: map[int]int{}}
}

func describe(errs []*verrors.ValidationError) string {
	var sb strings.Builder
	for _, e := range errs {
		sb.WriteString("  " + e.Message + ": " + e.Reason + "\n")
		for _, f := range e.SchemaValidationErrors {
			sb.WriteString("    " + f.FieldPath + ": " + f.Reason + "\n")
		}
	}
	return sb.String()
}

// call sends one request and validates the answer; it returns the answer.
func (rp *replayer) call(method, path, who string, body any, headers ...string) *response {
	rp.t.Helper()
	res := rp.b.do(method, path, who, body, headers...)
	rp.seen[res.status]++
	req, _ := http.NewRequest(method, rp.b.url+path, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	hr := &http.Response{StatusCode: res.status, Header: res.header, Body: io.NopCloser(bytes.NewReader(res.raw)), Request: req}
	if ok, errs := rp.v.ValidateHttpResponse(req, hr); !ok {
		rp.t.Errorf("%s %s -> %d does not match the document:\n%s  body: %.300s", method, path, res.status, describe(errs), res.raw)
	}
	return res
}

var pathParam = regexp.MustCompile(`\{[^}]+\}`)

const missingID = "01000000-0000-7000-8000-000000000000"

func TestEveryResponseValidatesAgainstOpenAPI(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b := setupWide(t, open)
		rp := newReplayer(t, b, "/api/v1/openapi.json")
		film := "/api/v1/titles/" + b.x.Film

		// Every documented operation, as it is registered today: GETs as
		// an admin, on the fixture's film and on an id that does not exist,
		// and without credentials; changes with a malformed and a
		// wrongly-typed body, on an id that does not exist.
		spec := b.do("GET", "/api/v1/openapi.json", "", nil).body["paths"].(map[string]any)
		for p, item := range spec {
			for method := range item.(map[string]any) {
				m := strings.ToUpper(method)
				switch m {
				case http.MethodGet:
					rp.call(m, pathParam.ReplaceAllString(p, b.x.Film), "cmg/admin", nil)
					rp.call(m, pathParam.ReplaceAllString(p, missingID), "vgtrk/viewer", nil)
					rp.call(m, pathParam.ReplaceAllString(p, missingID), "", nil)
				case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
					target := pathParam.ReplaceAllString(p, missingID)
					rp.call(m, target, "cmg/admin", `{"broken":`)
					rp.call(m, target, "cmg/admin", "a=b", "Content-Type", "text/plain")
					rp.call(m, target, "", `{}`)
				}
			}
		}

		// A title's life, successes and errors.
		created := rp.call("POST", "/api/v1/titles", "cmg/editor", redSilk()).want(t, http.StatusCreated)
		id := created.body["id"].(string)
		rp.call("GET", "/api/v1/titles/"+id+"?lang=zh-Hans", "cmg/viewer", nil).want(t, http.StatusOK)
		tag := rp.call("GET", film, "cmg/admin", nil).header.Get("ETag")
		rp.call("GET", film, "cmg/admin", nil, "If-None-Match", tag).want(t, http.StatusNotModified)
		rp.call("GET", "/api/v1/titles?limit=1", "cmg/admin", nil).want(t, http.StatusOK)
		rp.call("GET", "/api/v1/titles?limit=0", "cmg/admin", nil).want(t, http.StatusUnprocessableEntity)
		rp.call("POST", "/api/v1/titles", "cmg/viewer", redSilk()).want(t, http.StatusForbidden)
		rp.call("POST", "/api/v1/titles", "cmg/editor", `{"kind":"opera"}`).want(t, http.StatusUnprocessableEntity)
		rp.call("POST", "/api/v1/titles", "cmg/editor", `{"kind":`).want(t, http.StatusBadRequest)
		rp.call("POST", "/api/v1/titles", "cmg/editor", "<x/>", "Content-Type", "application/xml").want(t, http.StatusUnsupportedMediaType)
		rp.call("POST", "/api/v1/titles", "cmg/editor", `{"kind":"`+strings.Repeat("x", 2<<20)+`"}`).want(t, http.StatusRequestEntityTooLarge)
		rp.call("POST", "/api/v1/titles", "", redSilk()).want(t, http.StatusUnauthorized)
		rp.call("PATCH", film, "cmg/admin", `{"production_year":1999}`, "Content-Type", "application/merge-patch+json", "If-Match", `W/"v1"`).want(t, http.StatusPreconditionFailed)
		rp.call("PATCH", film, "cmg/admin", `{"production_year":1999}`, "Content-Type", "application/merge-patch+json", "If-Match", tag).want(t, http.StatusOK)
		rp.call("DELETE", "/api/v1/titles/"+missingID, "cmg/admin", nil).want(t, http.StatusNotFound)
		// Another organisation's change is refused.
		rp.call("PATCH", film, "vgtrk/admin", `{"production_year":1998}`, "Content-Type", "application/merge-patch+json").want(t, http.StatusForbidden)
		// Avails export in both media types.
		rp.call("GET", "/api/v1/avails/export?format=tsv", "cmg/admin", nil).want(t, http.StatusOK)
		rp.call("GET", "/api/v1/avails/export?format=xlsx", "cmg/admin", nil).want(t, http.StatusOK)
		// A licence request conflicting with itself: the second identical one is 409.
		req := map[string]any{"title": b.x.Film, "licensor": "cmg", "territories": []any{"RU"}, "media": []any{"free_tv"},
			"languages": []any{"ru"}, "start": "2031-09-01", "end": "2031-12-31", "exclusive": true}
		rp.call("POST", "/api/v1/requests", "vgtrk/editor", req)
		rp.call("POST", "/api/v1/requests", "vgtrk/editor", req)
		// A field error carries its rule's code and parameters, as generated clients read them.
		ctl := redSilk()
		ctl["localizations"].(map[string]any)["en"] = map[string]any{"title": "Red\u0007Silk"}
		bad := rp.call("POST", "/api/v1/titles", "cmg/editor", ctl).want(t, http.StatusUnprocessableEntity)
		if errs, _ := bad.body["errors"].([]any); len(errs) == 0 || errs[0].(map[string]any)["code"] == nil || errs[0].(map[string]any)["params"] == nil {
			t.Errorf("field error without code and params: %s", bad.raw)
		}
		// A window waiting on an event answers conditional, naming it; dating the event resolves it.
		rp.call("POST", film+"/holdings", "cmg/editor", map[string]any{"territories": []any{"KP"}, "media": []any{"educational"},
			"start": "2031-01-01", "avail": map[string]any{"start_condition": "Theatrical", "start_lag": "P30D"}}).want(t, http.StatusCreated)
		ask := map[string]any{"titles": []any{b.x.Film}, "territories": []any{"KP"}, "media": []any{"educational"},
			"start": "2032-01-01", "end": "2032-12-31"}
		ans := rp.call("POST", "/api/v1/availability/query", "vgtrk/viewer", ask).want(t, http.StatusOK)
		if r := ans.body["results"].([]any)[0].(map[string]any); r["status"] != "conditional" ||
			r["reasons"].([]any)[0].(map[string]any)["condition"] != "Theatrical" {
			t.Errorf("conditional answer: %s", ans.raw)
		}
		rp.call("POST", film+"/conditions", "vgtrk/editor", map[string]any{"condition": "Theatrical", "date": "2031-06-01"}).want(t, http.StatusForbidden)
		rp.call("POST", film+"/conditions", "cmg/editor", map[string]any{"condition": "Theatrical", "date": "2031-06-01", "territories": []any{"KP"}}).want(t, http.StatusOK)
		rp.call("GET", film+"/conditions", "vgtrk/viewer", nil).want(t, http.StatusOK)
		ans = rp.call("POST", "/api/v1/availability/query", "vgtrk/viewer", ask).want(t, http.StatusOK)
		if r := ans.body["results"].([]any)[0].(map[string]any); r["status"] != "available" {
			t.Errorf("after dating: %s", ans.raw)
		}
		// Header-box suggestions name people beside titles.
		rp.call("POST", "/api/v1/people", "cmg/editor", map[string]any{"localizations": map[string]any{"zh-Hans": map[string]any{"name": "陈思诚"}},
			"roles": []any{"director"}, "visibility": "public"}).want(t, http.StatusCreated)
		if sug := rp.call("GET", "/api/v1/search/suggest?q=chen+si&lang=ru", "vgtrk/viewer", nil).want(t, http.StatusOK); len(sug.body["people"].([]any)) != 1 {
			t.Errorf("suggest names no person: %s", sug.raw)
		}
		rp.call("GET", "/api/v1/search/suggest?q=chen&type=film", "vgtrk/viewer", nil).want(t, http.StatusUnprocessableEntity)
		for _, p := range []string{"/healthz", "/readyz", "/metrics"} {
			rp.call("GET", p, "", nil).want(t, http.StatusOK)
		}

		// 405 and unknown paths are not operations: their problems must
		// still be the document's error model.
		for _, c := range []struct {
			method, path string
			status       int
		}{{"DELETE", "/api/v1/titles", 405}, {"GET", "/api/v1/nothing-here", 404}} {
			res := b.do(c.method, c.path, "cmg/admin", nil).want(t, c.status)
			rp.seen[c.status]++
			for _, k := range []string{"title", "status", "detail", "code"} {
				if _, ok := res.body[k]; !ok || res.header.Get("Content-Type") != "application/problem+json" {
					t.Errorf("%s %s: problem lacks %s: %s", c.method, c.path, k, res.raw)
				}
			}
		}

		// The rate limit's 429, from a server allowing one request a minute.
		slow := setupWide(t, open, func(c *server.Config) { c.RatePerSecond, c.RateBurst = 1.0/60, 1 })
		srp := &replayer{t: t, b: slow, v: rp.v, seen: rp.seen}
		srp.call("GET", "/api/v1/me", "cmg/admin", nil)
		srp.call("GET", "/api/v1/me", "cmg/admin", nil).want(t, http.StatusTooManyRequests)

		for _, s := range []int{200, 201, 304, 400, 401, 403, 404, 405, 409, 412, 413, 415, 422, 429} {
			if rp.seen[s] == 0 {
				t.Errorf("no %d answer was replayed (seen: %v)", s, rp.seen)
			}
		}
	})
}

// The 3.0 document huma also serves is a valid OpenAPI 3.0 document.
func TestOpenAPI30DocumentIsValid(t *testing.T) {
	b := setupWide(t, storetest.OpenSQLite)
	newReplayer(t, b, "/api/v1/openapi-3.0.json")
}
