package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/demo"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

func TestSignedOutVisitorIsSentToSignIn(t *testing.T) {
	s := newSite(t)
	c := s.client(t)
	r := c.get("/titles?kind=film")
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login?next=%2Ftitles%3Fkind%3Dfilm" {
		t.Fatalf("status %d, location %q", r.StatusCode, r.Header.Get("Location"))
	}
	if r := c.do("POST", "/titles/new", url.Values{"kind": {"film"}}); r.StatusCode != http.StatusForbidden {
		t.Fatalf("signed-out POST without token: status %d, want 403", r.StatusCode)
	}
}

func TestSignInSetsHardenedSessionCookieAndRedirectsLocally(t *testing.T) {
	for _, tc := range []struct {
		name       string
		trust      bool
		proto      string
		wantSecure bool
	}{
		{"PlainHTTP", false, "", false},
		{"UntrustedForwardedProtoIgnored", false, "https", false},
		{"TrustedProxyTLS", true, "https", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSite(t, siteOpts{trustProxy: tc.trust})
			c := s.client(t)
			token := c.csrf("/login")
			form := url.Values{"csrf": {token}, "email": {"Editor@CMG.demo"}, "password": {demo.Password}, "next": {"//evil.example/"}}
			r := c.do("POST", "/login", form, "X-Forwarded-Proto", tc.proto)
			if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/titles" {
				t.Fatalf("status %d, location %q", r.StatusCode, r.Header.Get("Location"))
			}
			ck := cookieNamed(r.Response, "sb_session")
			if ck == nil || len(ck.Value) < 40 || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Secure != tc.wantSecure {
				t.Fatalf("session cookie = %+v", ck)
			}
			if home := c.get("/titles"); home.StatusCode != 200 || !strings.Contains(home.body, "editor@cmg.demo") {
				t.Fatalf("signed-in catalogue: status %d", home.StatusCode)
			}
		})
	}
}

func TestSignInNeedsTheFormToken(t *testing.T) {
	s := newSite(t)
	c := s.client(t)
	c.get("/login")
	r := c.do("POST", "/login", url.Values{"email": {"admin@cmg.demo"}, "password": {demo.Password}, "csrf": {"forged"}})
	if r.StatusCode != http.StatusForbidden || cookieNamed(r.Response, "sb_session") != nil {
		t.Fatalf("forged token: status %d, cookies %v", r.StatusCode, r.Cookies())
	}
}

func TestWrongPasswordsLockTheAccountForThatAddress(t *testing.T) {
	s := newSite(t)
	c := s.client(t)
	for i := 0; i < 5; i++ {
		r := c.post("/login", "/login", url.Values{"email": {"admin@cmg.demo"}, "password": {"wrong password"}})
		if r.StatusCode != http.StatusUnauthorized || !strings.Contains(r.body, "Wrong email or password.") {
			t.Fatalf("attempt %d: status %d", i+1, r.StatusCode)
		}
	}
	r := c.post("/login", "/login", url.Values{"email": {"admin@cmg.demo"}, "password": {demo.Password}})
	if r.StatusCode != http.StatusTooManyRequests || cookieNamed(r.Response, "sb_session") != nil {
		t.Fatalf("right password after 5 failures: status %d", r.StatusCode)
	}
	// Another account from the same address is not locked out.
	c.signIn("editor@cmg.demo")
}

func TestSignOutEndsTheSessionOnTheServer(t *testing.T) {
	s := newSite(t)
	c := s.client(t)
	c.signIn("viewer@vgtrk.demo")
	u, _ := url.Parse(s.URL)
	old := cookieValue(c, u, "sb_session")
	r := c.post("/titles", "/logout", url.Values{})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login" {
		t.Fatalf("logout: status %d", r.StatusCode)
	}
	// Replaying the old cookie does not work: the session is gone, not just the cookie.
	replay := s.client(t)
	replay.http.Jar.SetCookies(u, []*http.Cookie{{Name: "sb_session", Value: old}})
	if r := replay.get("/titles"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("old session still works: status %d", r.StatusCode)
	}
}

func cookieValue(c *client, u *url.URL, name string) string {
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	c.t.Fatalf("no %s cookie", name)
	return ""
}

