package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/blobstore"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/demo"
	"github.com/silkbridge/silkbridge/internal/httpapi"
	"github.com/silkbridge/silkbridge/internal/jobs"
	"github.com/silkbridge/silkbridge/internal/media"
	"github.com/silkbridge/silkbridge/internal/media/ffmpeg"
	"github.com/silkbridge/silkbridge/internal/mt"
	"github.com/silkbridge/silkbridge/internal/org"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/server"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
	"github.com/silkbridge/silkbridge/internal/subtitles"
	"github.com/silkbridge/silkbridge/internal/translation"
	"github.com/silkbridge/silkbridge/internal/web"
)

// translationSite is a media site with subtitles, translations and a
// LibreTranslate-speaking provider started inside the test.
type translationSite struct {
	*mediaSite
	subs  *subtitles.Service
	trans *translation.Service
}

// fakeMTServer answers POST /translate from a phrase book; a phrase it does
// not know comes back marked, so a test sees what the glossary did.
func fakeMTServer(t *testing.T) *httptest.Server {
	book := map[string]string{
		"我们明天见。": "Увидимся завтра.",
		"你知道Чайнатаун这个地方吗我们在那里见面吧": "Ты знаешь Чайнатаун? Встретимся там.",
		"<i>好的。</i>": "<i>Хорошо.</i>",
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			Q []string `json:"q"`
		}
		if r.URL.Path != "/translate" || json.NewDecoder(r.Body).Decode(&in) != nil {
			http.Error(w, `{"error":"bad request"}`, http.StatusBadRequest)
			return
		}
		out := make([]string, len(in.Q))
		for i, q := range in.Q {
			if out[i] = book[q]; out[i] == "" {
				out[i] = "?" + q
			}
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"translatedText": out})
	}))
	t.Cleanup(srv.Close)
	return srv
}

func newTranslationSite(t *testing.T) *translationSite {
	t.Helper()
	db := storetest.OpenSQLite(t)
	ctx := context.Background()
	if _, err := demo.Load(ctx, db); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	orgs, tokens, cat := org.NewService(db), auth.NewTokenService(db), catalog.NewService(db)
	rs := rights.NewService(db, cat)
	dir := t.TempDir()
	blobs, err := blobstore.Open(ctx, blobstore.DefaultURL(dir), dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { blobs.Close() })
	msvc := media.NewService(db, cat, media.RightsLicences{Rights: rs}, blobs, media.Limits{}, log)
	if err := jobs.Migrate(ctx, db.Writer(), false); err != nil {
		t.Fatal(err)
	}
	q, err := jobs.New(db.Writer(), jobs.Config{PollInterval: 50 * time.Millisecond, RetryBase: 200 * time.Millisecond, Logger: log},
		jobs.Deps{Processing: &jobs.Processing{Store: db, Blobs: blobs, FFmpeg: ffmpeg.New(ffmpeg.Config{}), WorkDir: t.TempDir()}})
	if err != nil {
		t.Fatal(err)
	}
	db.SetAssetEnqueuer(q.EnqueueProcessAssetTx)
	qctx, stop := context.WithCancel(ctx)
	if err := q.Start(qctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stop()
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		q.Stop(sctx)
	})
	keys := auth.NewKeys(db)
	subs := subtitles.NewService(db, cat, db, media.RightsLicences{Rights: rs}, msvc)
	client, err := mt.New(fakeMTServer(t).URL, "")
	if err != nil {
		t.Fatal(err)
	}
	trans := translation.NewService(db, subs, db, client)
	h, err := web.New(web.Deps{Catalog: cat, Orgs: orgs, Tokens: tokens, Users: auth.NewUserService(db),
		Sessions: auth.NewSessionService(db, db), Logger: log, Rights: rs, Media: msvc, Links: media.NewLinks(msvc, db, keys),
		Subtitles: subs, Translations: trans})
	if err != nil {
		t.Fatal(err)
	}
	deps := httpapi.Deps{Orgs: orgs, Tokens: tokens, Catalog: cat, Rights: rs, Logger: log, Media: msvc, PreviewKeys: keys,
		Subtitles: subs, Translations: trans, Authenticators: []httpapi.Authenticator{h.Authenticator()}}
	srv := server.New(server.Config{Logger: log, RatePerSecond: 10000, RateBurst: 10000},
		func(r chi.Router) { httpapi.New(r, deps) }, h.Mount)
	ms := &mediaSite{db: db, media: msvc, rights: rs, title: demo.TitleID("Detective Chinatown 1900")}
	ms.Server = httptest.NewServer(srv.Handler())
	t.Cleanup(ms.Server.Close)
	return &translationSite{mediaSite: ms, subs: subs, trans: trans}
}

