package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// HEAD answers like GET on pages (same status and type, no body), and a
// page asked with a method it does not answer is 405 with Allow, not 404.
func TestWebHeadAndWrongMethod(t *testing.T) {
	s := newSite(t)
	c := s.client(t)
	c.signIn("editor@cmg.demo")
	for _, p := range []string{"/login", "/titles", "/titles/new", "/org/members", "/org/tokens", "/static/app.css", "/no-such-page"} {
		get, head := c.get(p), c.do("HEAD", p, nil)
		if head.StatusCode != get.StatusCode || head.body != "" || head.Header.Get("Content-Type") != get.Header.Get("Content-Type") {
			t.Errorf("%s: GET %d %q, HEAD %d %q with %d body bytes", p, get.StatusCode, get.Header.Get("Content-Type"),
				head.StatusCode, head.Header.Get("Content-Type"), len(head.body))
		}
	}
	for _, c2 := range []struct{ method, path, allow string }{
		{"DELETE", "/titles", "GET, HEAD"}, {"PUT", "/login", "GET, HEAD, POST"}, {"GET", "/logout", "POST"},
	} {
		r := c.do(c2.method, c2.path, nil)
		if r.StatusCode != http.StatusMethodNotAllowed || r.Header.Get("Allow") != c2.allow {
			t.Errorf("%s %s = %d, Allow %q; want 405, %q", c2.method, c2.path, r.StatusCode, r.Header.Get("Allow"), c2.allow)
		}
	}
	// Under /api the 405 is a problem document.
	r := c.do("DELETE", "/api/v1/titles", nil)
	if r.StatusCode != http.StatusMethodNotAllowed || r.Header.Get("Content-Type") != "application/problem+json" || !strings.Contains(r.Header.Get("Allow"), "POST") {
		t.Errorf("API 405: %d %q Allow %q", r.StatusCode, r.Header.Get("Content-Type"), r.Header.Get("Allow"))
	}
}