func TestViewerIsRefusedEveryChange(t *testing.T) {
	s := newSite(t)
	c := s.client(t)
	c.signIn("viewer@cmg.demo")
	id := demo.TitleID("My Country, My Parents")
	page := c.get("/titles/" + id)
	if page.StatusCode != 200 || strings.Contains(page.body, "/edit") || strings.Contains(page.body, `href="/titles/new"`) {
		t.Fatalf("viewer's title page offers editing (status %d)", page.StatusCode)
	}
	form := url.Values{"kind": {"film"}, "original_language": {"zh"}, "visibility": {"public"}, "loc.0.tag": {"en"}, "loc.0.title": {"X"}}
	for _, path := range []string{"/titles/new", "/titles/" + id + "/edit"} {
		if r := c.post("/titles", path, form); r.StatusCode != http.StatusForbidden {
			t.Errorf("viewer POST %s: status %d, want 403", path, r.StatusCode)
		}
	}
	for _, path := range []string{"/org/members", "/org/tokens"} {
		if r := c.get(path); r.StatusCode != http.StatusForbidden {
			t.Errorf("viewer GET %s: status %d, want 403", path, r.StatusCode)
		}
	}
	if r := c.post("/titles", "/org/tokens", url.Values{"name": {"x"}, "role": {"admin"}}); r.StatusCode != http.StatusForbidden {
		t.Errorf("viewer creating a token: status %d", r.StatusCode)
	}
	got, _ := s.catalog.Get(storetest.As("cmg", auth.RoleViewer), id, nil)
	items, _, _ := s.catalog.List(storetest.As("cmg", auth.RoleViewer), catalog.ListParams{}, nil)
	if got.Version != 1 || len(items) != 4 {
		t.Fatalf("a viewer changed the catalogue: version %d, %d titles", got.Version, len(items))
	}
	// A partner's editor may read but not edit a title it does not own.
	p := s.client(t)
	p.signIn("editor@vgtrk.demo")
	if r := p.get("/titles/" + id + "/edit"); r.StatusCode != http.StatusForbidden {
		t.Fatalf("partner editor opening the editor: status %d", r.StatusCode)
	}
}

func TestInvalidTitleIsShownWithFieldErrorsAndNothingStored(t *testing.T) {
	s := newSite(t)
	c := s.client(t)
	c.signIn("editor@cmg.demo")
	form := url.Values{"kind": {"film"}, "original_language": {"zh"}, "visibility": {"partners"}, "production_year": {"1066"},
		"countries": {"CN, XX"}, "loc.0.tag": {"zh-Hans"}, "loc.0.fixed": {"1"}, "loc.0.short_synopsis": {"没有片名"},
		"loc.1.tag": {"ru"}, "loc.1.fixed": {"1"}, "loc.1.title": {"Новый фильм"},
		"release.0.territory": {"RU"}, "release.0.type": {"tv"}, "release.0.date": {"2025-13-01"}}
	r := c.post("/titles/new", "/titles/new", form)
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", r.StatusCode)
	}
	for _, want := range []string{
		`id="f-production-year" name="production_year" inputmode="numeric" value="1066" aria-invalid="true"`,
		`id="f-countries-err"`, `id="f-loc-0-title-err"`, `id="f-release-0-date-err"`, `href="#f-loc-0-title"`,
		`Новый фильм`, `没有片名`, // what the user typed is kept
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("form lacks %s", want)
		}
	}
	items, _, _ := s.catalog.List(storetest.As("cmg", auth.RoleEditor), catalog.ListParams{}, nil)
	if len(items) != 4 {
		t.Fatalf("%d titles after a refused create, want the 4 demo titles", len(items))
	}
}

