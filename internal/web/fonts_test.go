package web_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/demo"
)

// TestFontURLsCarryTheirHash: fonts.css links each font with the hash the
// server gives it, so browsers may keep the fonts for a year; a font replaced
// without its link being updated would be answered with a short cache time.
func TestFontURLsCarryTheirHash(t *testing.T) {
	s := newSite(t)
	css := s.client(t).get("/static/fonts.css")
	if css.StatusCode != http.StatusOK {
		t.Fatalf("fonts.css: %d", css.StatusCode)
	}
	urls := regexp.MustCompile(`url\("(fonts/[^"]+)"\)`).FindAllStringSubmatch(css.body, -1)
	if len(urls) != 12 {
		t.Fatalf("fonts.css links %d font files, want 12 (two families × Latin and Cyrillic × three weights)", len(urls))
	}
	for _, u := range urls {
		resp, err := http.Get(s.URL + "/static/" + u[1])
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "font/woff2" {
			t.Errorf("%s: %d %s", u[1], resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
			t.Errorf("%s: Cache-Control %q: the ?v= in fonts.css is not the file's hash", u[1], cc)
		}
	}
}

// TestBrowserUsesSelfHostedFonts: Russian and English text is set in the
// self-hosted face (its Cyrillic subset is fetched for Russian pages), and
// Chinese pages use the Western face only before the CJK one.
func TestBrowserUsesSelfHostedFonts(t *testing.T) {
	s := newSite(t)
	ctx := tab(t)
	browserSignIn(t, ctx, s.URL, demo.UserEmail("vgtrk", auth.RoleEditor))
	redSilk := "/titles/" + demo.TitleID("Red Silk")
	// loaded lists the faces the page has loaded, as "family|unicode-range".
	const loaded = `document.fonts.ready.then(fs => [...fs].filter(f => f.status === 'loaded').map(f => f.family.replaceAll('"', '') + '|' + f.unicodeRange).join('\n'))`
	for _, c := range []struct{ lang, family, sample string }{
		{"ru", "Silkbridge Sans", "Ж"},
		{"zh-Hans", "Silkbridge Sans Western", "A"},
	} {
		for _, width := range []int64{390, 1366} {
			do(t, ctx, chromedp.EmulateViewport(width, 900))
			follow(t, ctx, chromedp.Click(chromedp.CSS(`.switcher button[data-lang="`+c.lang+`"]`)))
			for _, p := range []string{"/titles", redSilk, "/rights/avails"} {
				do(t, ctx, chromedp.Navigate(s.URL+p))
				faces, err := chromedp.Run(ctx, chromedp.Evaluate[string](loaded, chromedp.EvalAwaitPromise))
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(faces, c.family+"|") {
					t.Errorf("%s %s at %d px: %s not loaded; loaded faces:\n%s", c.lang, p, width, c.family, faces)
				}
				if c.lang == "ru" && !strings.Contains(faces, "U+400-45F") {
					t.Errorf("ru %s: the Cyrillic subset was not loaded:\n%s", p, faces)
				}
				family := eval[string](t, ctx, `getComputedStyle(document.body).fontFamily`)
				if !strings.HasPrefix(strings.ReplaceAll(family, `"`, ""), c.family+",") {
					t.Errorf("%s %s: body font-family %s, want %s first", c.lang, p, family, c.family)
				}
				if !eval[bool](t, ctx, `document.fonts.check('16px "`+c.family+`"', '`+c.sample+`')`) {
					t.Errorf("%s %s: %s cannot render %q", c.lang, p, c.family, c.sample)
				}
				saveScreenshot(t, ctx, c.lang, width, p)
			}
		}
	}
}

// saveScreenshot keeps a full-page screenshot in the test's artifact
// directory when the test runs verbosely (go test -v -artifacts), for a
// person to look at.
func saveScreenshot(t *testing.T, ctx context.Context, lang string, width int64, page string) {
	t.Helper()
	if !testing.Verbose() {
		return
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Logf("no screenshot: %v", err)
		return
	}
	name := fmt.Sprintf("%s%s-%d.png", lang, strings.ReplaceAll(page, "/", "_"), width)
	if err := os.WriteFile(filepath.Join(t.ArtifactDir(), name), shot, 0o644); err != nil {
		t.Logf("screenshot: %v", err)
	}
}