// TestBrowserTranslation: CMG asks VGTRK for Russian subtitles of its
// Chinese track from the title page; VGTRK's editor, in Russian, makes a
// machine draft (the glossary's Чайнатаун in it), edits a cue, moves on
// with Ctrl+Enter, confirms the machine cues, meets a conflict with a
// second translator (412, said in Russian, with a reload) and submits; CMG
// approves, and the preview player in Chromium lists the Russian
// subtitles. The editor fits 390 px and 1366 px in Russian and Chinese.
func TestBrowserTranslation(t *testing.T) {
	requireFFmpeg(t)
	s := newTranslationSite(t)
	film := filepath.Join(t.TempDir(), "film.mp4")
	makeFilm(t, film, 20, "640x360", false)
	data, err := os.ReadFile(film)
	if err != nil {
		t.Fatal(err)
	}
	cmg, vgtrk := storetest.As("cmg", auth.RoleEditor), storetest.As("vgtrk", auth.RoleEditor)
	a, err := s.media.Create(cmg, media.UploadRequest{TitleID: s.title, Kind: "mezzanine", Filename: "film.mp4", Language: "zh",
		Size: int64(len(data))}, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if a = s.waitProcessed(t, a.ID); a.Status != media.StatusReady || a.Preview == nil {
		t.Fatalf("processed: %s %q", a.Status, a.Reason)
	}
	if _, err := s.subs.Import(cmg, subtitles.ImportRequest{TitleID: s.title, Language: "zh-Hans", AssetID: a.ID}, []byte(storetest.SubtitleSRT)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.trans.PutTerm(vgtrk, "cmg", translation.Term{SourceLanguage: "zh", TargetLanguage: "ru", Source: "唐人街", Target: "Чайнатаун"}); err != nil {
		t.Fatal(err)
	}

	// CMG asks from the title page.
	c := tab(t)
	browserSignIn(t, c, s.URL, demo.UserEmail("cmg", auth.RoleEditor))
	do(t, c, chromedp.Navigate(s.URL+"/titles/"+s.title), chromedp.WaitVisible(chromedp.CSS("#tr-request")),
		chromedp.SetValue(chromedp.CSS("#tr-target"), "ru"), chromedp.SetValue(chromedp.CSS("#tr-assignee"), "vgtrk"),
		chromedp.Click(chromedp.CSS("#tr-create")))
	waitAcrossLoads(t, c, `location.pathname.startsWith('/translations/') && !!document.querySelector('#tr-editor')`)
	taskURL := eval[string](t, c, `location.href`)
	id := eval[string](t, c, `document.querySelector('#tr-editor').dataset.task`)

	// VGTRK translates, in Russian.
	v := tab(t)
	browserSignIn(t, v, s.URL, demo.UserEmail("vgtrk", auth.RoleEditor))
	follow(t, v, chromedp.Click(chromedp.CSS(`.switcher button[data-lang="ru"]`)))
	do(t, v, chromedp.Navigate(taskURL), chromedp.WaitVisible(chromedp.CSS("#tr-draft")))
	do(t, v, chromedp.Click(chromedp.CSS("#tr-draft")))
	waitAcrossLoads(t, v, `document.querySelectorAll('.tr-cue.is-machine').length === 3`)
	if got := eval[string](t, v, `document.querySelector('#tr-text-2').value`); got != "Ты знаешь Чайнатаун? Встретимся там." {
		t.Errorf("machine draft of cue 2: %q", got)
	}
	if got := text(t, v, "#tr-state"); got != "В работе" {
		t.Errorf("state %q", got)
	}
	do(t, v, chromedp.Evaluate[chromedp.Void](`(() => { const e = document.querySelector('#tr-text-1'); e.focus(); e.select(); })()`),
		chromedp.SendKeys(chromedp.CSS("#tr-text-1"), "До завтра."),
		waitJS(`document.querySelector('#tr-status').textContent === 'Сохранено' && !document.querySelector('#cue-1').classList.contains('is-machine')`))
	do(t, v, chromedp.KeyEvent("\r", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	if got := eval[string](t, v, `document.activeElement.id`); got != "tr-text-2" {
		t.Errorf("Ctrl+Enter went to %q", got)
	}
	do(t, v, chromedp.Click(chromedp.CSS("#cue-2 .tr-confirm")), waitJS(`!document.querySelector('#cue-2').classList.contains('is-machine')`),
		chromedp.Click(chromedp.CSS("#cue-3 .tr-confirm")), waitJS(`document.querySelectorAll('.tr-cue.is-machine').length === 0`))
	// Another translator saves meanwhile: this page's next save is refused
	// and says so, and a reload shows theirs.
	cur, err := s.trans.Get(vgtrk, id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.trans.EditCues(vgtrk, id, cur.Version, []translation.CueEdit{{Index: 3, Lines: []string{"<i>Ладно.</i>"}}}); err != nil {
		t.Fatal(err)
	}
	do(t, v, chromedp.SendKeys(chromedp.CSS("#tr-text-1"), " Пока!"), waitJS(`document.querySelector('#tr-conflict').offsetParent !== null`))
	if got := text(t, v, "#tr-conflict"); !strings.Contains(got, "перевод изменил кто-то другой") {
		t.Errorf("conflict message %q", got)
	}
	do(t, v, chromedp.Click(chromedp.CSS("#tr-reload")))
	waitAcrossLoads(t, v, `document.readyState === 'complete' && !!document.querySelector('#tr-text-3') && document.querySelector('#tr-text-3').value === '<i>Ладно.</i>'`)
	if eval[bool](t, v, `document.querySelector('#tr-conflict').offsetParent !== null`) {
		t.Error("the conflict notice is still shown after the reload")
	}
	for _, lang := range []string{"ru", "zh-Hans"} {
		if lang != "ru" {
			follow(t, v, chromedp.Click(chromedp.CSS(`.switcher button[data-lang="zh-Hans"]`)))
			do(t, v, chromedp.WaitVisible(chromedp.CSS("#tr-editor")))
		}
		for _, w := range []int64{390, 1366} {
			shoot(t, v, "translation-editor-"+lang, w)
			if sw := eval[int](t, v, `document.documentElement.scrollWidth`); sw > int(w) {
				t.Errorf("%s editor at %d px scrolls sideways (%d px)", lang, w, sw)
			}
		}
		page := eval[string](t, v, `document.querySelector('.tr-page').innerText + ' ' + [...document.querySelectorAll('[aria-label],[title]')].map(e => e.getAttribute('aria-label') || e.title).join(' ')`)
		for _, w := range []string{"Machine", "Submit", "Translation", "Status", "Requested", "Progress", "Confirm", "cue", "Saved", "Due"} {
			if strings.Contains(page, w) {
				t.Errorf("%s editor shows English %q", lang, w)
			}
		}
	}
	do(t, v, chromedp.EmulateViewport(1366, 900), chromedp.Click(chromedp.CSS("#tr-submit")))
	waitAcrossLoads(t, v, `!!document.querySelector('#tr-state') && document.querySelector('#tr-state').classList.contains('tr-in_review')`)

	// CMG approves; the Russian track joins the preview.
	do(t, c, chromedp.Navigate(taskURL), chromedp.WaitVisible(chromedp.CSS("#tr-approve")), chromedp.Click(chromedp.CSS("#tr-approve")))
	waitAcrossLoads(t, c, `!!document.querySelector('#tr-result')`)
	// VGTRK's player shows it. (CMG's tab played nothing yet, but its
	// browser keeps the master playlist 60 s: a fresh viewer is the
	// honest check.)
	s.license(t)
	do(t, v, chromedp.Navigate(s.URL+"/titles/"+s.title), chromedp.WaitVisible(chromedp.CSS("#media-video")))
	if got := text(t, v, "#subtitles"); !strings.Contains(got, "俄语") { // the tab is in Chinese since the screenshots
		t.Errorf("subtitles panel: %q", got)
	}
	got, err := chromedp.Run(v, chromedp.Evaluate[string](`(() => { const v = document.querySelector('#media-video'); v.muted = true;
		return v.play().then(() => 'playing', e => String(e)); })()`, chromedp.EvalAwaitPromise))
	if err != nil || got != "playing" {
		t.Fatalf("play(): %s, %v", got, err)
	}
	if _, err := chromedp.Run(v, waitJS(`!!window.silkbridgeHls && window.silkbridgeHls.subtitleTracks.some(s => s.lang === 'ru')`,
		chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatalf("the player lists no Russian subtitles: %v; %s", err, eval[string](t, v, `JSON.stringify({hls: !!window.silkbridgeHls,
			subs: window.silkbridgeHls && window.silkbridgeHls.subtitleTracks.map(s => s.lang), url: window.silkbridgeHls && window.silkbridgeHls.url,
			levels: window.silkbridgeHls && window.silkbridgeHls.levels.length})`))
	}
	names := eval[[]string](t, v, `window.silkbridgeHls.subtitleTracks.map(s => s.lang + '/' + s.name)`)
	if !strings.Contains(strings.Join(names, ","), "ru/Русский") {
		t.Errorf("player's subtitle tracks %v", names)
	}
	do(t, v, waitJS(`[...document.querySelector('#media-video').textTracks].some(t => t.language === 'ru')`))
}

// waitAcrossLoads polls js until true; the page may reload or navigate on
// the way (the editor reloads after each step), which ends a plain Poll.
func waitAcrossLoads(t *testing.T, ctx context.Context, js string) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited in vain for %s; page: %q", js, text(t, ctx, "body"))
		}
	}
}