func TestEditorCreatesATitle(t *testing.T) {
	s := newSite(t)
	c := s.client(t)
	c.signIn("editor@cmg.demo")
	form := url.Values{"kind": {"film"}, "original_language": {"zh"}, "visibility": {"partners"}, "production_year": {"2025"},
		"producers": {"cmg"}, "genres": {"documentary", "history"}, "countries": {"cn"},
		"loc.0.tag": {"zh-Hans"}, "loc.0.fixed": {"1"}, "loc.0.title": {"新片"}, "loc.1.tag": {"ru"}, "loc.1.fixed": {"1"},
		"loc.2.tag": {"en"}, "loc.2.fixed": {"1"}, "loc.2.title": {"New film"}, "loc.3.tag": {"fr"}, "loc.3.title": {"Nouveau film"},
		"credit_langs": {"zh-Hans,ru,en"}, "credit.0.role": {"director"}, "credit.0.name.en": {"A. Director"}, "credit.1.role": {""}}
	r := c.post("/titles/new", "/titles/new", form)
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/titles/") {
		t.Fatalf("status %d, location %q\n%s", r.StatusCode, r.Header.Get("Location"), r.body)
	}
	id := strings.TrimPrefix(r.Header.Get("Location"), "/titles/")
	got, err := s.catalog.Get(storetest.As("cmg", auth.RoleViewer), id, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Localizations) != 3 || got.Localizations["fr"].Title != "Nouveau film" || got.Countries[0] != "CN" ||
		len(got.Credits) != 1 || got.Credits[0].Name["en"] != "A. Director" || len(got.Genres) != 2 {
		t.Fatalf("stored = %+v", got.Fields)
	}
	page := c.get("/titles/" + id + "?tl=fr")
	if !strings.Contains(page.body, `<h1 lang="fr" dir="auto">Nouveau film</h1>`) || !strings.Contains(page.body, `<td lang="en" dir="auto">A. Director</td>`) {
		t.Fatalf("title page does not show the French localization with its lang:\n%s", page.body)
	}
}

var tokenRE = regexp.MustCompile(`<code class="secret" id="new-token">([^<]+)</code>`)

func TestAdminCreatesATokenThatIsShownOnceAndRevokes(t *testing.T) {
	s := newSite(t)
	c := s.client(t)
	c.signIn("admin@vgtrk.demo")
	r := c.post("/org/tokens", "/org/tokens", url.Values{"name": {"newsroom sync"}, "role": {"editor"}})
	m := tokenRE.FindStringSubmatch(r.body)
	if r.StatusCode != 200 || m == nil {
		t.Fatalf("status %d, no token shown", r.StatusCode)
	}
	plain := m[1]
	if again := c.get("/org/tokens"); strings.Contains(again.body, plain) || !strings.Contains(again.body, "newsroom sync") {
		t.Fatal("the token is shown again, or not listed")
	}
	api := c.get("/api/v1/me", "Authorization", "Bearer "+plain)
	if api.StatusCode != 200 || !strings.Contains(api.body, `"role":"editor"`) {
		t.Fatalf("new token on the API: %d %s", api.StatusCode, api.body)
	}
	p, err := s.tokens.Authenticate(context.Background(), plain)
	if err != nil {
		t.Fatal(err)
	}
	if r := c.post("/org/tokens", "/org/tokens/"+p.TokenID+"/revoke", url.Values{}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: status %d", r.StatusCode)
	}
	if api := c.get("/api/v1/me", "Authorization", "Bearer "+plain); api.StatusCode != http.StatusUnauthorized {
		t.Fatalf("revoked token still works: %d", api.StatusCode)
	}
	if r := c.post("/org/tokens", "/org/tokens", url.Values{"name": {""}, "role": {"viewer"}}); r.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(r.body, `id="f-token-name-err"`) {
		t.Fatalf("empty name: status %d", r.StatusCode)
	}
}

