package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/demo"
)

func TestSearchPageFindsAcrossScripts(t *testing.T) {
	s := newSite(t)
	c := s.client(t)
	c.signIn(demo.UserEmail("vgtrk", auth.RoleViewer))
	redSilk := "/titles/" + demo.TitleID("Red Silk")
	for _, q := range []string{"красный шелк", "红丝绸", "紅絲綢", "hong si chou", "krasnyy shyolk"} {
		res := c.get("/search?q=" + url.QueryEscape(q))
		if res.StatusCode != 200 {
			t.Fatalf("search %q: status %d", q, res.StatusCode)
		}
		first := strings.Index(res.body, `class="hit"`)
		if first < 0 || !strings.Contains(res.body[first:first+400], redSilk) {
			t.Errorf("search %q: Red Silk is not the first hit", q)
		}
		if !strings.Contains(res.body, "<mark>") {
			t.Errorf("search %q: no highlight", q)
		}
	}
	res := c.get("/search?q=" + url.QueryEscape("1900") + "&kind=series")
	if strings.Contains(res.body, `class="hit"`) {
		t.Error("the kind filter did not narrow the results")
	}
	sug := c.get("/search/suggest?q=" + url.QueryEscape("hong si"))
	if !strings.Contains(sug.body, redSilk) || strings.Contains(sug.body, "<html") {
		t.Errorf("suggest fragment lacks Red Silk or is a whole page:\n%s", sug.body)
	}
}

func TestTitlePageDrawsTheAvailabilityTimeline(t *testing.T) {
	s := newSite(t)
	c := s.client(t)
	c.signIn(demo.UserEmail("vgtrk", auth.RoleViewer))
	page := c.get("/titles/" + demo.TitleID("Detective Chinatown 1900"))
	for _, want := range []string{`id="rights"`, `class="timeline"`, `class="st-available"`, `id="holdings"`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("title page lacks %s", want)
		}
	}
	none := c.get("/titles/" + demo.TitleID("My Country, My Parents"))
	if strings.Contains(none.body, `class="timeline"`) || !strings.Contains(none.body, `id="rights"`) {
		t.Error("a title without rights should say so instead of drawing a timeline")
	}
}

func TestBrowserSearchBoxSuggestsAsYouType(t *testing.T) {
	s := newSite(t)
	ctx := tab(t)
	browserSignIn(t, ctx, s.URL, demo.UserEmail("cmg", auth.RoleEditor))
	redSilk := "/titles/" + demo.TitleID("Red Silk")
	do(t, ctx, chromedp.SendKeys(chromedp.CSS("#q"), "krasnyy shyolk"))
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS(`#suggest a[href="`+redSilk+`"]`)))
	if got := text(t, ctx, `#suggest a[href="`+redSilk+`"] mark`); got == "" {
		t.Error("the suggestion does not highlight the match")
	}
	// Enter submits the box to the search page, which lists the same title first.
	follow(t, ctx, chromedp.SendKeys(chromedp.CSS("#q"), "\r"))
	if got := eval[string](t, ctx, `document.querySelector('.hit h2 a').getAttribute('href')`); got != redSilk {
		t.Fatalf("first hit = %q, want Red Silk", got)
	}
	// Following the suggestion of a Chinese query opens the title page.
	do(t, ctx, chromedp.Navigate(s.URL+"/titles"))
	do(t, ctx, chromedp.SendKeys(chromedp.CSS("#q"), "唐探"))
	dc := "/titles/" + demo.TitleID("Detective Chinatown 1900")
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS(`#suggest a[href="`+dc+`"]`)))
	follow(t, ctx, chromedp.Click(chromedp.CSS(`#suggest a[href="`+dc+`"]`)))
	// The title page draws the availability timeline as SVG bars.
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS(".timeline svg.tl-bar rect")))
	if n := eval[int](t, ctx, `document.querySelectorAll('.timeline svg.tl-bar rect.st-available').length`); n == 0 {
		t.Error("the timeline shows no available segment for a title CMG holds")
	}
}
