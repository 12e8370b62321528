package web_test

import (
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/demo"
)

// everyPageStart are the pages the crawl begins from; the rest are found by
// following the links each role is shown.
var everyPageStart = []string{"/titles", "/titles/new", "/search?q=silk", "/rights/avails", "/imports", "/requests",
	"/events", "/people", "/exchanges", "/org/members", "/org/tokens", "/org/partners"}

// everyPageSkip are pages the test does not check yet, each with its reason
// (logged so the exception stays visible).
var everyPageSkip = map[string]string{}

// idSegment marks path segments that are identifiers, so one page of each
// kind is visited rather than every title.
var idSegment = regexp.MustCompile(`^[0-9a-zA-Z_-]*[0-9][0-9a-zA-Z_-]*$`)

func pageKind(path string) string {
	p, _, _ := strings.Cut(path, "?")
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if len(s) >= 8 && idSegment.MatchString(s) {
			segs[i] = "*"
		}
	}
	return strings.Join(segs, "/")
}

// englishMessages are the en strings (template parts of two words or more)
// whose ru or zh-Hans translation differs: seeing one on a ru/zh page means
// a string went untranslated.
func englishMessages(t *testing.T) map[string][]string {
	t.Helper()
	load := func(lang string) map[string]string {
		m := map[string]string{}
		files, _ := fs.Glob(os.DirFS("locales"), "*."+lang+".json")
		for _, f := range files {
			b, err := os.ReadFile(filepath.Join("locales", f))
			if err != nil {
				t.Fatal(err)
			}
			var part map[string]any
			if err := json.Unmarshal(b, &part); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			flattenMessages(m, "", part)
		}
		return m
	}
	en := load("en")
	placeholder := regexp.MustCompile(`\{\{[^}]*\}\}|%[a-z]`)
	out := map[string][]string{}
	for _, lang := range []string{"ru", "zh-Hans"} {
		tr := load(lang)
		seen := map[string]bool{}
		for k, v := range en {
			if tr[k] == v {
				continue
			}
			for _, part := range placeholder.Split(v, -1) {
				part = strings.TrimSpace(strings.Trim(part, " .,:;()«»\"'—-"))
				if len(strings.Fields(part)) >= 2 && !seen[part] {
					seen[part] = true
					out[lang] = append(out[lang], part)
				}
			}
		}
		sort.Strings(out[lang])
	}
	return out
}

// visibleTextJS returns the interface's visible text: text nodes not inside
// user content (elements with dir="auto" or a lang other than the page's).
const visibleTextJS = `(() => {
  const lang = document.documentElement.lang, out = [];
  const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = w.nextNode(); n; n = w.nextNode()) {
    const s = n.data.replace(/\s+/g, ' ').trim();
    if (!s) continue;
    const el = n.parentElement;
    if (!el || el.closest('script,style,template,noscript,[hidden],[dir="auto"]')) continue;
    const l = el.closest('[lang]');
    if (l && l.lang !== lang) continue;
    if (!el.getClientRects().length) continue;
    out.push(s);
  }
  return out.join('\n');
})()`

const linksJS = `[...document.querySelectorAll('a[href]')].filter(a => !a.hasAttribute('download'))
  .map(a => new URL(a.getAttribute('href'), location.href).href).filter(h => h.startsWith(location.origin + '/')).map(h => h.slice(location.origin.length).split('#')[0])`

