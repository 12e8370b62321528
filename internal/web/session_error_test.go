package web_test

import (
	"net/http"
	"testing"
)

// TestWebSessionStoreErrorIs500: when the database cannot say whether a
// session is valid, the page is a 500, not a redirect to sign in (which
// would treat every signed-in user as signed out during an outage).
func TestWebSessionStoreErrorIs500(t *testing.T) {
	s := newSite(t)
	c := s.client(t)
	c.signIn("editor@cmg.demo")
	if r := c.get("/titles"); r.StatusCode != http.StatusOK {
		t.Fatalf("signed in: %d", r.StatusCode)
	}
	s.db.Close()
	r := c.get("/titles")
	if r.StatusCode != http.StatusInternalServerError {
		t.Fatalf("database down: status %d (location %q)", r.StatusCode, r.Header.Get("Location"))
	}
	for _, ck := range r.Cookies() {
		if ck.Name == "sb_session" && ck.MaxAge < 0 {
			t.Fatal("the session cookie was cleared because the database did not answer")
		}
	}
}
