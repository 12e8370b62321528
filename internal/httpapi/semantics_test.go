package httpapi_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/klauspost/compress/zstd"

	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// routeParam matches chi's {name} and {name:regexp} path parameters.
var routeParam = regexp.MustCompile(`\{[^}]+\}`)

// concrete fills a route pattern with values: the fixture's film for ids,
// "x" elsewhere; a trailing wildcard becomes "x".
func (b *wideBundle) concrete(pattern string) string {
	p := routeParam.ReplaceAllString(pattern, b.x.Film)
	return strings.TrimSuffix(strings.ReplaceAll(p, "/*", "/x"), "*")
}

// routes lists each route pattern with its registered methods.
func (b *wideBundle) routes(t *testing.T) map[string][]string {
	out := map[string][]string{}
	err := chi.Walk(b.router, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		out[route] = append(out[route], method)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 20 {
		t.Fatalf("only %d routes walked", len(out))
	}
	return out
}

// raw sends a request without the client's transparent decompression.
func raw(t *testing.T, method, url string, body []byte, headers ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	return res, data
}

func TestHeadWorksWhereGetDoes(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b := setupWide(t, open)
		n := 0
		for route, methods := range b.routes(t) {
			if !slices.Contains(methods, http.MethodGet) {
				continue
			}
			n++
			path := b.concrete(route)
			for _, who := range []string{"cmg/admin", ""} {
				get := b.do("GET", path, who, nil)
				head := b.do("HEAD", path, who, nil)
				if head.status != get.status || len(head.raw) != 0 {
					t.Errorf("%s as %q: GET %d, HEAD %d with %d body bytes", route, who, get.status, head.status, len(head.raw))
				}
				if get.header.Get("Content-Type") != head.header.Get("Content-Type") || get.header.Get("ETag") != head.header.Get("ETag") {
					t.Errorf("%s: HEAD headers differ: %v vs %v", route, head.header, get.header)
				}
			}
		}
		t.Logf("%d GET routes checked", n)
	})
}

func TestWrongMethodIs405WithAllow(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b := setupWide(t, open)
		for route, methods := range b.routes(t) {
			wrong := ""
			for _, m := range []string{http.MethodDelete, http.MethodPut, http.MethodPatch, http.MethodPost} {
				if !slices.Contains(methods, m) {
					wrong = m
					break
				}
			}
			if wrong == "" || slices.Contains(methods, "CONNECT") {
				continue // the route answers every method (tus)
			}
			res := b.do(wrong, b.concrete(route), "cmg/admin", nil)
			if res.status != http.StatusMethodNotAllowed {
				t.Errorf("%s %s = %d, want 405", wrong, route, res.status)
				continue
			}
			allow := res.header.Get("Allow")
			for _, m := range methods {
				if !strings.Contains(allow, m) {
					t.Errorf("%s: Allow %q lacks %s", route, allow, m)
				}
			}
			if slices.Contains(methods, "GET") && !strings.Contains(allow, "HEAD") {
				t.Errorf("%s: Allow %q lacks HEAD", route, allow)
			}
			if strings.HasPrefix(route, "/api/") && (res.header.Get("Content-Type") != "application/problem+json" || res.body["status"] != float64(405)) {
				t.Errorf("%s: 405 is not a problem: %s %s", route, res.header.Get("Content-Type"), res.raw)
			}
		}
		// An unknown API path stays 404, as a problem.
		res := b.do("GET", "/api/v1/no-such-thing", "cmg/admin", nil).want(t, http.StatusNotFound)
		if res.header.Get("Content-Type") != "application/problem+json" || res.body["code"] != "not_found" {
			t.Fatalf("404: %s %s", res.header.Get("Content-Type"), res.raw)
		}
	})
}

