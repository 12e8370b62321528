package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/demo"
)

// TestBrowserCounterChangesFee: VGTRK asks for a licence at a fee in yuan
// with an instalment, a delivery deadline and materials; CMG, reading in
// Chinese, counters in roubles; VGTRK, reading in Russian, sees the new fee
// in Russian conventions and what the counter changed. Both pages fit 390 px
// and 1280 px without scrolling sideways.
func TestBrowserCounterChangesFee(t *testing.T) {
	s := newDealSite(t)
	film := "/titles/" + demo.TitleID("Detective Chinatown 1900")
	shots := os.Getenv("SILKBRIDGE_SHOTS") // a directory to keep screenshots in, when set

	vg := tab(t)
	browserSignIn(t, vg, s.URL, demo.UserEmail("vgtrk", auth.RoleEditor))
	do(t, vg, chromedp.Navigate(s.URL+film))
	follow(t, vg, chromedp.Click(chromedp.CSS("#request-licence")))
	do(t, vg,
		chromedp.SetValue(chromedp.CSS("#f-licensor"), "cmg"),
		chromedp.SendKeys(chromedp.CSS("#f-territories"), "RU"),
		chromedp.Click(chromedp.CSS(`#f-media input[value="free_tv"]`)),
		chromedp.SetValue(chromedp.CSS("#f-start"), "2025-09-01"),
		chromedp.SetValue(chromedp.CSS("#f-end"), "2025-12-31"),
		chromedp.SetValue(chromedp.CSS("#f-money-kind"), "fee"),
		chromedp.SendKeys(chromedp.CSS("#f-amount"), "1200000.00"),
		chromedp.SetValue(chromedp.CSS("#f-currency"), "CNY"),
		chromedp.SetValue(chromedp.CSS(`.payment-row input[name="pay_due"]`), "2025-10-01"),
		chromedp.SendKeys(chromedp.CSS(`.payment-row input[name="pay_amount"]`), "600000"),
		// A second instalment row, added by the button.
		chromedp.Click(chromedp.CSS("#add-payment")),
		chromedp.SetValue(chromedp.CSS(`.payment-row:nth-child(2) input[name="pay_due"]`), "2025-11-01"),
		chromedp.SendKeys(chromedp.CSS(`.payment-row:nth-child(2) input[name="pay_amount"]`), "600000"),
		chromedp.SetValue(chromedp.CSS("#f-delivery-deadline"), "2025-08-15"),
		chromedp.Click(chromedp.CSS(`#f-materials input[value="mezzanine"]`)),
		chromedp.SendKeys(chromedp.CSS("#f-subtitles"), "ru"))
	if st := follow(t, vg, chromedp.Click(chromedp.CSS("#submit-request"))); st != 200 {
		t.Fatalf("submit: status %d; %s", st, text(t, vg, "main"))
	}
	requestPath := eval[string](t, vg, `location.pathname`)
	if !strings.HasPrefix(requestPath, "/requests/") {
		t.Fatalf("after submitting at %s: %s", requestPath, text(t, vg, "main"))
	}
	if got := text(t, vg, "#deal-fee"); got != "CN¥1,200,000.00" {
		t.Fatalf("fee shown in English = %q", got)
	}
	if got := text(t, vg, "#deal-payments"); !strings.Contains(got, "CN¥600,000.00") || strings.Count(got, "CN¥") != 2 {
		t.Fatalf("schedule = %q", got)
	}

	// CMG reads it in Chinese and counters in roubles.
	cm := tab(t)
	browserSignIn(t, cm, s.URL, demo.UserEmail("cmg", auth.RoleEditor))
	follow(t, cm, chromedp.Click(chromedp.CSS(`.switcher button[data-lang="zh-Hans"]`)))
	do(t, cm, chromedp.Navigate(s.URL+requestPath))
	if got := text(t, cm, "#deal-fee"); got != "¥1,200,000.00" {
		t.Fatalf("fee shown in Chinese = %q", got)
	}
	if got := text(t, cm, "#deal-delivery-deadline"); !strings.Contains(got, "2025") || !strings.Contains(got, "8") {
		t.Fatalf("delivery deadline shown in Chinese = %q", got)
	}
	do(t, cm, chromedp.Click(chromedp.CSS("#counter summary")))
	fits(t, cm, "zh-Hans request with the counter form", shots, "zh-counter")
	do(t, cm,
		chromedp.SetValue(chromedp.CSS("#f-amount"), "15000000.50"),
		chromedp.SetValue(chromedp.CSS("#f-currency"), "RUB"),
		// The instalments were in yuan; the counter drops them.
		chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('.payment-row [data-remove-payment]').forEach(b => b.click())`),
		chromedp.SendKeys(chromedp.CSS("#f-message"), "以卢布计价"))
	if st := follow(t, cm, chromedp.Click(chromedp.CSS("#submit-counter"))); st != 200 {
		t.Fatalf("counter: status %d", st)
	}
	if got := eval[string](t, cm, `document.querySelector('#request-state').dataset.state`); got != "countered" {
		t.Fatalf("state after countering = %q; %s", got, text(t, cm, "main"))
	}

	// VGTRK reads the counter in Russian.
	follow(t, vg, chromedp.Click(chromedp.CSS(`.switcher button[data-lang="ru"]`)))
	do(t, vg, chromedp.Navigate(s.URL+requestPath))
	if got := text(t, vg, "#deal-fee"); got != "15\u00a0000\u00a0000,50\u00a0₽" {
		t.Fatalf("fee shown in Russian = %q", got)
	}
	change := `#history li .changes li[data-field="fee"]`
	if got := text(t, vg, change+" del"); got != "1\u00a0200\u00a0000,00\u00a0CN¥" {
		t.Fatalf("old fee in the history = %q", got)
	}
	if got := text(t, vg, change+" ins"); got != "15\u00a0000\u00a0000,50\u00a0₽" {
		t.Fatalf("new fee in the history = %q", got)
	}
	if got := text(t, vg, change+" .change-label"); got != "Лицензионный платёж:" {
		t.Fatalf("change label = %q", got)
	}
	if n := eval[int](t, vg, `document.querySelectorAll('#history li .changes li[data-field="payments"]').length`); n != 1 {
		t.Fatalf("the dropped schedule is not among the changes")
	}
	do(t, vg, chromedp.Click(chromedp.CSS("#counter summary")))
	fits(t, vg, "ru request after the counter", shots, "ru-countered")
	if got := eval[string](t, vg, `document.querySelector('#f-currency').value`); got != "RUB" {
		t.Fatalf("the counter form does not start from the standing currency: %q", got)
	}
	// The request form, with its money fields, fits a phone in both languages.
	for _, reader := range []struct {
		ctx  context.Context
		name string
	}{{vg, "ru"}, {cm, "zh"}} {
		do(t, reader.ctx, chromedp.Navigate(s.URL+film))
		follow(t, reader.ctx, chromedp.Click(chromedp.CSS("#request-licence")))
		fits(t, reader.ctx, reader.name+" request form", shots, reader.name+"-new")
	}
}

// fits checks the page at phone and desktop widths for sideways scrolling,
// keeping full-page screenshots in dir when it is set.
func fits(t *testing.T, ctx context.Context, what, dir, name string) {
	t.Helper()
	for _, width := range []int64{390, 1280} {
		do(t, ctx, chromedp.EmulateViewport(width, 900))
		if wide := eval[bool](t, ctx, `document.documentElement.scrollWidth > window.innerWidth`); wide {
			t.Errorf("%s at %d px scrolls sideways", what, width)
		}
		if bad := eval[string](t, ctx, requestLayoutJS); bad != "" {
			t.Errorf("%s at %d px: %s", what, width, bad)
		}
		if dir == "" {
			continue
		}
		shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, width)), shot, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	do(t, ctx, chromedp.EmulateViewport(1280, 900))
}

// requestLayoutJS names what is wrong with a request page's layout, or is
// empty (also on other pages): the breadcrumb, the heading and the parties
// each on a line of their own, and the page's blocks apart from each other.
const requestLayoutJS = `(() => {
  const page = document.querySelector('.request-page');
  if (!page) return '';
  const box = s => page.querySelector(s)?.getBoundingClientRect();
  const crumbs = box('.page-head .crumbs'), h1 = box('.page-head h1'), meta = box('.page-head .meta');
  if (!crumbs || !h1 || !meta) return 'breadcrumb, heading or parties missing';
  if (h1.top < crumbs.bottom - 1) return 'heading beside the breadcrumb';
  if (meta.top < h1.bottom - 1) return 'parties beside the heading';
  const blocks = [...page.children].filter(e => e.offsetParent !== null);
  for (let i = 1; i < blocks.length; i++) {
    const gap = blocks[i].getBoundingClientRect().top - blocks[i-1].getBoundingClientRect().bottom;
    if (gap < 8) return 'blocks ' + (i-1) + ' and ' + i + ' only ' + gap + ' px apart';
  }
  return '';
})()`
