package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/demo"
)

// TestSuggestionsShowTitlesInTheInterfaceLanguage checks the header box's
// fragment: the title in the page's language first, the misspelt query's
// match (another language's title) below it, highlighted.
func TestSuggestionsShowTitlesInTheInterfaceLanguage(t *testing.T) {
	s := newSite(t)
	c := s.client(t)
	c.signIn(demo.UserEmail("vgtrk", auth.RoleViewer))
	redSilk := `href="/titles/` + demo.TitleID("Red Silk") + `"`
	cases := []struct{ lang, q, title, match string }{
		{"ru", "Red Slik", `<bdi lang="ru">Красный шёлк</bdi>`, `lang="en" dir="auto"><mark>Red</mark> <mark>Silk</mark>`},
		{"zh-Hans", "Красный шолк", `<bdi lang="zh-Hans">红丝绸</bdi>`, `lang="ru" dir="auto"><mark>Красный</mark> <mark>шёлк</mark>`},
		{"en", "红丝稠", `<bdi lang="en">Red Silk</bdi>`, `lang="zh-Hans" dir="auto"><mark>红丝绸</mark>`},
		// The query matched the displayed title: shown once, highlighted.
		{"en", "Red Slik", `<bdi lang="en"><mark>Red</mark> <mark>Silk</mark></bdi>`, ""},
	}
	for _, tc := range cases {
		c.post("/search", "/lang", url.Values{"lang": {tc.lang}, "next": {"/search"}})
		body := c.get("/search/suggest?q=" + url.QueryEscape(tc.q)).body
		i := strings.Index(body, redSilk)
		if i < 0 {
			t.Errorf("%s %q: no Red Silk suggested:\n%s", tc.lang, tc.q, body)
			continue
		}
		item := body[i:]
		item = item[:strings.Index(item, "</li>")]
		if !strings.Contains(item, tc.title) {
			t.Errorf("%s %q: suggestion lacks %s:\n%s", tc.lang, tc.q, tc.title, item)
		}
		if tc.match != "" && !strings.Contains(item, tc.match) {
			t.Errorf("%s %q: suggestion lacks the matched form %s:\n%s", tc.lang, tc.q, tc.match, item)
		}
		if tc.match == "" && strings.Contains(item, "suggest-match") {
			t.Errorf("%s %q: the matched form repeats the title:\n%s", tc.lang, tc.q, item)
		}
	}
}

// TestBrowserHeaderBoxSuggestsInRussian types a misspelt English title into
// the header box of the Russian interface and sees the Russian title.
func TestBrowserHeaderBoxSuggestsInRussian(t *testing.T) {
	s := newSite(t)
	ctx := tab(t)
	browserSignIn(t, ctx, s.URL, demo.UserEmail("vgtrk", auth.RoleViewer))
	follow(t, ctx, chromedp.Click(chromedp.CSS(`.switcher button[data-lang="ru"]`)))
	redSilk := `#suggest a[href="/titles/` + demo.TitleID("Red Silk") + `"]`
	do(t, ctx, chromedp.SendKeys(chromedp.CSS("#q"), "Red Slik"))
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS(redSilk)))
	if got := text(t, ctx, redSilk+" bdi"); got != "Красный шёлк" {
		t.Errorf("suggested title = %q, want Красный шёлк", got)
	}
	if got := text(t, ctx, redSilk+" .suggest-match"); got != "Red Silk" {
		t.Errorf("matched form = %q, want Red Silk", got)
	}
	// People are suggested below the titles, named in Russian.
	shen := `#suggest .suggest-people a[href="/people/` + demo.PersonID("Shen Haixiong") + `"]`
	eval[string](t, ctx, `document.querySelector('#q').value = ''`)
	do(t, ctx, chromedp.SendKeys(chromedp.CSS("#q"), "Shen Hai"))
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS(shen)))
	if got := text(t, ctx, shen+" bdi"); got != "Шэнь Хайсюн" {
		t.Errorf("suggested person = %q, want Шэнь Хайсюн", got)
	}
	if got := text(t, ctx, "#suggest-people"); got != "Люди" {
		t.Errorf("people label = %q, want Люди", got)
	}
}
