package httpapi_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/httpapi"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// TestAuthStoreErrorIs500: when the database cannot be asked about a token,
// the caller gets a 500 problem (and the operator a log line), not a 401
// that tells a client with a good token to throw it away.
func TestAuthStoreErrorIs500(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		svc := storetest.NewServices(open(t))
		storetest.SeedOrgs(t, svc)
		b := serveAPI(t, svc, fullDeps(svc))
		b.do("GET", "/api/v1/me", "cmg/viewer", nil).want(t, http.StatusOK)
		if r := b.do("GET", "/api/v1/me", "sbt_aaaaaaaa_"+strings.Repeat("x", 43), nil); r.status != http.StatusUnauthorized {
			t.Fatalf("unknown token: %d", r.status)
		}
		svc.DB.Close() // the database goes away
		r := b.do("GET", "/api/v1/me", "cmg/viewer", nil).want(t, http.StatusInternalServerError)
		if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
			t.Fatalf("content type %q", ct)
		}
		if strings.Contains(string(r.raw), "closed") || r.header.Get("WWW-Authenticate") != "" {
			t.Fatalf("500 leaks the cause or asks for credentials: %s", r.raw)
		}
	})
}

// TestAuthSessionStoreErrorIs500: the same for the web session authenticator
// the API consults after bearer tokens.
func TestAuthSessionStoreErrorIs500(t *testing.T) {
	svc := storetest.NewServices(storetest.OpenSQLite(t))
	storetest.SeedOrgs(t, svc)
	deps := fullDeps(svc)
	deps.Authenticators = []httpapi.Authenticator{func(r *http.Request) (*auth.Principal, error) {
		if r.Header.Get("Cookie") == "" {
			return nil, nil
		}
		return nil, errors.New("connection reset by peer")
	}}
	b := serveAPI(t, svc, deps)
	b.do("GET", "/api/v1/me", "", nil, "Cookie", "sb_session=whatever").want(t, http.StatusInternalServerError)
	b.do("GET", "/api/v1/me", "", nil).want(t, http.StatusUnauthorized)
}
