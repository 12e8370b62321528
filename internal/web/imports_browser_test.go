package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/avails"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/demo"
	"github.com/silkbridge/silkbridge/internal/httpapi"
	"github.com/silkbridge/silkbridge/internal/org"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/server"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
	"github.com/silkbridge/silkbridge/internal/web"
)

// TestBrowserImportFollowsProgressThenShowsReport: an editor uploads an
// avails sheet; the import waits in the queue (the test holds the job back),
// the page shows it queued with its bar, and once the job runs the page,
// never reloaded, follows the status to the report, in Chinese and Russian,
// at 390 px and desktop widths without sideways scrolling.
func TestBrowserImportFollowsProgressThenShowsReport(t *testing.T) {
	db := storetest.OpenSQLite(t)
	if _, err := demo.Load(context.Background(), db); err != nil {
		t.Fatalf("load demo: %v", err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	orgs, tokens, cat := org.NewService(db), auth.NewTokenService(db), catalog.NewService(db)
	rs := rights.NewService(db, cat)
	av := avails.NewService(rs, cat).WithJobs(db)
	release := make(chan string, 4)
	av.SetScheduler(func(_ context.Context, id string) error {
		go func() {
			<-release
			if err := av.RunImport(context.Background(), id, true); err != nil {
				t.Errorf("run import: %v", err)
			}
		}()
		return nil
	})
	h, err := web.New(web.Deps{Catalog: cat, Orgs: orgs, Tokens: tokens, Users: auth.NewUserService(db),
		Sessions: auth.NewSessionService(db, db), Logger: log, Rights: rs, Avails: av})
	if err != nil {
		t.Fatal(err)
	}
	deps := httpapi.Deps{Orgs: orgs, Tokens: tokens, Catalog: cat, Rights: rs, Avails: av, Logger: log,
		Authenticators: []httpapi.Authenticator{h.Authenticator()}}
	srv := server.New(server.Config{Logger: log, RatePerSecond: 1000, RateBurst: 1000},
		func(r chi.Router) { httpapi.New(r, deps) }, h.Mount)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)

	film := demo.TitleID("Detective Chinatown 1900")
	var sb strings.Builder
	sb.WriteString("Territory\tLicenseType\tStart\tEnd\tContentID\tAvailID\tExclusive\n")
	for i := range 600 {
		fmt.Fprintf(&sb, "RU\tSVOD\t2025-01-01\t2026-12-31\t%s\tWEB-%d\tNo\n", film, i)
	}
	sb.WriteString("XX\tSVOD\t2025-01-01\t2026-12-31\t" + film + "\tWEB-BAD\tNo\n")
	file := filepath.Join(t.TempDir(), "avails.tsv")
	if err := os.WriteFile(file, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}

	cm := tab(t)
	browserSignIn(t, cm, ts.URL, demo.UserEmail("cmg", auth.RoleEditor))
	// A file that is not an avails sheet is refused on the form, in the
	// page's language.
	junk := filepath.Join(t.TempDir(), "notes.tsv")
	if err := os.WriteFile(junk, []byte("just some notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	do(t, cm, chromedp.Navigate(ts.URL+"/imports"), chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{junk}),
		chromedp.Click(chromedp.CSS("#import-submit")), chromedp.WaitVisible(chromedp.CSS("#import-error")))
	if msg := text(t, cm, "#import-error"); !strings.Contains(msg, "Territory") || eval[string](t, cm, `location.pathname`) != "/imports" {
		t.Fatalf("refused file: %q at %s", msg, eval[string](t, cm, `location.pathname`))
	}
	for i, lang := range []string{"zh-Hans", "ru"} {
		do(t, cm, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(ts.URL+"/titles"))
		follow(t, cm, chromedp.Click(chromedp.CSS(`.switcher button[data-lang="`+lang+`"]`)))
		do(t, cm, chromedp.Click(chromedp.CSS(`nav a[href="/imports"]`)), chromedp.WaitVisible(chromedp.CSS("#f-file")))
		for _, width := range []int64{390, 1280} {
			do(t, cm, chromedp.EmulateViewport(width, 900))
			if wide := eval[bool](t, cm, `document.documentElement.scrollWidth > window.innerWidth`); wide {
				t.Errorf("%s form at %d px scrolls sideways", lang, width)
			}
			shot, err := chromedp.Run(cm, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(t.ArtifactDir(), "import-form-"+lang+"-"+strconv.FormatInt(width, 10)+".png"), shot, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		// The page's own file button, in the page's language, names the chosen file.
		if pick := text(t, cm, ".file-pick"); !strings.Contains(pick, map[string]string{"zh-Hans": "选择文件", "ru": "Выбрать файл"}[lang]) {
			t.Errorf("%s: file button %q", lang, pick)
		}
		do(t, cm, chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{file}))
		if name := text(t, cm, "#f-file-name"); name != "avails.tsv" {
			t.Errorf("%s: chosen file shown as %q", lang, name)
		}
		do(t, cm,
			chromedp.Click(chromedp.CSS(`input[name="keep_good_rows"]`)),
			chromedp.Click(chromedp.CSS("#import-submit")),
			chromedp.WaitVisible(chromedp.CSS("#import-state")))
		if got := eval[string](t, cm, `document.querySelector('#import-state').dataset.status`); got != "queued" {
			t.Fatalf("%s: status %q before the job ran", lang, got)
		}
		if !strings.HasPrefix(eval[string](t, cm, `location.pathname`), "/imports/") {
			t.Fatalf("%s: upload did not lead to the import's page", lang)
		}
		for _, width := range []int64{390, 1280} {
			do(t, cm, chromedp.EmulateViewport(width, 900))
			if wide := eval[bool](t, cm, `document.documentElement.scrollWidth > window.innerWidth`); wide {
				t.Errorf("%s queued at %d px scrolls sideways", lang, width)
			}
		}
		release <- lang
		// The page asks for its status block every second: the report
		// arrives without a reload.
		do(t, cm, chromedp.Evaluate[chromedp.Void](`window.notReloaded = true`),
			waitJS(`document.querySelector('#import-state').dataset.status === 'succeeded'`))
		if !eval[bool](t, cm, `window.notReloaded === true`) {
			t.Fatalf("%s: the page reloaded instead of following the status", lang)
		}
		if v := eval[string](t, cm, `document.querySelector('#import-progress').value + ''`); v != "100" {
			t.Errorf("%s: progress %s at the end", lang, v)
		}
		summary := text(t, cm, "#import-summary")
		want := map[string]string{"zh-Hans": "新建记录：600", "ru": "Создано записей: 600"}[lang]
		if i == 1 {
			want = "Обновлено записей: 600" // the second import replaces the first's records
		}
		if !strings.Contains(summary, want) {
			t.Errorf("%s: summary %q lacks %q", lang, summary, want)
		}
		if n := eval[int](t, cm, `document.querySelectorAll('#import-errors tbody tr').length`); n != 1 {
			t.Errorf("%s: %d error rows, want the one bad row", lang, n)
		}
		for _, width := range []int64{390, 1280} {
			do(t, cm, chromedp.EmulateViewport(width, 900))
			if wide := eval[bool](t, cm, `document.documentElement.scrollWidth > window.innerWidth`); wide {
				t.Errorf("%s report at %d px scrolls sideways", lang, width)
			}
			shot, err := chromedp.Run(cm, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			name := filepath.Join(t.ArtifactDir(), "import-"+lang+"-"+strconv.FormatInt(width, 10)+".png")
			if err := os.WriteFile(name, shot, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if body := text(t, cm, "main"); strings.Contains(body, "Import") || strings.Contains(body, "Records") {
			t.Errorf("%s page shows English: %q", lang, body)
		}
	}
}
