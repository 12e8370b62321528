package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/demo"
	"github.com/silkbridge/silkbridge/internal/httpapi"
	"github.com/silkbridge/silkbridge/internal/licensing"
	"github.com/silkbridge/silkbridge/internal/org"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/server"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
	"github.com/silkbridge/silkbridge/internal/web"
)

// newEventSite is the demo hub with rights, licensing and events wired into
// the API and the web interface, as serve wires them.
func newEventSite(t *testing.T) *httptest.Server {
	t.Helper()
	db := storetest.OpenSQLite(t)
	if _, err := demo.Load(context.Background(), db); err != nil {
		t.Fatalf("load demo: %v", err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	orgs, tokens, cat := org.NewService(db), auth.NewTokenService(db), catalog.NewService(db)
	rs, ls := rights.NewService(db, cat), licensing.NewService(db, cat)
	ev := storetest.NewEvents(db, cat, ls)
	h, err := web.New(web.Deps{Catalog: cat, Orgs: orgs, Tokens: tokens, Users: auth.NewUserService(db),
		Sessions: auth.NewSessionService(db, db), Logger: log, Rights: rs, Licensing: ls, Events: ev})
	if err != nil {
		t.Fatal(err)
	}
	deps := httpapi.Deps{Orgs: orgs, Tokens: tokens, Catalog: cat, Rights: rs, Licensing: ls, Events: ev, Logger: log,
		Authenticators: []httpapi.Authenticator{h.Authenticator()}}
	srv := server.New(server.Config{Logger: log, RatePerSecond: 1000, RateBurst: 1000},
		func(r chi.Router) { httpapi.New(r, deps) }, h.Mount)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts
}

// eventFits fails when the page scrolls sideways at width and keeps a
// screenshot in the test's artifact directory (go test -artifacts).
func eventFits(t *testing.T, ctx context.Context, name string, width int64) {
	t.Helper()
	do(t, ctx, chromedp.EmulateViewport(width, 900))
	if wide := eval[bool](t, ctx, `document.documentElement.scrollWidth > window.innerWidth`); wide {
		t.Errorf("%s at %d px scrolls sideways: %v", name, width, eval[[]string](t, ctx,
			`[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 5).map(e => e.tagName + '.' + e.className + '#' + e.id)`))
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.ArtifactDir()
	if d := os.Getenv("SILKBRIDGE_SHOTS"); d != "" {
		dir = d
	}
	if err := os.WriteFile(filepath.Join(dir, name+"-"+strconv.FormatInt(width, 10)+".png"), shot, 0o644); err != nil {
		t.Fatal(err)
	}
}

func badges(t *testing.T, ctx context.Context, code string) int {
	return eval[int](t, ctx, `document.querySelectorAll('#screenings .badge[data-code="`+code+`"]').length`)
}

// TestBrowserFestival: VGTRK builds a two-screening programme in the
// editor, sees no_rights on Detective Chinatown 1900 (CMG's film), requests
// the rights in one step, CMG accepts, the badge clears, VGTRK publishes,
// and the public page shows the programme in Russian. The editor and the
// public pages fit 390 px and 1366 px in Chinese and Russian.
func TestBrowserFestival(t *testing.T) {
	s := newEventSite(t)
	vg := tab(t)
	browserSignIn(t, vg, s.URL, demo.UserEmail("vgtrk", auth.RoleEditor))
	do(t, vg, chromedp.Navigate(s.URL+"/events"),
		chromedp.SendKeys(chromedp.CSS("#ev-name"), "Неделя китайского кино"),
		chromedp.SendKeys(chromedp.CSS("#ev-slug"), "chinese-film-week"),
		chromedp.SetValue(chromedp.CSS("#ev-kind"), "film_week"),
		chromedp.SetValue(chromedp.CSS("#ev-start"), "2025-09-10"),
		chromedp.SetValue(chromedp.CSS("#ev-end"), "2025-09-20"))
	if st := follow(t, vg, chromedp.Click(chromedp.CSS("#create-event"))); st != 200 {
		t.Fatalf("create event: status %d", st)
	}
	eventPath := eval[string](t, vg, `location.pathname`)
	do(t, vg,
		chromedp.SendKeys(chromedp.CSS("#vn-name"), "Кинотеатр «Октябрь»"),
		chromedp.SendKeys(chromedp.CSS("#vn-address"), "ул. Новый Арбат, 24"),
		chromedp.SendKeys(chromedp.CSS("#vn-city"), "Москва"),
		chromedp.SendKeys(chromedp.CSS("#vn-country"), "RU"),
		chromedp.SendKeys(chromedp.CSS("#vn-screens"), "Зал 1"))
	if st := follow(t, vg, chromedp.Click(chromedp.CSS("#add-venue"))); st != 200 {
		t.Fatalf("add venue: status %d", st)
	}
	for _, sc := range []struct{ title, start, runtime string }{
		{"Red Silk", "2025-09-12T19:00", "110"},
		{"Detective Chinatown 1900", "2025-09-13T19:00", "136"},
	} {
		do(t, vg,
			chromedp.SetValue(chromedp.CSS("#sc-title"), demo.TitleID(sc.title)),
			chromedp.SetValue(chromedp.CSS("#sc-start"), sc.start),
			chromedp.SendKeys(chromedp.CSS("#sc-runtime"), sc.runtime),
			chromedp.SendKeys(chromedp.CSS("#sc-audio"), "zh"),
			chromedp.SendKeys(chromedp.CSS("#sc-ticket"), "https://tickets.example/"+sc.runtime))
		if st := follow(t, vg, chromedp.Click(chromedp.CSS("#add-screening"))); st != 200 {
			t.Fatalf("add screening %s: status %d", sc.title, st)
		}
	}
	if n := eval[int](t, vg, `document.querySelectorAll('#screenings > li').length`); n != 2 {
		t.Fatalf("%d screenings in the programme", n)
	}
	if n := badges(t, vg, "no_rights"); n != 1 {
		t.Fatalf("%d no_rights badges, want 1", n)
	}
	if got := text(t, vg, `#screenings > li:has(.badge[data-code="no_rights"]) strong`); got != "Detective Chinatown 1900" {
		t.Fatalf("no_rights on %q", got)
	}
	for _, lang := range []string{"zh-Hans", "ru"} {
		// Wait for the page in the new language: the old page's #screenings
		// is visible until the switch has navigated, and photographing a
		// page mid-navigation could hang.
		do(t, vg, chromedp.Click(chromedp.CSS(`.switcher button[data-lang="`+lang+`"]`)),
			chromedp.WaitVisible(chromedp.CSS(`html[lang="`+lang+`"] #screenings`)))
		for _, w := range []int64{390, 1366} {
			eventFits(t, vg, "editor-"+lang, w)
		}
		do(t, vg, chromedp.Navigate(s.URL+"/events"))
		for _, w := range []int64{390, 1366} {
			eventFits(t, vg, "events-"+lang, w)
		}
		do(t, vg, chromedp.Navigate(s.URL+eventPath))
	}
	do(t, vg, chromedp.EmulateViewport(1280, 900))
	if st := follow(t, vg, chromedp.Click(chromedp.CSS("#request-rights"))); st != 200 {
		t.Fatalf("request rights: status %d", st)
	}
	if got := text(t, vg, `.badge[data-code="no_rights"] .badge-note`); got != "заявка отправлена" {
		t.Errorf("request progress on the badge = %q", got)
	}

	// CMG finds the request in its inbox and accepts it.
	cm := tab(t)
	browserSignIn(t, cm, s.URL, demo.UserEmail("cmg", auth.RoleEditor))
	do(t, cm, chromedp.Navigate(s.URL+"/requests"))
	follow(t, cm, chromedp.Click(chromedp.CSS(`table.requests tr[data-id] a`)))
	if st := follow(t, cm, chromedp.Click(chromedp.CSS("#accept"))); st != 200 {
		t.Fatalf("accept: status %d", st)
	}

	// The badge clears; VGTRK publishes without an override.
	do(t, vg, chromedp.Navigate(s.URL+eventPath))
	if n := badges(t, vg, "no_rights"); n != 0 {
		t.Fatalf("no_rights still shown after the licence (%d)", n)
	}
	if n := eval[int](t, vg, `document.querySelectorAll('#override').length`); n != 0 {
		t.Errorf("an override is asked for with no blocking checks")
	}
	if st := follow(t, vg, chromedp.Click(chromedp.CSS("#publish"))); st != 200 {
		t.Fatalf("publish: status %d", st)
	}
	if got := text(t, vg, "#event-status"); got != "Опубликовано" {
		t.Fatalf("status after publishing = %q", got)
	}

	// A visitor, not signed in, reads the programme in Russian.
	pub := tab(t)
	do(t, pub, chromedp.Navigate(s.URL+"/e/chinese-film-week?lang=ru"))
	if got := eval[string](t, pub, `document.documentElement.lang`); got != "ru" {
		t.Errorf("public page language = %q", got)
	}
	if got := text(t, pub, "h1"); got != "Неделя китайского кино" {
		t.Errorf("public heading = %q", got)
	}
	titles := eval[string](t, pub, `[...document.querySelectorAll('.pg-what > a')].map(a => a.textContent).join('|')`)
	if titles != "Красный шёлк|Детектив Чайнатаун 1900" {
		t.Errorf("public programme titles = %q", titles)
	}
	if got := text(t, pub, ".pg-row .pg-where"); !strings.Contains(got, "китайский") || !strings.Contains(got, "Москва") {
		t.Errorf("version and place = %q", got)
	}
	for _, lang := range []string{"zh-Hans", "ru"} {
		do(t, pub, chromedp.Navigate(s.URL+"/e/chinese-film-week?lang="+lang))
		for _, w := range []int64{390, 1366} {
			eventFits(t, pub, "public-"+lang, w)
		}
		follow(t, pub, chromedp.Click(chromedp.CSS(".pg-what > a")))
		for _, w := range []int64{390, 1366} {
			eventFits(t, pub, "screening-"+lang, w)
		}
		if href := eval[string](t, pub, `document.querySelector('#map').href`); !strings.HasPrefix(href, "https://www.openstreetmap.org/") {
			t.Errorf("map link = %q", href)
		}
	}
}
