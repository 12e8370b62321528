package server

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// benchJSON is a 50-title page's worth of JSON (about 20 KB).
var benchJSON = []byte(`{"items":[` + strings.TrimSuffix(strings.Repeat(`{"id":"01a235d8-1931-78e4-9cff-6b07a08d1235","kind":"film","display_title":"Красный шёлк","display_language":"ru","localizations":{"ru":{"title":"Красный шёлк"},"zh-Hans":{"title":"红丝绸"},"en":{"title":"Red Silk"}},"version":3},`, 50), ",") + `]}`)

func jsonHandler(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write(benchJSON)
}

func benchServe(b *testing.B, h http.Handler, header ...string) {
	b.ReportAllocs()
	b.SetBytes(int64(len(benchJSON)))
	for b.Loop() {
		req := httptest.NewRequest("GET", "/api/v1/titles", nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 200 && w.Code != 304 {
			b.Fatal(w.Code)
		}
	}
}

// Baseline: the handler alone. Then the ETag hash and buffering, a 304,
// and gzip / zstd on top, measured in the same run.
func BenchmarkJSONBaseline(b *testing.B) { benchServe(b, http.HandlerFunc(jsonHandler)) }
func BenchmarkJSONConditional(b *testing.B) {
	benchServe(b, conditional(http.HandlerFunc(jsonHandler)))
}
func BenchmarkJSONNotModified(b *testing.B) {
	w := httptest.NewRecorder()
	conditional(http.HandlerFunc(jsonHandler)).ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
	benchServe(b, conditional(http.HandlerFunc(jsonHandler)), "If-None-Match", w.Header().Get("ETag"))
}
func BenchmarkJSONGzip(b *testing.B) {
	benchServe(b, compress()(conditional(http.HandlerFunc(jsonHandler))), "Accept-Encoding", "gzip")
}
func BenchmarkJSONZstd(b *testing.B) {
	benchServe(b, compress()(conditional(http.HandlerFunc(jsonHandler))), "Accept-Encoding", "zstd")
}

// TestCompressedSizes records what compression saves on the page above.
func TestCompressedSizes(t *testing.T) {
	for _, enc := range []string{"gzip", "zstd"} {
		w := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "/api/v1/titles", nil)
		req.Header.Set("Accept-Encoding", enc)
		compress()(http.HandlerFunc(jsonHandler)).ServeHTTP(w, req)
		if w.Header().Get("Content-Encoding") != enc || w.Body.Len() >= len(benchJSON)/2 || bytes.Equal(w.Body.Bytes(), benchJSON) {
			t.Fatalf("%s: %d bytes from %d, encoding %q", enc, w.Body.Len(), len(benchJSON), w.Header().Get("Content-Encoding"))
		}
		t.Logf("%s: %d -> %d bytes", enc, len(benchJSON), w.Body.Len())
	}
}
