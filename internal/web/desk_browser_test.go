package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/demo"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// overflowJS lists the elements that reach past the viewport's right edge,
// for a readable failure when a page scrolls sideways.
const overflowJS = `[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 6).map(e => e.tagName + '.' + (e.getAttribute('class') || '') + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ')`

// deskFits asserts the document is no wider than the viewport and saves a
// screenshot named name in the test's artifact directory.
func deskFits(t *testing.T, ctx context.Context, name string, width int64) {
	t.Helper()
	if wide := eval[bool](t, ctx, `document.documentElement.scrollWidth > window.innerWidth`); wide {
		t.Errorf("%s at %d px scrolls sideways: %s", name, width, eval[string](t, ctx, overflowJS))
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(t.ArtifactDir(), name+"-"+strconv.FormatInt(width, 10)+".png"), shot, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserDeskFits: the avails grid, the rights form and the title page
// with many licences fit 390 px and 1366 px in Chinese and Russian.
func TestBrowserDeskFits(t *testing.T) {
	s := newDealSite(t)
	cmg := storetest.As("cmg", auth.RoleEditor)
	// Many licences on one title must not widen the page.
	for i, cc := range []string{"DE", "FR", "IT", "ES", "PL", "JP", "KR", "BR", "MX", "TR", "EG", "IN"} {
		end := "2027-0" + strconv.Itoa(1+i%9) + "-28"
		if _, err := s.rights.AddLicence(cmg, dc1900, rights.LicenceInput{Licensee: "Broadcaster " + cc,
			Terms: rights.Terms{Territories: []string{cc}, Media: []rights.Media{rights.AllMedia[i%12]}, Start: "2026-0" + strconv.Itoa(1+i%9) + "-01", End: &end, Exclusive: true}}); err != nil {
			t.Fatal(err)
		}
	}
	ctx := tab(t)
	browserSignIn(t, ctx, s.URL, demo.UserEmail("cmg", auth.RoleEditor))
	pages := map[string]string{
		"avails": s.URL + deskQuery,
		"title":  s.URL + "/titles/" + dc1900,
		"form":   s.URL + "/titles/" + dc1900 + "/rights/licences/new",
	}
	for _, lang := range []string{"zh-Hans", "ru"} {
		do(t, ctx, chromedp.Navigate(s.URL+"/titles"))
		follow(t, ctx, chromedp.Click(chromedp.CSS(`.switcher button[data-lang="`+lang+`"]`)))
		for name, url := range pages {
			for _, width := range []int64{390, 1366} {
				do(t, ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(url))
				deskFits(t, ctx, name+"-"+lang, width)
			}
		}
	}
	_ = strings.TrimSpace
}
