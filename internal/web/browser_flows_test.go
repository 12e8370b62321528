package web_test

import (
	"net/url"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/demo"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// languageCase is what one interface language must show.
type languageCase struct {
	lang, catalogue, redSilk, partnersHeading string
	orgName                                   map[string]string
}

var languageCases = []languageCase{
	{"zh-Hans", "节目库", "红丝绸", "合作机构", map[string]string{"cmg": "中央广播电视总台", "vgtrk": "全俄国家电视广播公司"}},
	{"ru", "Каталог", "Красный шёлк", "Организации-партнёры", map[string]string{"cmg": "Медиакорпорация Китая",
		"vgtrk": "ВГТРК (Всероссийская государственная телевизионная и радиовещательная компания)"}},
	{"en", "Catalogue", "Red Silk", "Partner organisations", map[string]string{"cmg": "China Media Group",
		"vgtrk": "All-Russia State Television and Radio Broadcasting Company (VGTRK)"}},
}

func TestBrowserSignInAndSwitchLanguagesForEachDemoOrg(t *testing.T) {
	s := newSite(t)
	for _, org := range []string{"cmg", "vgtrk"} {
		t.Run(org, func(t *testing.T) {
			ctx := tab(t)
			browserSignIn(t, ctx, s.URL, demo.UserEmail(org, auth.RoleAdmin))
			redSilk := "/titles/" + demo.TitleID("Red Silk")
			for _, c := range languageCases {
				follow(t, ctx, chromedp.Click(chromedp.CSS(`.switcher button[data-lang="`+c.lang+`"]`)))
				if got := eval[string](t, ctx, `document.documentElement.lang`); got != c.lang {
					t.Fatalf("html lang = %q after choosing %s", got, c.lang)
				}
				if got := text(t, ctx, `.nav a[href="/titles"]`); got != c.catalogue {
					t.Errorf("%s: catalogue link reads %q, want %q", c.lang, got, c.catalogue)
				}
				if got := text(t, ctx, ".who .org"); got != c.orgName[org] {
					t.Errorf("%s: organisation shown as %q, want %q", c.lang, got, c.orgName[org])
				}
				// The catalogue shows the title in the chosen language, marked with it.
				sel := `.card a[href="` + redSilk + `"]`
				if got := text(t, ctx, sel); got != c.redSilk {
					t.Errorf("%s: Red Silk listed as %q, want %q", c.lang, got, c.redSilk)
				}
				if got := eval[string](t, ctx, `document.querySelector('`+sel+`').lang`); got != c.lang {
					t.Errorf("%s: title link lang = %q", c.lang, got)
				}
				// The choice is remembered on the next page.
				do(t, ctx, chromedp.Navigate(s.URL+"/org/partners"))
				if got := text(t, ctx, "main h1"); got != c.partnersHeading {
					t.Errorf("%s: partners page heading %q, want %q", c.lang, got, c.partnersHeading)
				}
				do(t, ctx, chromedp.Navigate(s.URL+"/titles"))
			}
		})
	}
}

func TestBrowserEditorEditsALocalization(t *testing.T) {
	s := newSite(t)
	ctx := tab(t)
	browserSignIn(t, ctx, s.URL, demo.UserEmail("cmg", auth.RoleEditor))
	id := demo.TitleID("My Country, My Parents")
	follow(t, ctx, chromedp.Click(chromedp.CSS(`.card a[href="/titles/`+id+`"]`)))
	if got := text(t, ctx, "main h1"); got != "My Country, My Parents" {
		t.Fatalf("title page h1 = %q", got)
	}
	// Another language is one click away and marked with its lang.
	follow(t, ctx, chromedp.Click(chromedp.CSS(`.tabs a[data-tl="ru"]`)))
	if got := text(t, ctx, `main h1[lang="ru"]`); got != "Моя страна, мои родители" {
		t.Fatalf("Russian tab h1 = %q", got)
	}
	follow(t, ctx, chromedp.Click(chromedp.CSS("#edit-title")))

	// Columns are zh-Hans, ru, en (the switcher's order): 1 is Russian.
	// A broken year is refused with the error beside the input and nothing saved.
	do(t, ctx, chromedp.SetValue(chromedp.CSS("#f-production-year"), "20x1"),
		chromedp.SetValue(chromedp.CSS("#f-loc-1-short-synopsis"), "Не сохранится"))
	if st := follow(t, ctx, chromedp.Click(chromedp.CSS("#save-title"))); st != 422 {
		t.Fatalf("invalid save: status %d, want 422", st)
	}
	if got := eval[string](t, ctx, `document.querySelector('#f-production-year').getAttribute('aria-invalid')`); got != "true" {
		t.Fatalf("year input not marked invalid (aria-invalid=%q)", got)
	}
	if got := text(t, ctx, "#f-production-year-err"); got != "Enter a whole number." {
		t.Fatalf("year error = %q", got)
	}
	synopsis := "Четыре новеллы о поколении родителей."
	do(t, ctx, chromedp.SetValue(chromedp.CSS("#f-production-year"), "2021"),
		chromedp.SetValue(chromedp.CSS("#f-loc-1-short-synopsis"), synopsis))
	if st := follow(t, ctx, chromedp.Click(chromedp.CSS("#save-title"))); st != 200 {
		t.Fatalf("save: status %d", st)
	}
	if got := text(t, ctx, ".flash"); got != "Changes saved." {
		t.Fatalf("flash after save = %q", got)
	}
	do(t, ctx, chromedp.Navigate(s.URL+"/titles/"+id+"?tl=ru"))
	if got := text(t, ctx, `.synopsis .lead[lang="ru"]`); got != synopsis {
		t.Fatalf("saved Russian synopsis reads %q", got)
	}
	stored, err := s.catalog.Get(storetest.As("cmg", auth.RoleViewer), id, nil)
	if err != nil || stored.Localizations["ru"].ShortSynopsis != synopsis || stored.Version != 2 || stored.ProductionYear != 2021 {
		t.Fatalf("stored title = %+v, %v", stored, err)
	}
}

func TestBrowserViewerSeesNoEditControlsAndForgedPostIsRefused(t *testing.T) {
	s := newSite(t)
	ctx := tab(t)
	browserSignIn(t, ctx, s.URL, demo.UserEmail("cmg", auth.RoleViewer))
	// Filters apply as they change (htmx swaps the results in place).
	do(t, ctx, chromedp.SetValue(chromedp.CSS("#f-genre"), "documentary"))
	eval[bool](t, ctx, `document.querySelector('#f-genre').dispatchEvent(new Event('change', {bubbles: true}))`)
	do(t, ctx, chromedp.WaitNotPresent(chromedp.CSS(`.card a[href="/titles/`+demo.TitleID("Red Silk")+`"]`)))
	if n := eval[int](t, ctx, `document.querySelectorAll('#results .card').length`); n != 1 {
		t.Fatalf("%d titles listed for genre documentary, want 1", n)
	}
	if got := eval[string](t, ctx, `location.search`); got != "?kind=&year=&producer=&country=&genre=documentary&sort=title" {
		t.Fatalf("filter URL not pushed: %q", got)
	}
	id := demo.TitleID("Detective Chinatown 1900")
	do(t, ctx, chromedp.Navigate(s.URL+"/titles/"+id))
	if got := text(t, ctx, "main h1"); got != "Detective Chinatown 1900" {
		t.Fatalf("h1 = %q", got)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('#edit-title, a[href$="/edit"], a[href="/titles/new"]').length`); n != 0 {
		t.Fatalf("viewer sees %d edit controls", n)
	}
	// A forged submission with the viewer's own valid CSRF token.
	js := `(async () => {
		const body = new URLSearchParams({csrf: document.querySelector('input[name=csrf]').value,
			kind: 'film', original_language: 'zh', visibility: 'partners', 'loc.0.tag': 'en', 'loc.0.title': 'Hacked'});
		const r = await fetch('/titles/` + id + `/edit', {method: 'POST', body});
		return r.status;
	})()`
	status, err := chromedp.Run(ctx, chromedp.Evaluate[int](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if status != 403 {
		t.Fatalf("forged POST status %d, want 403", status)
	}
	stored, err := s.catalog.Get(storetest.As("cmg", auth.RoleViewer), id, nil)
	if err != nil || stored.Version != 1 || stored.Localizations["en"].Title != "Detective Chinatown 1900" {
		t.Fatalf("title changed by a viewer: %+v, %v", stored, err)
	}
	do(t, ctx, chromedp.Navigate(s.URL+"/titles/"+id+"/edit"))
	if got := text(t, ctx, "main h1"); got != "Not allowed" {
		t.Fatalf("edit page for a viewer shows %q", got)
	}
}

func TestBrowserUnknownPageIsAFriendly404(t *testing.T) {
	s := newSite(t)
	ctx := tab(t)
	browserSignIn(t, ctx, s.URL, demo.UserEmail("vgtrk", auth.RoleEditor))
	follow(t, ctx, chromedp.Click(chromedp.CSS(`.switcher button[data-lang="ru"]`)))
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(s.URL+"/no/such/page?x="+url.QueryEscape("<b>")))
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != 404 {
		t.Fatalf("status %d, want 404", resp.Status)
	}
	if got := text(t, ctx, "main h1"); got != "Страница не найдена" {
		t.Fatalf("404 heading = %q", got)
	}
	// The page keeps the header and offers a way back.
	if got := text(t, ctx, `.error-page a[href="/titles"]`); got != "Вернуться в каталог" {
		t.Fatalf("way back reads %q", got)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('.nav a').length`); n == 0 {
		t.Fatal("404 page lost the navigation")
	}
}
