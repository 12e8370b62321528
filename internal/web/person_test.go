package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/demo"
	"github.com/silkbridge/silkbridge/internal/httpapi"
	"github.com/silkbridge/silkbridge/internal/org"
	"github.com/silkbridge/silkbridge/internal/people"
	"github.com/silkbridge/silkbridge/internal/search"
	"github.com/silkbridge/silkbridge/internal/server"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
	"github.com/silkbridge/silkbridge/internal/web"
)

// newPeopleSite is newSite with the people directory wired in.
func newPeopleSite(t *testing.T) (*site, *people.Service) {
	t.Helper()
	db := storetest.OpenSQLite(t)
	if _, err := demo.Load(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	orgs, tokens, cat := org.NewService(db), auth.NewTokenService(db), catalog.NewService(db)
	ps := people.NewService(db, cat, nil)
	h, err := web.New(web.Deps{Catalog: cat, Orgs: orgs, Tokens: tokens, Users: auth.NewUserService(db),
		Sessions: auth.NewSessionService(db, db), Logger: log, Search: search.NewService(db), People: ps})
	if err != nil {
		t.Fatal(err)
	}
	deps := httpapi.Deps{Orgs: orgs, Tokens: tokens, Catalog: cat, Logger: log, People: ps, Authenticators: []httpapi.Authenticator{h.Authenticator()}}
	srv := server.New(server.Config{Logger: log, RatePerSecond: 1000, RateBurst: 1000},
		func(r chi.Router) { httpapi.New(r, deps) }, h.Mount)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &site{Server: ts, db: db, catalog: cat, tokens: tokens}, ps
}

// The people list, a person page with their credits, and the title page's
// People panel, in Russian and Chinese with no English left, and never a
// private field even for the admin who may read it through the API.
func TestPeoplePages(t *testing.T) {
	s, ps := newPeopleSite(t)
	admin := auth.WithPrincipal(context.Background(), &auth.Principal{Org: "cmg", Role: auth.RoleAdmin, Name: "t"})
	chen, err := ps.Create(admin, people.PersonFields{Localizations: map[string]people.PersonName{"zh-Hans": {Name: "陈思诚"}},
		Org: "cmg", Roles: []people.PersonRole{"director", "screenwriter"}, Visibility: "partners",
		Private: &people.PrivateData{PassportNumber: "EJ7734512"}})
	if err != nil {
		t.Fatal(err)
	}
	dc := demo.TitleID("Detective Chinatown 1900")
	if _, err := ps.SetCredits(admin, dc, []people.TitleCredit{{Role: "screenwriter", PersonID: chen.ID}}, nil); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ lang, name, role, credits, english string }{
		{"ru", "Чэнь Сычэн", "Сценари", "Работы", "Screenplay"},
		{"zh-Hans", "陈思诚", "编剧", "参与作品", "Screenplay"},
		{"en", "Chen Sicheng", "Screen", "Credits", "Сценарий"},
	} {
		cl := s.client(t)
		cl.lang = c.lang
		cl.signIn("admin@cmg.demo")
		for _, path := range []string{"/people", "/people/" + chen.ID, "/titles/" + dc} {
			r := cl.get(path)
			if r.StatusCode != 200 {
				t.Fatalf("%s %s: status %d", c.lang, path, r.StatusCode)
			}
			if strings.Contains(r.body, "EJ7734512") {
				t.Errorf("%s %s shows the passport number", c.lang, path)
			}
			if !strings.Contains(r.body, c.name) && !strings.Contains(r.body, "陈思诚") {
				t.Errorf("%s %s lacks the name", c.lang, path)
			}
			if !strings.Contains(r.body, c.role) || strings.Contains(r.body, ">"+c.english+"<") {
				t.Errorf("%s %s: role not translated", c.lang, path)
			}
		}
		page := cl.get("/people/" + chen.ID).body
		if !strings.Contains(page, c.credits) || !strings.Contains(page, "/titles/"+dc) {
			t.Errorf("%s person page lacks the credit", c.lang)
		}
		list := cl.get("/people").body
		if !strings.Contains(list, "慎海雄") && !strings.Contains(list, "Shen Haixiong") && !strings.Contains(list, "Шэнь Хайсюн") {
			t.Errorf("%s list lacks the demo people", c.lang)
		}
	}
	// vgtrk (a partner) reads the partners-visible person; "other" hosts
	// nobody and is no partner of cmg: 404.
	cl := s.client(t)
	cl.signIn("viewer@vgtrk.demo")
	if r := cl.get("/people/" + chen.ID); r.StatusCode != 200 {
		t.Errorf("partner: status %d", r.StatusCode)
	}
}
