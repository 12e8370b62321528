package server

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

func jsonOf(n int) http.HandlerFunc {
	body := `{"pad":"` + strings.Repeat("silk ", n/5) + `"}`
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, body)
	}
}

func TestCompressSmallBufferedAnswerPlain(t *testing.T) {
	h := compress()(conditional(jsonOf(300)))
	req := httptest.NewRequest("GET", "/api/v1/x", nil)
	req.Header.Set("Accept-Encoding", "gzip, zstd")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Header().Get("Content-Encoding") != "" || !strings.Contains(w.Header().Get("Vary"), "Accept-Encoding") {
		t.Fatalf("small answer: %v", w.Header())
	}
	if !strings.HasPrefix(w.Body.String(), `{"pad"`) {
		t.Fatalf("body %q", w.Body.String())
	}
}

func TestCompressLargeAnswer(t *testing.T) {
	for _, enc := range []string{"gzip", "zstd", "br, gzip;q=1.0", "zstd;q=0, gzip"} {
		h := compress()(conditional(jsonOf(5000)))
		req := httptest.NewRequest("GET", "/api/v1/x", nil)
		req.Header.Set("Accept-Encoding", enc)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		var rd io.Reader
		switch got := w.Header().Get("Content-Encoding"); got {
		case "gzip":
			zr, err := gzip.NewReader(bytes.NewReader(w.Body.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			rd = zr
		case "zstd":
			if strings.Contains(enc, "zstd;q=0") {
				t.Fatalf("%s: zstd refused with q=0 but used", enc)
			}
			zr, err := zstd.NewReader(bytes.NewReader(w.Body.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			defer zr.Close()
			rd = zr
		default:
			t.Fatalf("%s: Content-Encoding %q", enc, got)
		}
		got, err := io.ReadAll(rd)
		if err != nil || !strings.HasPrefix(string(got), `{"pad"`) || len(got) < 5000 || w.Header().Get("Content-Length") != "" {
			t.Fatalf("%s: decoded %d bytes (%v), Content-Length %q", enc, len(got), err, w.Header().Get("Content-Length"))
		}
	}
}

func TestCompressOnlyJSON(t *testing.T) {
	h := compress()(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "video/mp4")
		w.Write(bytes.Repeat([]byte{1}, 5000))
	}))
	req := httptest.NewRequest("GET", "/media", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Header().Get("Content-Encoding") != "" || w.Body.Len() != 5000 {
		t.Fatalf("media compressed: %v", w.Header())
	}
}
