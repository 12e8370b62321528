package web_test

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/demo"
)

// TestBrowserDateAnEvent: CMG's editor dates the theatrical release of its
// film in Russian from the title page; the panel fits a phone and a desktop
// (screenshots in the test's artifact directory) and lists the date after.
func TestBrowserDateAnEvent(t *testing.T) {
	s := newDealSite(t)
	path := s.URL + "/titles/" + demo.TitleID("Detective Chinatown 1900")
	cm := tab(t)
	browserSignIn(t, cm, s.URL, demo.UserEmail("cmg", auth.RoleEditor))
	do(t, cm, chromedp.Navigate(path))
	follow(t, cm, chromedp.Click(chromedp.CSS(`.switcher button[data-lang="ru"]`)))
	do(t, cm, chromedp.Navigate(path+"#dated-events"),
		chromedp.SetValue(chromedp.CSS("#ev-condition"), "Theatrical"),
		chromedp.SetValue(chromedp.CSS("#ev-date"), "2025-09-12"),
		chromedp.SendKeys(chromedp.CSS("#ev-territories"), "RU, BY"))
	if st := follow(t, cm, chromedp.Click(chromedp.CSS("#ev-save"))); st != 200 {
		t.Fatalf("date: status %d", st)
	}
	if n := eval[int](t, cm, `document.querySelectorAll('#dated-events-list tbody tr').length`); n != 1 {
		t.Fatalf("%d dated events listed", n)
	}
	for _, width := range []int64{390, 1280} {
		do(t, cm, chromedp.EmulateViewport(width, 900), chromedp.Navigate(path+"#dated-events"))
		if wide := eval[bool](t, cm, `document.documentElement.scrollWidth > window.innerWidth`); wide {
			t.Errorf("at %d px the page scrolls sideways", width)
		}
		shot, err := chromedp.Run(cm, chromedp.Screenshot(chromedp.CSS("#dated-events")))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(t.ArtifactDir(), "dated-events-ru-"+strconv.FormatInt(width, 10)+".png"), shot, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
