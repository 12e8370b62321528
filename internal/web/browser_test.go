package web_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// The browser tests drive Debian's headless Chromium through chromedp. One
// browser process serves every test; each test gets its own browser context
// (an incognito profile), so cookies never leak between tests.

var browser struct {
	once   sync.Once
	ctx    context.Context
	cancel func()
	err    error
}

func chromiumPath() string {
	for _, p := range []string{os.Getenv("SILKBRIDGE_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if _, err := exec.LookPath(p); err == nil {
			return p
		}
	}
	return ""
}

func TestMain(m *testing.M) {
	code := m.Run()
	if browser.cancel != nil {
		browser.cancel()
	}
	os.Exit(code)
}

// tab opens a fresh browser context for t and saves a screenshot into the
// test's artifact directory if t fails.
func tab(t *testing.T) context.Context {
	t.Helper()
	exe := chromiumPath()
	if exe == "" {
		storetest.SkipOrFail(t, "browser tests need Chromium (apt-get install chromium fonts-noto-cjk)")
	}
	browser.once.Do(func() {
		opts := []chromedp.ExecAllocatorOption{
			chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.Headless, chromedp.DisableGPU, chromedp.NoFirstRun,
			chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true),
			chromedp.Flag("disable-dev-shm-usage", true), chromedp.Flag("lang", "en-US"),
			chromedp.WindowSize(1280, 900),
		}
		alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancelCtx := chromedp.NewContext(alloc)
		browser.ctx, browser.cancel = ctx, func() { cancelCtx(); cancelAlloc() }
		browser.err = chromedp.Do(ctx)
	})
	if browser.err != nil {
		t.Fatalf("start chromium: %v", browser.err)
	}
	ctx, cancel := chromedp.NewContext(browser.ctx, chromedp.WithNewBrowserContext())
	// Long flows (a festival built, switched through three languages and
	// photographed at two widths) take over a minute on a loaded 2-core machine.
	ctx, cancelTimeout := context.WithTimeout(ctx, 180*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancel() })
	t.Cleanup(func() {
		if !t.Failed() {
			return
		}
		shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // 100 means PNG; lower values make JPEG
		if err != nil {
			t.Logf("no failure screenshot: %v", err)
			return
		}
		path := filepath.Join(t.ArtifactDir(), "failure.png")
		if err := os.WriteFile(path, shot, 0o644); err == nil {
			t.Logf("failure screenshot: %s (kept with go test -artifacts)", path)
		}
	})
	return ctx
}

// do runs steps and fails the test on error.
func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// follow runs an action that navigates (a click on a link or submit button)
// and waits for the new page; it returns the HTTP status.
func follow(t *testing.T, ctx context.Context, a chromedp.Action[chromedp.Void]) int64 {
	t.Helper()
	resp, err := chromedp.RunResponse(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return resp.Status
}

func text(t *testing.T, ctx context.Context, css string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(css)))
	if err != nil {
		t.Fatalf("text of %s: %v", css, err)
	}
	return strings.TrimSpace(s)
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

func browserSignIn(t *testing.T, ctx context.Context, base, email string) {
	t.Helper()
	do(t, ctx, chromedp.Navigate(base+"/login"),
		chromedp.SendKeys(chromedp.CSS("#email"), email),
		chromedp.SendKeys(chromedp.CSS("#password"), "silkbridge-demo"))
	if st := follow(t, ctx, chromedp.Click(chromedp.CSS(".login-form button[type=submit]"))); st != 200 {
		t.Fatalf("sign in as %s: status %d", email, st)
	}
	if got := eval[string](t, ctx, `location.pathname`); got != "/titles" {
		t.Fatalf("after sign-in at %s, want /titles", got)
	}
}

// waitJS waits until expression is truthy in the page. It is chromedp.Poll
// made to survive the moment after a navigation when chromedp still holds
// the old page's execution context: Chromium then answers "Cannot find
// context with specified id", and the poll, which changes nothing, is
// simply asked again of the new page.
func waitJS(expression string, opts ...chromedp.PollOption) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		for attempt := 0; ; attempt++ {
			v, err := chromedp.Poll[chromedp.Void](expression, opts...)(ctx, t)
			if err == nil || attempt == 20 || !staleContext(err) {
				return v, err
			}
			select {
			case <-ctx.Done():
				return v, ctx.Err()
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
}

func staleContext(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "Cannot find context with specified id") ||
		strings.Contains(msg, "Execution context was destroyed")
}

// htmxIdle waits until htmx has no request in flight and has finished
// swapping and settling: content it has just swapped in gets its hx-*
// behaviour only when settled, and a click before then does nothing.
func htmxIdle() chromedp.Action[chromedp.Void] {
	return waitJS(`!document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')`)
}
