package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/demo"
	"github.com/silkbridge/silkbridge/internal/exchange"
	"github.com/silkbridge/silkbridge/internal/httpapi"
	"github.com/silkbridge/silkbridge/internal/org"
	"github.com/silkbridge/silkbridge/internal/people"
	"github.com/silkbridge/silkbridge/internal/search"
	"github.com/silkbridge/silkbridge/internal/server"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
	"github.com/silkbridge/silkbridge/internal/web"
)

func newExchangeSite(t *testing.T) (*site, *people.Service) {
	t.Helper()
	db := storetest.OpenSQLite(t)
	if _, err := demo.Load(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	orgs, tokens, cat := org.NewService(db), auth.NewTokenService(db), catalog.NewService(db)
	ps := people.NewService(db, cat, exchange.Hosts{Store: db})
	xs := exchange.NewService(db, ps)
	h, err := web.New(web.Deps{Catalog: cat, Orgs: orgs, Tokens: tokens, Users: auth.NewUserService(db),
		Sessions: auth.NewSessionService(db, db), Logger: log, Search: search.NewService(db), People: ps, Exchanges: xs})
	if err != nil {
		t.Fatal(err)
	}
	deps := httpapi.Deps{Orgs: orgs, Tokens: tokens, Catalog: cat, Logger: log, People: ps, Exchanges: xs, ExchangeOrgs: db,
		Authenticators: []httpapi.Authenticator{h.Authenticator()}}
	srv := server.New(server.Config{Logger: log, RatePerSecond: 1000, RateBurst: 1000},
		func(r chi.Router) { httpapi.New(r, deps) }, h.Mount)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &site{Server: ts, db: db, catalog: cat, tokens: tokens}, ps
}

// TestBrowserExchangeSecondment: VGTRK proposes a two-week secondment to
// CMG and nominates two editors; CMG agrees, accepts one and declines the
// other, and plans the accepted editor's arrival; the itinerary reads in
// Chinese for CMG and in Russian for VGTRK, every page fits 390 px and
// desktop, and the invitation letter prints on A4 in both languages.
func TestBrowserExchangeSecondment(t *testing.T) {
	s, ps := newExchangeSite(t)
	vg := auth.WithPrincipal(context.Background(), &auth.Principal{Org: "vgtrk", Role: auth.RoleAdmin, Name: "t"})
	for _, n := range [][2]string{{"Анна Петрова", "安娜·彼得罗娃"}, {"Иван Соколов", "伊万·索科洛夫"}} {
		if _, err := ps.Create(vg, people.PersonFields{Localizations: map[string]people.PersonName{"ru": {Name: n[0]}, "zh-Hans": {Name: n[1]}},
			Org: "vgtrk", Roles: []people.PersonRole{"editor"}, Languages: []string{"ru"}, Visibility: "partners"}); err != nil {
			t.Fatal(err)
		}
	}
	ru := tab(t)
	browserSignIn(t, ru, s.URL, "editor@vgtrk.demo")
	do(t, ru, chromedp.Navigate(s.URL+"/exchanges"), chromedp.Click(chromedp.CSS(`.switcher button[data-lang="ru"]`)),
		chromedp.WaitVisible(chromedp.CSS(`html[lang="ru"] #propose-form`)))
	for _, w := range []int64{390, 1366} {
		eventFits(t, ru, "exchanges-ru", w)
	}
	fill := func(end string) {
		do(t, ru, chromedp.EmulateViewport(1280, 900),
			chromedp.SetValue(chromedp.CSS(`#propose-form [name=kind]`), "secondment"),
			chromedp.SetValue(chromedp.CSS(`#propose-form [name=host_org]`), "cmg"),
			chromedp.SetValue(chromedp.CSS(`#propose-form [name=title]`), "Стажировка редакторов в CMG"),
			chromedp.SetValue(chromedp.CSS(`#propose-form [name=city]`), "Пекин"),
			chromedp.SetValue(chromedp.CSS(`#propose-form [name=country]`), "CN"),
			chromedp.SetValue(chromedp.CSS(`#propose-form [name=start]`), "2030-03-04"),
			chromedp.SetValue(chromedp.CSS(`#propose-form [name=end]`), end),
			chromedp.SetValue(chromedp.CSS(`#propose-form [name=places]`), "1"))
	}
	// An end before the start is refused in Russian, naming the rule, and stores nothing.
	fill("2030-03-01")
	if st := follow(t, ru, chromedp.Click(chromedp.CSS(`#propose-form button[type=submit]`))); st != 422 {
		t.Fatalf("end before start: status %d", st)
	}
	if got := text(t, ru, "#exchange-refusal"); got != "Последний день не может быть раньше первого." {
		t.Errorf("refusal: %q", got)
	}
	if n := eval[int](t, ru, `[...document.querySelectorAll('#exchange-list li')].filter(li => li.textContent.includes('Стажировка редакторов в CMG')).length`); n != 0 {
		t.Errorf("the refused programme is listed %d times", n)
	}
	fill("2030-03-17")
	if st := follow(t, ru, chromedp.Click(chromedp.CSS(`#propose-form button[type=submit]`))); st != 200 {
		t.Fatalf("propose: status %d", st)
	}
	exURL := eval[string](t, ru, `location.pathname`)
	if !strings.HasPrefix(exURL, "/exchanges/") || text(t, ru, "#exchange-title") != "Стажировка редакторов в CMG" {
		t.Fatalf("after proposing at %s", exURL)
	}
	for _, name := range []string{"Анна Петрова", "Иван Соколов"} {
		id := eval[string](t, ru, `[...document.querySelectorAll('#nominate-form option')].find(o => o.textContent === '`+name+`').value`)
		do(t, ru, chromedp.SetValue(chromedp.CSS(`#nominate-form [name=person]`), id))
		follow(t, ru, chromedp.Click(chromedp.CSS(`#nominate-form button[type=submit]`)))
	}
	if n := eval[int](t, ru, `document.querySelectorAll('[data-status="nominated"]').length`); n != 2 {
		t.Fatalf("%d nominees shown", n)
	}

	zh := tab(t)
	browserSignIn(t, zh, s.URL, "editor@cmg.demo")
	do(t, zh, chromedp.Navigate(s.URL+exURL), chromedp.Click(chromedp.CSS(`.switcher button[data-lang="zh-Hans"]`)),
		chromedp.WaitVisible(chromedp.CSS(`html[lang="zh-Hans"] #exchange-title`)))
	follow(t, zh, chromedp.Click(chromedp.CSS(`[data-move="open"]`)))
	follow(t, zh, chromedp.Click(chromedp.CSS(`[data-participant="安娜·彼得罗娃"] [data-decide="accepted"]`)))
	do(t, zh, chromedp.SetValue(chromedp.CSS(`[data-participant="伊万·索科洛夫"] [name=comment]`), "名额已满"))
	follow(t, zh, chromedp.Click(chromedp.CSS(`[data-participant="伊万·索科洛夫"] [data-decide="declined"]`)))
	if got := eval[string](t, zh, `document.querySelector('[data-participant="伊万·索科洛夫"]').dataset.status`); got != "declined" {
		t.Errorf("declined editor shows %q", got)
	}
	plan := `[data-participant="安娜·彼得罗娃"] .xc-plan `
	do(t, zh, chromedp.Click(chromedp.CSS(plan+"summary")),
		chromedp.SetValue(chromedp.CSS(plan+"[name=kind]"), "arrival"),
		chromedp.SetValue(chromedp.CSS(plan+"[name=start]"), "2030-03-04T06:30"),
		chromedp.SetValue(chromedp.CSS(plan+"[name=timezone]"), "Asia/Shanghai"),
		chromedp.SetValue(chromedp.CSS(plan+`[name="title.zh-Hans"]`), "抵达北京首都国际机场"),
		chromedp.SetValue(chromedp.CSS(plan+`[name="title.ru"]`), "Прилёт в аэропорт Шоуду"))
	follow(t, zh, chromedp.Click(chromedp.CSS(plan+"button[type=submit]")))
	if got := text(t, zh, `[data-itinerary="安娜·彼得罗娃"] .xc-item-title`); got != "抵达北京首都国际机场" {
		t.Errorf("Chinese itinerary: %q", got)
	}
	for _, w := range []int64{390, 1366} {
		eventFits(t, zh, "exchange-zh", w)
		shoot(t, zh, "exchange-zh", w)
	}
	do(t, zh, chromedp.EmulateViewport(1280, 900))

	do(t, ru, chromedp.Navigate(s.URL+exURL), chromedp.WaitVisible(chromedp.CSS(`[data-itinerary="Анна Петрова"]`)))
	if got := text(t, ru, `[data-itinerary="Анна Петрова"] .xc-item-title`); got != "Прилёт в аэропорт Шоуду" {
		t.Errorf("Russian itinerary: %q", got)
	}
	if got := text(t, ru, `[data-itinerary="Анна Петрова"] .xc-kind`); got != "Прибытие" {
		t.Errorf("Russian entry kind: %q", got)
	}
	for _, w := range []int64{390, 1366} {
		eventFits(t, ru, "exchange-ru", w)
		shoot(t, ru, "exchange-ru", w)
	}
	do(t, ru, chromedp.EmulateViewport(1280, 900))
	follow(t, ru, chromedp.Click(chromedp.CSS(`[data-letter]`)))
	zhSide := text(t, ru, `[data-letter-lang="zh-Hans"]`)
	ruSide := text(t, ru, `[data-letter-lang="ru"]`)
	if !strings.Contains(zhSide, "安娜·彼得罗娃") || !strings.Contains(zhSide, "2030年3月4日至2030年3月17日") {
		t.Errorf("Chinese side of the letter: %q", zhSide)
	}
	if !strings.Contains(ruSide, "Анна Петрова") || !strings.Contains(ruSide, "«Стажировка редакторов в CMG»") {
		t.Errorf("Russian side of the letter: %q", ruSide)
	}
	for _, w := range []int64{390, 1366} {
		eventFits(t, ru, "letter-ru", w)
		shoot(t, ru, "letter-ru", w)
	}
	do(t, ru, chromedp.EmulateViewport(1280, 900))
	if _, err := chromedp.Call(ru, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	if d := eval[string](t, ru, `getComputedStyle(document.querySelector('.top')).display`); d != "none" {
		t.Errorf("the header prints (display %s)", d)
	}
	if cols := eval[int](t, ru, `getComputedStyle(document.querySelector('#letter')).gridTemplateColumns.split(' ').length`); cols != 2 {
		t.Errorf("printed letter has %d columns, want 2", cols)
	}
}
