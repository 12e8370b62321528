package web_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

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
}

// TestBrowserAvailsGrid: VGTRK asks the grid in Chromium, taps a refused
// cell and reads why (its own licence, CMG by name), and downloads the grid
// as a workbook that opens.
func TestBrowserAvailsGrid(t *testing.T) {
	s := newDealSite(t)
	licenceToVGTRK(t, s.rights)
	ctx := tab(t)
	browserSignIn(t, ctx, s.URL, demo.UserEmail("vgtrk", auth.RoleEditor))
	do(t, ctx, chromedp.Navigate(s.URL+"/rights/avails"),
		chromedp.Click(chromedp.CSS(`#d-media input[value="svod"]`)),
		chromedp.Click(chromedp.CSS(`#d-media input[value="free_tv"]`)),
		chromedp.SetValue(chromedp.CSS("#d-start"), "2026-01-01"),
		chromedp.SetValue(chromedp.CSS("#d-end"), "2026-12-31"))
	if st := follow(t, ctx, chromedp.Click(chromedp.CSS("#d-ask"))); st != 200 {
		t.Fatalf("ask: status %d", st)
	}
	if q := eval[string](t, ctx, `location.search`); !strings.Contains(q, "media=svod") || !strings.Contains(q, "start=2026-01-01") {
		t.Fatalf("the URL does not keep the query: %s", q)
	}
	cell := `#desk-grid tr[data-id="` + dc1900 + `"] td[data-state="no"] button.cell`
	if tip := eval[string](t, ctx, `document.querySelector('`+cell+`').title`); !strings.Contains(tip, "Your own exclusive licence from China Media Group") {
		t.Fatalf("hover text = %q", tip)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(cell)))
	pop := eval[string](t, ctx, `[...document.querySelectorAll('.desk-pop')].filter(p => p.matches(':popover-open')).map(p => p.innerText).join('|')`)
	if !strings.Contains(pop, "Your own exclusive licence from China Media Group") {
		t.Fatalf("tapping the cell shows %q", pop)
	}
	// The export link downloads a workbook that opens, with the grid in it.
	b64, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(document.querySelector('#export-xlsx').href).then(r => r.arrayBuffer()).then(b => btoa(String.fromCharCode(...new Uint8Array(b))))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	data, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	wb, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("exported grid does not open: %v", err)
	}
	rows, _ := wb.GetRows("Sheet1")
	if len(rows) < 3 || rows[0][3] != "Free TV" {
		t.Fatalf("exported rows = %q", rows)
	}
}

// TestBrowserRecordHoldingWithExclusion: CMG records "World except Russia"
// on a title with no rights through the form; the timeline appears with a
// row labelled so, and its bar leads to the record. Then, in Russian, a
// licence clashing with CMG's exclusive licence to VGTRK is refused in
// place, naming VGTRK and calling the licence CMG's own.
func TestBrowserRecordHoldingWithExclusion(t *testing.T) {
	s := newDealSite(t)
	licenceToVGTRK(t, s.rights)
	ctx := tab(t)
	browserSignIn(t, ctx, s.URL, demo.UserEmail("cmg", auth.RoleEditor))
	title := s.URL + "/titles/" + lisbon
	do(t, ctx, chromedp.Navigate(title))
	before := eval[int](t, ctx, `document.querySelectorAll('.timeline .tl-list li').length`)
	if st := follow(t, ctx, chromedp.Click(chromedp.CSS("#add-holding"))); st != 200 {
		t.Fatalf("form: %d", st)
	}
	if !eval[bool](t, ctx, `document.querySelector('#r-territories input[value="WORLD"]').checked`) {
		t.Fatal("a new holding does not start from World")
	}
	do(t, ctx, chromedp.SendKeys(chromedp.CSS("#r-except"), "RU"),
		chromedp.SetValue(chromedp.CSS("#r-start"), "2026-01-01"))
	if st := follow(t, ctx, chromedp.Click(chromedp.CSS("#r-save"))); st != 200 {
		t.Fatalf("save: %d", st)
	}
	labels := eval[string](t, ctx, `[...document.querySelectorAll('.timeline .tl-label')].map(e => e.innerText).join(' | ')`)
	if after := eval[int](t, ctx, `document.querySelectorAll('.timeline .tl-list li').length`); after <= before || !strings.Contains(labels, "Worldwide except Russia") {
		t.Fatalf("timeline rows %d -> %d, labels %q", before, after, labels)
	}
	id := strings.TrimPrefix(eval[string](t, ctx, `location.hash`), "#rec-")
	if n := eval[int](t, ctx, `document.querySelectorAll('.timeline a[href="#rec-`+id+`"]').length`); n == 0 {
		t.Fatal("no timeline bar leads to the new holding")
	}
	// A clashing licence, in Russian.
	do(t, ctx, chromedp.Navigate(s.URL+"/titles/"+dc1900))
	follow(t, ctx, chromedp.Click(chromedp.CSS(`.switcher button[data-lang="ru"]`)))
	if st := follow(t, ctx, chromedp.Click(chromedp.CSS("#add-licence"))); st != 200 {
		t.Fatalf("licence form: %d", st)
	}
	do(t, ctx, chromedp.SendKeys(chromedp.CSS("#r-licensee"), "Первый канал"),
		chromedp.Click(chromedp.CSS(`#r-territories input[value="WORLD"]`)),
		chromedp.SendKeys(chromedp.CSS("#r-countries"), "RU"),
		chromedp.SetValue(chromedp.CSS("#r-start"), "2026-03-01"),
		chromedp.Click(chromedp.CSS("#r-perpetual")),
		chromedp.SetValue(chromedp.CSS("#r-end"), "2026-06-30"),
		chromedp.Click(chromedp.CSS("#r-exclusive")))
	// The new form ticks every medium; keep SVOD only.
	eval[bool](t, ctx, `document.querySelectorAll('#r-media input[name=media]').forEach(c => c.checked = c.value === 'svod'); true`)
	if st := follow(t, ctx, chromedp.Click(chromedp.CSS("#r-save"))); st != 409 {
		t.Fatalf("clashing licence: status %d", st)
	}
	msg := text(t, ctx, "#conflicts")
	if !strings.Contains(msg, "ВГТРК") || !strings.Contains(msg, "Ваша собственная эксклюзивная лицензия") || strings.Contains(msg, "cannot") {
		t.Fatalf("conflict shown as %q", msg)
	}
	for _, width := range []int64{390, 1366} {
		do(t, ctx, chromedp.EmulateViewport(width, 900))
		deskFits(t, ctx, "conflict-ru", width)
	}
}
