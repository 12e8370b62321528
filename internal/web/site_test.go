package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/demo"
	"github.com/silkbridge/silkbridge/internal/httpapi"
	"github.com/silkbridge/silkbridge/internal/org"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/search"
	"github.com/silkbridge/silkbridge/internal/server"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
	"github.com/silkbridge/silkbridge/internal/web"
)

// site is a hub wired as serve wires it (API and web interface behind the
// shared middleware) over SQLite with the demo loaded.
type site struct {
	*httptest.Server
	db      *store.DB
	catalog *catalog.Service
	tokens  *auth.TokenService
}

type siteOpts struct{ trustProxy bool }

func newSite(t testing.TB, opts ...siteOpts) *site {
	t.Helper()
	var o siteOpts
	if len(opts) > 0 {
		o = opts[0]
	}
	db := storetest.OpenSQLite(t)
	if _, err := demo.Load(context.Background(), db); err != nil {
		t.Fatalf("load demo: %v", err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	orgs, tokens, cat := org.NewService(db), auth.NewTokenService(db), catalog.NewService(db)
	// Index the demo catalogue now, as a server's indexer would shortly after start.
	if err := search.NewIndexer(db, search.IndexerConfig{}).Sync(context.Background()); err != nil {
		t.Fatalf("index demo: %v", err)
	}
	h, err := web.New(web.Deps{Catalog: cat, Orgs: orgs, Tokens: tokens, Users: auth.NewUserService(db),
		Sessions: auth.NewSessionService(db, db), Logger: log, TrustProxy: o.trustProxy,
		Rights: rights.NewService(db, cat), Search: search.NewService(db)})
	if err != nil {
		t.Fatal(err)
	}
	deps := httpapi.Deps{Orgs: orgs, Tokens: tokens, Catalog: cat, Logger: log, Authenticators: []httpapi.Authenticator{h.Authenticator()}}
	srv := server.New(server.Config{Logger: log, RatePerSecond: 1000, RateBurst: 1000},
		func(r chi.Router) { httpapi.New(r, deps) }, h.Mount)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &site{Server: ts, db: db, catalog: cat, tokens: tokens}
}

// client is a browser-like HTTP client: it keeps cookies and does not
// follow redirects, so tests can assert them.
type client struct {
	t    testing.TB
	s    *site
	http *http.Client
	lang string
}

func (s *site) client(t testing.TB) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, s: s, lang: "en", http: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type response struct {
	*http.Response
	body string
}

func (c *client) do(method, path string, form url.Values, header ...string) *response {
	c.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.s.URL+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Accept-Language", c.lang)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return &response{resp, string(b)}
}

func (c *client) get(path string, header ...string) *response {
	return c.do("GET", path, nil, header...)
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf returns the form token of a page.
func (c *client) csrf(path string) string {
	c.t.Helper()
	m := csrfRE.FindStringSubmatch(c.get(path).body)
	if m == nil {
		c.t.Fatalf("no CSRF token on %s", path)
	}
	return m[1]
}

// post submits a form with the CSRF token of page from.
func (c *client) post(from, path string, form url.Values) *response {
	c.t.Helper()
	form.Set("csrf", c.csrf(from))
	return c.do("POST", path, form)
}

func (c *client) signIn(email string) {
	c.t.Helper()
	r := c.post("/login", "/login", url.Values{"email": {email}, "password": {demo.Password}})
	if r.StatusCode != http.StatusSeeOther {
		c.t.Fatalf("sign in as %s: status %d\n%s", email, r.StatusCode, r.body)
	}
}

func cookieNamed(r *http.Response, name string) *http.Cookie {
	for _, c := range r.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}
