package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
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

// dealSite is the demo hub with rights and licensing wired into both the
// API and the web interface, as serve wires them.
type dealSite struct {
	*httptest.Server
	rights    *rights.Service
	licensing *licensing.Service
}

func newDealSite(t *testing.T) *dealSite {
	t.Helper()
	db := storetest.OpenSQLite(t)
	if _, err := demo.Load(context.Background(), db); err != nil {
		t.Fatalf("load demo: %v", err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	orgs, tokens, cat := org.NewService(db), auth.NewTokenService(db), catalog.NewService(db)
	rs := rights.NewService(db, cat)
	ls := licensing.NewService(db, cat)
	h, err := web.New(web.Deps{Catalog: cat, Orgs: orgs, Tokens: tokens, Users: auth.NewUserService(db),
		Sessions: auth.NewSessionService(db, db), Logger: log, Rights: rs, Licensing: ls})
	if err != nil {
		t.Fatal(err)
	}
	deps := httpapi.Deps{Orgs: orgs, Tokens: tokens, Catalog: cat, Rights: rs, Licensing: ls, Logger: log,
		Authenticators: []httpapi.Authenticator{h.Authenticator()}}
	srv := server.New(server.Config{Logger: log, RatePerSecond: 1000, RateBurst: 1000},
		func(r chi.Router) { httpapi.New(r, deps) }, h.Mount)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &dealSite{Server: ts, rights: rs, licensing: ls}
}

// TestBrowserDeal is one full deal through the web interface: VGTRK asks
// CMG for Detective Chinatown 1900 on Russian free TV, CMG counters with a
// shorter window, VGTRK accepts, and the licence appears on the title's
// availability timeline and licence list.
func TestBrowserDeal(t *testing.T) {
	s := newDealSite(t)
	film := "/titles/" + demo.TitleID("Detective Chinatown 1900")

	vg := tab(t)
	browserSignIn(t, vg, s.URL, demo.UserEmail("vgtrk", auth.RoleEditor))
	do(t, vg, chromedp.Navigate(s.URL+film))
	if n := eval[int](t, vg, `document.querySelectorAll('.timeline rect.st-licensed_exclusive').length`); n != 0 {
		t.Fatalf("the timeline shows %d exclusive licences before the deal", n)
	}
	if st := follow(t, vg, chromedp.Click(chromedp.CSS("#request-licence"))); st != 200 {
		t.Fatalf("request form: status %d", st)
	}
	do(t, vg,
		chromedp.SetValue(chromedp.CSS("#f-licensor"), "cmg"),
		chromedp.SendKeys(chromedp.CSS("#f-territories"), "RU"),
		chromedp.Click(chromedp.CSS(`#f-media input[value="free_tv"]`)),
		chromedp.SendKeys(chromedp.CSS("#f-languages"), "ru"),
		chromedp.SetValue(chromedp.CSS("#f-start"), "2025-09-01"),
		chromedp.SetValue(chromedp.CSS("#f-end"), "2025-12-31"),
		chromedp.Click(chromedp.CSS("#f-exclusive")),
		chromedp.SendKeys(chromedp.CSS("#f-message"), "For our autumn schedule"))
	if st := follow(t, vg, chromedp.Click(chromedp.CSS("#submit-request"))); st != 200 {
		t.Fatalf("submit: status %d", st)
	}
	requestPath := eval[string](t, vg, `location.pathname`)
	if !strings.HasPrefix(requestPath, "/requests/") {
		t.Fatalf("after submitting at %s", requestPath)
	}
	if got := eval[string](t, vg, `document.querySelector('#request-state').dataset.state`); got != "submitted" {
		t.Fatalf("state after submitting = %q", got)
	}
	if got := text(t, vg, ".flash"); got != "Request sent." {
		t.Errorf("flash = %q", got)
	}

	// CMG finds it in its inbox, with its availability, and counters.
	cm := tab(t)
	browserSignIn(t, cm, s.URL, demo.UserEmail("cmg", auth.RoleEditor))
	do(t, cm, chromedp.Navigate(s.URL+"/requests"))
	row := `table.requests tr[data-id="` + strings.TrimPrefix(requestPath, "/requests/") + `"]`
	if got := text(t, cm, row+" .availability"); got != "Can be granted now" {
		t.Fatalf("inbox availability = %q", got)
	}
	if got := text(t, cm, row+" .your-turn"); got != "your answer" {
		t.Errorf("inbox does not say it is CMG's turn: %q", got)
	}
	follow(t, cm, chromedp.Click(chromedp.CSS(row+" a")))
	do(t, cm,
		chromedp.Click(chromedp.CSS("#counter summary")),
		chromedp.SetValue(chromedp.CSS("#f-end"), "2025-11-30"),
		chromedp.SendKeys(chromedp.CSS("#f-message"), "Until the end of November"))
	if st := follow(t, cm, chromedp.Click(chromedp.CSS("#submit-counter"))); st != 200 {
		t.Fatalf("counter: status %d", st)
	}
	if got := eval[string](t, cm, `document.querySelector('#request-state').dataset.state`); got != "countered" {
		t.Fatalf("state after countering = %q", got)
	}
	if n := eval[int](t, cm, `document.querySelectorAll('#accept').length`); n != 0 {
		t.Fatal("CMG is offered to accept its own counter")
	}

	// VGTRK sees the counter and accepts it.
	do(t, vg, chromedp.Navigate(s.URL+requestPath))
	if got := text(t, vg, "#request-window"); !strings.Contains(got, "30") || !strings.Contains(got, "November") {
		t.Fatalf("window shown to VGTRK = %q", got)
	}
	if st := follow(t, vg, chromedp.Click(chromedp.CSS("#accept"))); st != 200 {
		t.Fatalf("accept: status %d", st)
	}
	if got := eval[string](t, vg, `document.querySelector('#request-state').dataset.state`); got != "accepted" {
		t.Fatalf("state after accepting = %q", got)
	}
	licence := text(t, vg, "#licence-link code")

	// The licence is on the title page: in the licence list and the timeline.
	follow(t, vg, chromedp.Click(chromedp.CSS("#licence-link")))
	if n := eval[int](t, vg, `document.querySelectorAll('#licences tr[data-id="`+licence+`"]').length`); n != 1 {
		t.Fatalf("licence %s not listed on the title page", licence)
	}
	tips := eval[string](t, vg, `[...document.querySelectorAll('.timeline rect.st-licensed_exclusive title')].map(e => e.textContent).join(' | ')`)
	if !strings.Contains(tips, "VGTRK") || !strings.Contains(tips, "30 November 2025") {
		t.Fatalf("the timeline shows no exclusive licence to VGTRK: %q", tips)
	}
	// And in the API, with the request as its source.
	ls, err := s.rights.Licences(storetest.As("vgtrk", auth.RoleViewer), demo.TitleID("Detective Chinatown 1900"))
	if err != nil || len(ls) != 1 || ls[0].ID != licence || ls[0].Source != "request:"+strings.TrimPrefix(requestPath, "/requests/") ||
		*ls[0].End != "2025-11-30" {
		t.Fatalf("licences = %+v, %v", ls, err)
	}
}