func TestIfNoneMatch304(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b := setupWide(t, open)
		one := "/api/v1/titles/" + b.x.Film + "?lang=en"
		for _, path := range []string{one, "/api/v1/titles", "/api/v1/me"} {
			first := b.do("GET", path, "cmg/admin", nil).want(t, http.StatusOK)
			tag := first.header.Get("ETag")
			if tag == "" {
				t.Fatalf("%s: no ETag", path)
			}
			again := b.do("GET", path, "cmg/admin", nil, "If-None-Match", `"other", `+tag).want(t, http.StatusNotModified)
			if len(again.raw) != 0 || again.header.Get("ETag") != tag {
				t.Fatalf("%s: 304 with body %q, ETag %q", path, again.raw, again.header.Get("ETag"))
			}
			// Weak comparison: a W/ form of the tag matches too.
			b.do("GET", path, "cmg/admin", nil, "If-None-Match", "W/"+strings.TrimPrefix(tag, "W/")).want(t, http.StatusNotModified)
			b.do("GET", path, "cmg/admin", nil, "If-None-Match", `"stale"`).want(t, http.StatusOK)
		}
		// A change makes the old tag stale.
		tag := b.do("GET", one, "cmg/admin", nil).header.Get("ETag")
		b.do("PATCH", "/api/v1/titles/"+b.x.Film, "cmg/admin", `{"production_year":2001}`, "Content-Type", "application/merge-patch+json", "If-Match", tag).want(t, http.StatusOK)
		b.do("GET", one, "cmg/admin", nil, "If-None-Match", tag).want(t, http.StatusOK)
	})
}

func TestWeakETagNeverMatchesIfMatch(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b := setupWide(t, open)
		path := "/api/v1/titles/" + b.x.Film
		tag := b.do("GET", path+"?lang=ru", "cmg/admin", nil).want(t, http.StatusOK).header.Get("ETag")
		if strings.HasPrefix(tag, "W/") || !strings.Contains(tag, ";lang=ru") {
			t.Fatalf("title ETag %q: want strong with the display language", tag)
		}
		patch := func(ifMatch string) *response {
			return b.do("PATCH", path, "cmg/admin", `{"production_year":2002}`, "Content-Type", "application/merge-patch+json", "If-Match", ifMatch)
		}
		res := patch("W/"+tag).want(t, http.StatusPreconditionFailed)
		if res.header.Get("Content-Type") != "application/problem+json" || res.body["code"] != "precondition_failed" {
			t.Fatalf("412: %s", res.raw)
		}
		patch(`W/"v1"`).want(t, http.StatusPreconditionFailed)
		// The tag of any language names the same version: If-Match passes.
		patch(tag).want(t, http.StatusOK)
	})
}

func TestVaryAcceptLanguage(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b := setupWide(t, open)
		path := "/api/v1/titles/" + b.x.Film
		// The fixture's film has Russian and English; Chinese readers get English.
		tags := map[string]string{}
		for _, lang := range []string{"ru", "en", "zh-Hans"} {
			res := b.do("GET", path, "cmg/admin", nil, "Accept-Language", lang).want(t, http.StatusOK)
			if !strings.Contains(res.header.Get("Vary"), "Accept-Language") {
				t.Fatalf("Vary = %q", res.header.Get("Vary"))
			}
			shown := res.body["display_language"].(string)
			tag := res.header.Get("ETag")
			if prev, ok := tags[shown]; ok && prev != tag {
				t.Fatalf("same display language %s, different ETags %s and %s", shown, prev, tag)
			}
			tags[shown] = tag
		}
		if len(tags) != 2 || tags["ru"] == tags["en"] {
			t.Fatalf("ETags per display language: %v", tags)
		}
		list := b.do("GET", "/api/v1/titles", "cmg/admin", nil, "Accept-Language", "ru").want(t, http.StatusOK)
		if !strings.Contains(list.header.Get("Vary"), "Accept-Language") {
			t.Fatalf("list Vary = %q", list.header.Get("Vary"))
		}
		// An operation that does not read the language does not vary on it.
		if v := b.do("GET", "/api/v1/me", "cmg/admin", nil).header.Get("Vary"); strings.Contains(v, "Accept-Language") {
			t.Fatalf("/me Vary = %q", v)
		}
	})
}

func TestCrossOriginRefusalIsProblemJSON(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b := setupWide(t, open)
		res := b.do("POST", "/api/v1/titles", "cmg/admin", redSilk(), "Sec-Fetch-Site", "cross-site").want(t, http.StatusForbidden)
		if res.header.Get("Content-Type") != "application/problem+json" || res.body["code"] != "cross_origin" || res.body["status"] != float64(403) {
			t.Fatalf("refusal: %s %s", res.header.Get("Content-Type"), res.raw)
		}
		res = b.do("POST", "/titles/new", "", "a=b", "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site").want(t, http.StatusForbidden)
		if res.header.Get("Content-Type") != "application/problem+json" {
			t.Fatalf("web refusal: %s", res.header.Get("Content-Type"))
		}
	})
}

