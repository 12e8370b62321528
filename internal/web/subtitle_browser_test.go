package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/go-chi/chi/v5"
	"golang.org/x/text/encoding/charmap"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/demo"
	"github.com/silkbridge/silkbridge/internal/httpapi"
	"github.com/silkbridge/silkbridge/internal/media"
	"github.com/silkbridge/silkbridge/internal/org"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/server"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
	"github.com/silkbridge/silkbridge/internal/subtitles"
	"github.com/silkbridge/silkbridge/internal/web"
)

// newSubtitleSite serves the web and the API with subtitles over SQLite
// with the demo loaded; it returns the server and the service.
func newSubtitleSite(t *testing.T) (*httptest.Server, *subtitles.Service) {
	t.Helper()
	db := storetest.OpenSQLite(t)
	if _, err := demo.Load(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	orgs, tokens, cat := org.NewService(db), auth.NewTokenService(db), catalog.NewService(db)
	rs := rights.NewService(db, cat)
	msvc := media.NewService(db, cat, media.RightsLicences{Rights: rs}, nil, media.Limits{}, log)
	subs := subtitles.NewService(db, cat, db, media.RightsLicences{Rights: rs}, msvc)
	h, err := web.New(web.Deps{Catalog: cat, Orgs: orgs, Tokens: tokens, Users: auth.NewUserService(db),
		Sessions: auth.NewSessionService(db, db), Logger: log, Rights: rs, Subtitles: subs})
	if err != nil {
		t.Fatal(err)
	}
	deps := httpapi.Deps{Orgs: orgs, Tokens: tokens, Catalog: cat, Rights: rs, Logger: log, Media: msvc, Subtitles: subs,
		Authenticators: []httpapi.Authenticator{h.Authenticator()}}
	srv := server.New(server.Config{Logger: log, RatePerSecond: 10000, RateBurst: 10000},
		func(r chi.Router) { httpapi.New(r, deps) }, h.Mount)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts, subs
}

// TestBrowserSubtitles: VGTRK's editor, in Russian, sees CMG's Chinese track
// with its QC result on the title page, adds a Russian track with the
// form, lands on its page and jumps from an issue to its cue; a broken
// file is refused in Russian naming its line. The panel and the track page
// fit 390 px and 1280 px in Russian and Chinese and show no English.
func TestBrowserSubtitles(t *testing.T) {
	ts, subs := newSubtitleSite(t)
	title := demo.TitleID("Detective Chinatown 1900")
	zh, err := subs.Import(storetest.As("cmg", auth.RoleEditor), subtitles.ImportRequest{TitleID: title, Language: "zh-Hans"},
		[]byte(storetest.SubtitleSRT))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ruFile := filepath.Join(dir, "ru.srt")
	ru, _ := charmap.Windows1251.NewEncoder().String("1\r\n00:00:01,000 --> 00:00:03,000\r\nМЫ ВСТРЕТИМСЯ ЗАВТРА.\r\n\r\n2\r\n00:00:03,010 --> 00:00:03,500\r\n<i>ТЫ ЗНАЕШЬ ЭТО МЕСТО?\r\n")
	os.WriteFile(ruFile, []byte(ru), 0o644)
	junk := filepath.Join(dir, "junk.srt")
	os.WriteFile(junk, []byte("1\n00:00:01,000 --> 00:00:02,000\n\x00\x01\x02binary\n"), 0o644)

	ctx := tab(t)
	browserSignIn(t, ctx, ts.URL, demo.UserEmail("vgtrk", auth.RoleEditor))
	follow(t, ctx, chromedp.Click(chromedp.CSS(`.switcher button[data-lang="ru"]`)))
	do(t, ctx, chromedp.Navigate(ts.URL+"/titles/"+title), chromedp.WaitVisible(chromedp.CSS("#subtitles")))
	if got := text(t, ctx, "#subtitles .subs-tracks tbody tr"); !strings.Contains(got, "Найдено замечаний: 2") || !strings.Contains(got, "китайский") {
		t.Errorf("track row: %q", got)
	}
	// A broken file: refused in Russian, naming the line; nothing added.
	do(t, ctx, chromedp.SetUploadFiles(chromedp.CSS("#subs-file"), []string{junk}),
		chromedp.SetValue(chromedp.CSS("#subs-lang"), "ru"), chromedp.Click(chromedp.CSS("#subs-start")),
		waitJS(`document.querySelector('#subs-status').classList.contains('error')`))
	if got := text(t, ctx, "#subs-status"); got != "В строке 3 двоичные данные: это не текстовый файл субтитров." {
		t.Errorf("refusal: %q", got)
	}
	// Not UTF-8 and declared English: the encoding cannot be told, and the
	// refusal (in Russian) asks for it; chosen, with the right language, the file goes in
	// and the browser lands on the new track's page.
	do(t, ctx, chromedp.SetUploadFiles(chromedp.CSS("#subs-file"), []string{ruFile}),
		chromedp.SetValue(chromedp.CSS("#subs-lang"), "en"), chromedp.SetValue(chromedp.CSS("#subs-usage"), "sdh"),
		chromedp.Click(chromedp.CSS("#subs-start")),
		waitJS(`document.querySelector('#subs-status').textContent.includes('Кодировк')`))
	if got := text(t, ctx, "#subs-status"); !strings.Contains(got, "«Кодировка текста»") {
		t.Errorf("ambiguous: %q", got)
	}
	do(t, ctx, chromedp.SetValue(chromedp.CSS("#subs-encoding"), "windows-1251"), chromedp.SetValue(chromedp.CSS("#subs-lang"), "ru"),
		chromedp.Click(chromedp.CSS("#subs-start")))
	// The script navigates when the API answers 201; wait for the new page.
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`location.pathname.startsWith('/subtitles/') && !!document.querySelector('#subs-verdict')`)); err == nil && ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no track page after the upload; status: %q", text(t, ctx, "body"))
		}
	}
	if got := text(t, ctx, "h1"); got != "Субтитры: русский" {
		t.Errorf("heading %q", got)
	}
	issues := eval[[]string](t, ctx, `[...document.querySelectorAll('#subs-issues li')].map(l => l.dataset.rule + '|' + l.innerText)`)
	want := []string{"gap|Титр 2 00:00:03.010 · Слишком близко к предыдущему титру: 10 мс, предел 80 мс"}
	if len(issues) != 4 || !strings.HasPrefix(issues[0], "tags|Титр 2") || issues[3] != want[0] {
		t.Errorf("issues %q", issues)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`#subs-issues li a[href="#cue-2"]`)))
	if hash := eval[string](t, ctx, `location.hash`); hash != "#cue-2" || !eval[bool](t, ctx, `document.querySelector('#cue-2').matches(':target')`) {
		t.Errorf("jump: %q", hash)
	}
	if got := text(t, ctx, "#cue-2 .subs-cue-issues"); !strings.Contains(got, "Теги оформления не закрыты") || text(t, ctx, ".subs-facts") == "" ||
		!strings.Contains(text(t, ctx, ".subs-facts"), "windows-1251") || !strings.Contains(text(t, ctx, "#cue-1"), "МЫ ВСТРЕТИМСЯ ЗАВТРА.") {
		t.Errorf("issues beside cue 2: %q", got)
	}
	ruPage := eval[string](t, ctx, `location.href`)

	for _, lang := range []string{"ru", "zh-Hans"} {
		if lang == "zh-Hans" {
			follow(t, ctx, chromedp.Click(chromedp.CSS(`.switcher button[data-lang="zh-Hans"]`)))
		}
		for _, page := range []struct{ name, url string }{{"title", ts.URL + "/titles/" + title + "#subtitles"}, {"track", ruPage}, {"zh-track", ts.URL + "/subtitles/" + zh.ID}} {
			do(t, ctx, chromedp.Navigate(page.url), chromedp.WaitReady(chromedp.CSS("body")))
			for _, w := range []int64{390, 1280} {
				shoot(t, ctx, "subtitles-"+page.name+"-"+lang, w)
				if sw := eval[int](t, ctx, `document.documentElement.scrollWidth`); sw > int(w) && page.name != "title" {
					t.Errorf("%s %s at %d px scrolls sideways (%d px)", lang, page.name, w, sw)
				}
				if out := eval[[]string](t, ctx, `[...document.querySelectorAll('#subtitles *, .subs-page *')].filter(e =>
					e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.subs-scroll')).slice(0, 3).map(e => e.tagName + '.' + e.className)`); len(out) > 0 {
					t.Errorf("%s %s at %d px: sticks out %v", lang, page.name, w, out)
				}
			}
			body := eval[string](t, ctx, `(() => { const p = document.querySelector('#subtitles, .subs-page'); const c = p.cloneNode(true);
				c.querySelectorAll('script, .subs-text, .subs-export, code, bdi, [lang="zh-Hans"]:not(.subs-cue-head), dd[dir]').forEach(e => e.remove());
				return c.innerText; })()`)
			for _, word := range []string{"Subtitles", "Cue", "Passed", "Problems", "limit", "Language", "Kind", "Download", "Quality", "Add"} {
				if strings.Contains(body, word) {
					t.Errorf("%s %s shows English %q", lang, page.name, word)
				}
			}
		}
	}
}
