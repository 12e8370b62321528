package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/demo"
)

// TestBrowserTokenCopyAndConfirmRevoke: in Russian, a new token has a copy
// button that puts the secret on the clipboard and says so; revoking asks
// first, in Russian, and declining leaves the token active.
func TestBrowserTokenCopyAndConfirmRevoke(t *testing.T) {
	s := newSite(t)
	ctx := tab(t)
	browserSignIn(t, ctx, s.URL, demo.UserEmail("cmg", auth.RoleAdmin))
	do(t, ctx, chromedp.Navigate(s.URL+"/org/tokens"))
	follow(t, ctx, chromedp.Click(chromedp.CSS(`.switcher button[data-lang="ru"]`)))
	do(t, ctx, chromedp.SendKeys(chromedp.CSS("#f-token-name"), "Архив"))
	follow(t, ctx, chromedp.Click(chromedp.CSS(`form[action="/org/tokens"] button[type=submit]`)))
	if got := text(t, ctx, "#copy-token"); got != "Скопировать токен" {
		t.Fatalf("copy button reads %q", got)
	}
	// Record what reaches the clipboard, whichever way the page copies.
	eval[bool](t, ctx, `(() => { window.__copied = '';
  document.addEventListener('copy', () => { window.__copied = String(getSelection()); });
  if (navigator.clipboard) navigator.clipboard.writeText = s => { window.__copied = s; return Promise.resolve(); };
  return true; })()`)
	do(t, ctx, chromedp.Click(chromedp.CSS("#copy-token")), chromedp.WaitVisible(chromedp.CSS("#copy-status:not(:empty)")))
	if got := text(t, ctx, "#copy-status"); got != "Скопировано" {
		t.Errorf("after copying the page says %q", got)
	}
	if got, want := eval[string](t, ctx, `window.__copied.trim()`), text(t, ctx, "#new-token"); got != want || want == "" {
		t.Errorf("copied %q, want the token %q", got, want)
	}
	// Decline the question: nothing is revoked.
	eval[bool](t, ctx, `(() => { window.confirm = q => { window.__asked = q; return false; }; return true; })()`)
	do(t, ctx, chromedp.Click(chromedp.CSS(`form.revoke-token[data-confirm*="Архив"] button[type=submit]`)))
	asked := eval[string](t, ctx, `window.__asked || ''`)
	if !strings.HasPrefix(asked, "Отозвать токен «Архив»?") {
		t.Errorf("revoke asked %q", asked)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('form.revoke-token[data-confirm*="Архив"]').length`); n != 1 {
		t.Fatalf("after declining, %d revoke forms (want the token still active)", n)
	}
	// Accept it: the token is revoked.
	eval[bool](t, ctx, `(() => { window.confirm = () => true; return true; })()`)
	follow(t, ctx, chromedp.Click(chromedp.CSS(`form.revoke-token[data-confirm*="Архив"] button[type=submit]`)))
	if n := eval[int](t, ctx, `document.querySelectorAll('form.revoke-token[data-confirm*="Архив"]').length`); n != 0 {
		t.Errorf("after confirming, %d tokens still active", n)
	}
}