func TestAdminAddsMembersAndChangesRoles(t *testing.T) {
	s := newSite(t)
	c := s.client(t)
	c.signIn("admin@cmg.demo")
	bad := c.post("/org/members", "/org/members", url.Values{"email": {"viewer@cmg.demo"}, "role": {"editor"}, "password": {"long enough password"}})
	if bad.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(bad.body, `id="f-email-err"`) || strings.Contains(bad.body, "long enough password") {
		t.Fatalf("duplicate email: status %d (the password must not be echoed)", bad.StatusCode)
	}
	r := c.post("/org/members", "/org/members", url.Values{"email": {"li@cmg.example"}, "name": {"李"}, "role": {"editor"}, "password": {"long enough password"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: status %d\n%s", r.StatusCode, r.body)
	}
	li := s.client(t)
	li.post("/login", "/login", url.Values{"email": {"li@cmg.example"}, "password": {"long enough password"}})
	if page := li.get("/titles"); !strings.Contains(page.body, `href="/titles/new"`) {
		t.Fatal("the new editor cannot create titles")
	}
	users := auth.NewUserService(s.db)
	u, err := users.GetByEmail(context.Background(), "li@cmg.example")
	if err != nil {
		t.Fatal(err)
	}
	if r := c.post("/org/members", "/org/members/"+u.ID+"/role", url.Values{"role": {"viewer"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("change role: status %d", r.StatusCode)
	}
	// The role applies to the live session at once.
	if page := li.get("/titles"); strings.Contains(page.body, `href="/titles/new"`) {
		t.Fatal("demoted member still sees the create link")
	}
	admin, _ := users.GetByEmail(context.Background(), "admin@cmg.demo")
	if r := c.post("/org/members", "/org/members/"+admin.ID+"/role", url.Values{"role": {"viewer"}}); r.StatusCode != http.StatusConflict {
		t.Fatalf("demoting the only admin: status %d", r.StatusCode)
	}
}

func TestLanguageFollowsAcceptLanguageThenTheSwitcher(t *testing.T) {
	s := newSite(t)
	c := s.client(t)
	c.lang = "zh-CN,zh;q=0.9,en;q=0.5"
	if r := c.get("/login"); !strings.Contains(r.body, `<html lang="zh-Hans">`) || !strings.Contains(r.body, "登录 silkbridge") {
		t.Fatal("Accept-Language zh-CN did not give the Chinese interface")
	}
	r := c.post("/login", "/lang", url.Values{"lang": {"ru"}, "next": {"/login"}})
	ck := cookieNamed(r.Response, "sb_lang")
	if r.StatusCode != http.StatusSeeOther || ck == nil || ck.Value != "ru" || ck.MaxAge < 86400 {
		t.Fatalf("switch: status %d, cookie %+v", r.StatusCode, ck)
	}
	if r := c.get("/login"); !strings.Contains(r.body, `<html lang="ru">`) || r.Header.Get("Content-Language") != "ru" {
		t.Fatal("the chosen language is not remembered")
	}
	if r := c.post("/login", "/lang", url.Values{"lang": {"fr"}}); r.StatusCode != http.StatusBadRequest {
		t.Fatalf("unknown interface language: status %d", r.StatusCode)
	}
}

func TestSessionCookieWorksForTheAPIWithCSRFHeaderForChanges(t *testing.T) {
	s := newSite(t)
	c := s.client(t)
	c.signIn("editor@cmg.demo")
	if r := c.get("/api/v1/me"); r.StatusCode != 200 || !strings.Contains(r.body, `"name":"editor@cmg.demo"`) {
		t.Fatalf("API with cookie: %d %s", r.StatusCode, r.body)
	}
	body := url.Values{}
	if r := c.do("POST", "/api/v1/titles", body, "Content-Type", "application/json"); r.StatusCode != http.StatusUnauthorized {
		t.Fatalf("cookie POST without X-CSRF-Token: status %d", r.StatusCode)
	}
}

func TestUnknownPathsAndStaticAssets(t *testing.T) {
	s := newSite(t)
	c := s.client(t)
	r := c.get("/definitely/not/here")
	if r.StatusCode != 404 || !strings.Contains(r.body, "Page not found") || !strings.Contains(r.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("unknown page: %d %s", r.StatusCode, r.Header.Get("Content-Type"))
	}
	if r := c.get("/api/v1/nope"); r.StatusCode != 404 || !strings.Contains(r.Header.Get("Content-Type"), "problem+json") {
		t.Fatalf("unknown API path: %d %s", r.StatusCode, r.Header.Get("Content-Type"))
	}
	m := regexp.MustCompile(`href="(/static/app\.css\?v=[0-9a-f]+)"`).FindStringSubmatch(c.get("/login").body)
	if m == nil {
		t.Fatal("no hashed stylesheet link")
	}
	css := c.get(m[1])
	if css.StatusCode != 200 || !strings.Contains(css.Header.Get("Cache-Control"), "immutable") || !strings.HasPrefix(css.Header.Get("Content-Type"), "text/css") {
		t.Fatalf("stylesheet: %d %q %q", css.StatusCode, css.Header.Get("Cache-Control"), css.Header.Get("Content-Type"))
	}
	if js := c.get("/static/htmx.min.js"); js.StatusCode != 200 || !strings.Contains(js.body, "htmx") {
		t.Fatalf("htmx not served: %d", js.StatusCode)
	}
}
