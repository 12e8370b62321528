package server

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
)

func TestReadyzReflectsTheDatabase(t *testing.T) {
	var down error
	s := New(Config{Ready: func(context.Context) error { return down }})
	ready := func() int {
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
		return rec.Code
	}
	if ready() != 200 {
		t.Fatal("not ready with a working database")
	}
	down = errors.New("connection refused")
	if ready() != http.StatusServiceUnavailable {
		t.Fatal("ready with an unreachable database")
	}
}

func TestPanicsBecomeProblems(t *testing.T) {
	s := New(Config{}, func(r chi.Router) {
		r.Get("/boom", func(http.ResponseWriter, *http.Request) { panic("bug") })
	})
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	res, err := http.Get(srv.URL + "/boom")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 500 || strings.Contains(string(body), "bug") || res.Header.Get("X-Request-Id") == "" {
		t.Fatalf("panic answered %d %q (request id %q)", res.StatusCode, body, res.Header.Get("X-Request-Id"))
	}
	// The server survives to answer the next request.
	if res, err := http.Get(srv.URL + "/healthz"); err != nil || res.StatusCode != 200 {
		t.Fatalf("after a panic: %v %v", res, err)
	}
}

func TestCrossOriginWritesAreRefused(t *testing.T) {
	s := New(Config{}, func(r chi.Router) {
		r.Post("/form", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(204) })
	})
	req := httptest.NewRequest("POST", "/form", strings.NewReader("a=b"))
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden {
		t.Fatalf("cross-site POST answered %d", rec.Code)
	}
}
