package web_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/silkbridge/silkbridge/internal/demo"
)

var mediaBoxRE = regexp.MustCompile(`/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]`)

// TestBrowserPrintSchedule: printed, the public programme drops the header,
// filters and buttons and lays out on A4 pages (the stylesheet's @page).
func TestBrowserPrintSchedule(t *testing.T) {
	s := newEventSite(t)
	ctx := tab(t)
	do(t, ctx, chromedp.Navigate(s.URL+"/e/"+demo.FestivalSlug+"?lang=ru"))
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	for _, css := range []string{".top", ".pg-filters", ".pg-langs", ".foot", ".pg-ticket"} {
		if d := eval[string](t, ctx, `getComputedStyle(document.querySelector('`+css+`')).display`); d != "none" {
			t.Errorf("%s prints (display %s)", css, d)
		}
	}
	if n := eval[int](t, ctx, `[...document.querySelectorAll('.pg-row')].filter(e => getComputedStyle(e).display !== 'none').length`); n != 3 {
		t.Errorf("%d screenings print, want 3", n)
	}
	yes := true
	pdf, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &yes})
	if err != nil {
		t.Fatal(err)
	}
	m := mediaBoxRE.FindStringSubmatch(string(pdf.Data))
	if m == nil {
		t.Fatal("no MediaBox in the PDF")
	}
	w, _ := strconv.ParseFloat(m[1], 64)
	h, _ := strconv.ParseFloat(m[2], 64)
	// A4 is 210 × 297 mm: 595.3 × 841.9 points.
	if w < 593 || w > 598 || h < 840 || h > 845 {
		t.Errorf("page is %.1f × %.1f pt, not A4", w, h)
	}
	os.WriteFile(filepath.Join(t.ArtifactDir(), "programme-a4.pdf"), pdf.Data, 0o644)
}