func Test415DoesNotEchoBody(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b := setupWide(t, open)
		const secret = "SECRET-BODY-MARKER"
		for _, ct := range []string{"text/plain", "application/x-www-form-urlencoded", "application/xml"} {
			res := b.do("POST", "/api/v1/titles", "cmg/admin", "name="+secret, "Content-Type", ct).want(t, http.StatusUnsupportedMediaType)
			if bytes.Contains(res.raw, []byte(secret)) || res.body["code"] != "unsupported_media_type" {
				t.Fatalf("%s: 415 echoes the body or lacks its code: %s", ct, res.raw)
			}
		}
		res := b.do("POST", "/api/v1/titles", "cmg/admin", `{"kind":`+secret, "Content-Type", "application/json").want(t, http.StatusBadRequest)
		if bytes.Contains(res.raw, []byte(secret)) {
			t.Fatalf("400 echoes the body: %s", res.raw)
		}
		// curl -d without -H 'Content-Type: application/json' sends
		// form-encoded JSON: read as JSON when a token is sent.
		raw, _ := jsonMarshal(redSilk())
		b.do("POST", "/api/v1/titles", "cmg/editor", raw, "Content-Type", "application/x-www-form-urlencoded").want(t, http.StatusCreated)
	})
}

func TestGzipJSON(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b := setupWide(t, open)
		auth := "Bearer " + b.tokens["cmg/admin"]
		// An answer under 1 KiB (a page of one title) goes out as it is,
		// still marked as varying with Accept-Encoding.
		small, _ := raw(t, "GET", b.url+"/api/v1/titles?limit=1", nil, "Authorization", auth, "Accept-Encoding", "gzip")
		if small.Header.Get("Content-Encoding") != "" || !strings.Contains(strings.Join(small.Header.Values("Vary"), ", "), "Accept-Encoding") {
			t.Fatalf("small answer: %v", small.Header)
		}
		// The OpenAPI document is large JSON.
		const big = "/api/v1/openapi.json"
		plain, want := raw(t, "GET", b.url+big, nil, "Authorization", auth)
		if plain.Header.Get("Content-Encoding") != "" || len(want) < 1024 {
			t.Fatalf("compressed without Accept-Encoding, or too small (%d bytes): %v", len(want), plain.Header)
		}
		for _, enc := range []string{"gzip", "zstd"} {
			res, body := raw(t, "GET", b.url+big, nil, "Authorization", auth, "Accept-Encoding", enc)
			vary := strings.Join(res.Header.Values("Vary"), ", ")
			if res.Header.Get("Content-Encoding") != enc || !strings.Contains(vary, "Accept-Encoding") {
				t.Fatalf("%s: Content-Encoding %q Vary %q", enc, res.Header.Get("Content-Encoding"), vary)
			}
			var rd io.Reader
			if enc == "gzip" {
				zr, err := gzip.NewReader(bytes.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				rd = zr
			} else {
				zr, err := zstd.NewReader(bytes.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				defer zr.Close()
				rd = zr
			}
			got, err := io.ReadAll(rd)
			if err != nil || !bytes.Equal(got, want) {
				t.Fatalf("%s: decoded %q (%v), want %q", enc, got, err, want)
			}
		}
		// Metrics are text, not JSON: never compressed by this rule.
		if res, _ := raw(t, "GET", b.url+"/metrics", nil, "Accept-Encoding", "gzip"); res.Header.Get("Content-Encoding") == "gzip" && !strings.Contains(res.Header.Get("Content-Type"), "text/plain") {
			t.Fatalf("metrics: %v", res.Header)
		}
	})
}

func TestLinkNextHeader(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b := setupWide(t, open)
		for range 2 {
			b.do("POST", "/api/v1/titles", "cmg/editor", redSilk()).want(t, http.StatusCreated)
		}
		link := regexp.MustCompile(`^<([^>]+)>; rel="next"$`)
		path, seen := "/api/v1/titles?limit=1&kind=film", 0
		for path != "" {
			res := b.do("GET", path, "cmg/admin", nil).want(t, http.StatusOK)
			seen += len(res.body["items"].([]any))
			next, _ := res.body["next_cursor"].(string)
			h := res.header.Get("Link")
			if next == "" {
				if h != "" {
					t.Fatalf("last page has Link %q", h)
				}
				break
			}
			m := link.FindStringSubmatch(h)
			if m == nil || !strings.Contains(m[1], "limit=1") || !strings.Contains(m[1], "kind=film") {
				t.Fatalf("Link = %q for next_cursor %q", h, next)
			}
			path = m[1]
		}
		if seen < 3 {
			t.Fatalf("followed Link through %d titles, want at least 3", seen)
		}
	})
}
