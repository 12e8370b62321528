package web_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// A right-to-left title is laid out right to left by the browser, inside its
// own element only: dir="auto" isolates it from the interface around it.
func TestBrowserRightToLeftTitleIsIsolated(t *testing.T) {
	s := newSite(t)
	ctx := tab(t)
	created, err := s.catalog.Create(storetest.As("cmg", auth.RoleEditor), catalog.Fields{Kind: catalog.KindFilm, OriginalLanguage: "ar",
		Visibility: catalog.VisibilityPartners, Localizations: map[string]catalog.Localization{"ar": {Title: "طريق الحرير 2025"}}})
	if err != nil {
		t.Fatal(err)
	}
	browserSignIn(t, ctx, s.URL, "editor@cmg.demo")
	do(t, ctx, chromedp.Navigate(s.URL+"/titles/"+created.ID))
	if got := eval[string](t, ctx, `getComputedStyle(document.querySelector("h1")).direction`); got != "rtl" {
		t.Errorf("the Arabic title's heading is laid out %s, want rtl", got)
	}
	if got := eval[string](t, ctx, `getComputedStyle(document.querySelector("main")).direction`); got != "ltr" {
		t.Errorf("the English page around it is laid out %s, want ltr", got)
	}
	do(t, ctx, chromedp.Navigate(s.URL+"/titles"))
	if got := eval[string](t, ctx, `getComputedStyle(document.querySelector('a[href="/titles/`+created.ID+`"]')).direction`); got != "rtl" {
		t.Errorf("the catalogue's link to the Arabic title is laid out %s, want rtl", got)
	}
}