// TestBrowserEveryPage visits every page each demo role can reach, in each
// interface language, at phone and desktop width, and reports together
// every page wider than the window, every English message in a ru or zh
// page, and every same-origin image, script, style or font that failed.
func TestBrowserEveryPage(t *testing.T) {
	ts := newFullSite(t)
	seeded := seedEveryPage(t, ts)
	english := englishMessages(t)
	for p, why := range everyPageSkip {
		t.Logf("not checked: %s (%s)", p, why)
	}
	var failures []string
	var mu sync.Mutex
	fail := func(f string) {
		mu.Lock()
		failures = append(failures, f)
		mu.Unlock()
		t.Log(f) // as found too, so a run cut short still shows what it saw
	}
	for _, user := range []string{demo.UserEmail("cmg", auth.RoleAdmin), demo.UserEmail("cmg", auth.RoleViewer),
		demo.UserEmail("vgtrk", auth.RoleEditor), demo.UserEmail("vgtrk", auth.RoleViewer)} {
		var where string // guarded by mu: the listener reads it
		setWhere := func(s string) { mu.Lock(); where = s; mu.Unlock() }
		// Each pass (the crawl, then each language) has a tab of its own,
		// signed in as user, so no pass runs into a tab's time limit.
		newTab := func() context.Context {
			ctx := tab(t)
			if err := chromedp.Listen(ctx, func(ev any) {
				var f string
				switch e := ev.(type) {
				case *network.EventResponseReceived:
					if e.Response.Status >= 400 && strings.HasPrefix(e.Response.URL, ts.URL) && e.Type != network.ResourceTypeDocument {
						f = string(e.Type) + " " + e.Response.URL + " answered " + itoa(e.Response.Status)
					}
				case *network.EventLoadingFailed:
					if !e.Canceled && e.Type != network.ResourceTypeDocument {
						f = string(e.Type) + " failed to load: " + e.ErrorText
					}
				}
				if f != "" {
					mu.Lock()
					failures = append(failures, where+": "+f)
					mu.Unlock()
				}
			}); err != nil {
				t.Fatal(err)
			}
			browserSignIn(t, ctx, ts.URL, user)
			return ctx
		}
		ctx := newTab()
		// Crawl in English: one page of each kind this user is shown.
		// Start pages a role may not use are skipped quietly; a page reached
		// by a link the role is shown must open.
		dc := "/titles/" + demo.TitleID("Detective Chinatown 1900")
		start := append([]string{dc, "/requests/new?title=" + dc[len("/titles/"):]}, everyPageStart...)
		queue, kinds, linked := start, map[string]bool{}, map[string]bool{}
		var pages []string
		for len(queue) > 0 && len(pages) < 60 {
			p := queue[0]
			queue = queue[1:]
			// Links that pick a language on purpose (the public programme's) are not interface pages in the reader's language.
			if strings.Contains(p, "lang=") {
				continue
			}
			k := pageKind(p)
			if kinds[k] || everyPageSkip[k] != "" || strings.HasPrefix(p, "/static/") || strings.HasPrefix(p, "/api/") ||
				strings.Contains(k, "export") || strings.HasSuffix(k, ".ics") || strings.HasSuffix(k, ".vtt") ||
				strings.HasSuffix(k, ".srt") || strings.Contains(k, "/cover") {
				continue
			}
			kinds[k] = true
			where := user + " en " + p
			setWhere(where)
			resp, err := chromedp.RunResponse(ctx, chromedp.Navigate(ts.URL+p))
			if err != nil {
				fail(where + ": " + err.Error())
				continue
			}
			if resp.Status >= 400 || !strings.HasPrefix(resp.MimeType, "text/html") {
				if resp.Status >= 400 && linked[p] {
					fail(where + ": linked page answered " + itoa(resp.Status))
				}
				continue
			}
			pages = append(pages, p)
			for _, l := range eval[[]string](t, ctx, linksJS) {
				linked[l] = true
				queue = append(queue, l)
			}
		}
		// Seeded pages (each request state, subtitle and translation pages,
		// imports, assets, private fields, the public programme) are checked
		// in ru and zh-Hans only, to keep the crawl's time reasonable.
		extra := map[string]bool{}
		for _, sp := range seeded {
			if slices.Contains(sp.users, user) && !slices.Contains(pages, sp.path) {
				extra[sp.path] = true
				pages = append(pages, sp.path)
			}
		}
		// The tokens page right after creating a token (the one-time secret
		// shown), only reachable by posting the form.
		const newToken = "new token"
		if user == demo.UserEmail("cmg", auth.RoleAdmin) {
			pages = append(pages, newToken)
		}
		t.Logf("%s: %d pages: %s", user, len(pages), strings.Join(pages, " "))
		for _, lang := range []string{"en", "ru", "zh-Hans"} {
			var ctx context.Context
			for i, p := range pages {
				if i%8 == 0 { // a fresh tab every few pages, in the language being checked
					ctx = newTab()
					do(t, ctx, chromedp.EmulateViewport(1366, 900), chromedp.Navigate(ts.URL+"/org/partners"))
					follow(t, ctx, chromedp.Click(chromedp.CSS(`.switcher button[data-lang="`+lang+`"]`)))
				}
				if lang == "en" && extra[p] {
					continue
				}
				where := user + " " + lang + " " + p
				setWhere(where)
				for _, width := range []int64{390, 1366} {
					do(t, ctx, chromedp.EmulateViewport(width, 900))
					if width == 390 && p == newToken {
						do(t, ctx, chromedp.Navigate(ts.URL+"/org/tokens"), chromedp.SetValue(chromedp.CSS("#f-token-name"), "crawl "+lang))
						follow(t, ctx, chromedp.Submit(chromedp.CSS("#f-token-name")))
						if eval[string](t, ctx, `(document.getElementById('new-token') || {}).textContent || ''`) == "" {
							fail(where + ": no new token shown")
						}
					} else if width == 390 {
						do(t, ctx, chromedp.Navigate(ts.URL+p))
					}
					if got := eval[string](t, ctx, `document.documentElement.lang`); got != lang {
						fail(where + ": html lang is " + got)
					}
					over := eval[[]string](t, ctx, `(() => { const w = innerWidth, d = document.documentElement.scrollWidth;
  if (d <= w) return [];
  return [String(d) + ' > ' + w, ...[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1 &&
      !(e.parentElement && (x => { for (; x && x !== document.body; x = x.parentElement) if (getComputedStyle(x).overflowX !== 'visible') return true; return false; })(e.parentElement)))
    .slice(-3).map(e => { const n = x => x.tagName.toLowerCase() + (x.id ? '#' + x.id : '') +
      (typeof x.className === 'string' && x.className.trim() ? '.' + x.className.trim().split(/\s+/).join('.') : '');
    const p = e.parentElement && e.parentElement.closest('[id]'); return (p ? n(p) + ' … ' : '') + n(e); })]; })()`)
					if len(over) > 0 {
						fail(where + " @" + itoa(width) + "px: document wider than window: " + strings.Join(over, " "))
					}
				}
				if lang == "en" {
					continue
				}
				txt := eval[string](t, ctx, visibleTextJS)
				for _, m := range english[lang] {
					if strings.Contains(txt, m) {
						fail(where + ": English message " + `"` + m + `"`)
					}
				}
			}
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(failures) > 0 {
		t.Errorf("%d problems:\n%s", len(failures), strings.Join(failures, "\n"))
	}
}

func itoa(n int64) string {
	b := []byte{}
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// flattenMessages collects every string of a locale file, plural forms too,
// under its dotted key.
func flattenMessages(m map[string]string, prefix string, v any) {
	switch v := v.(type) {
	case string:
		m[prefix] = v
	case map[string]any:
		for k, x := range v {
			flattenMessages(m, prefix+"."+k, x)
		}
	}
}
