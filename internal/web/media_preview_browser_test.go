package web_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/demo"
	"github.com/silkbridge/silkbridge/internal/media"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// TestBrowserMediaPreviewPlaysAndSwitchesAudio: a film with a Chinese and
// a Russian audio track, processed through the job queue, plays on the
// title page in Chromium with hls.js (the video's time advances); the
// audio menu lists the renditions by their own names, and choosing Русский
// switches hls.js's audio track while playback goes on. The panel, in
// Chinese and Russian, fits 390 px and desktop widths and shows no English.
func TestBrowserMediaPreviewPlaysAndSwitchesAudio(t *testing.T) {
	requireFFmpeg(t)
	s := newMediaSite(t)
	film := filepath.Join(t.TempDir(), "film.mp4")
	makeFilm(t, film, 30, "640x360", false) // long enough to still play after the switch
	data, err := os.ReadFile(film)
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.media.Create(storetest.As("cmg", auth.RoleEditor), media.UploadRequest{TitleID: s.title, Kind: "mezzanine",
		Filename: "唐探1900 母版.mp4", Language: "zh", Size: int64(len(data))}, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if a = s.waitProcessed(t, a.ID); a.Status != media.StatusReady || a.Preview == nil {
		t.Fatalf("processed: %s %q %+v", a.Status, a.Reason, a.Preview)
	}
	s.license(t)

	ctx := tab(t)
	browserSignIn(t, ctx, s.URL, demo.UserEmail("vgtrk", auth.RoleAdmin))
	follow(t, ctx, chromedp.Click(chromedp.CSS(`.switcher button[data-lang="zh-Hans"]`)))
	do(t, ctx, chromedp.Navigate(s.URL+"/titles/"+s.title), chromedp.WaitVisible(chromedp.CSS("#media-video")))
	// Muted, so the browser's autoplay rule lets a script start it.
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const v = document.querySelector('#media-video'); v.muted = true;
		return v.play().then(() => 'playing', e => String(e)); })()`, chromedp.EvalAwaitPromise))
	if err != nil || got != "playing" {
		t.Fatalf("play(): %s, %v; H.264 in Chromium: %v", got, err, eval[string](t, ctx, `MediaSource.isTypeSupported('video/mp4; codecs="avc1.42c01e"') + ''`))
	}
	// The player loads segments once playing starts; the renditions come with them.
	do(t, ctx, waitJS(`document.querySelectorAll('#media-audio option').length === 2`))
	names := eval[[]string](t, ctx, `[...document.querySelectorAll('#media-audio option')].map(o => o.textContent + '/' + o.lang)`)
	if strings.Join(names, ",") != "中文/zh,Русский/ru" {
		t.Errorf("audio menu %v, want the renditions' own names 中文 and Русский", names)
	}
	if !eval[bool](t, ctx, `!document.querySelector('.media-audio').hidden`) {
		t.Error("audio menu hidden with two renditions")
	}
	do(t, ctx, waitJS(`document.querySelector('#media-video').currentTime > 1`))
	ru := eval[int](t, ctx, `(() => { const s = document.querySelector('#media-audio');
		const i = [...s.options].findIndex(o => o.lang === 'ru'); s.value = String(i); s.dispatchEvent(new Event('change')); return i; })()`)
	do(t, ctx, waitJS(`window.silkbridgeHls.audioTrack === `+strconv.Itoa(ru)+
		` && window.silkbridgeHls.audioTracks[window.silkbridgeHls.audioTrack].lang === 'ru'`))
	before := eval[float64](t, ctx, `document.querySelector('#media-video').currentTime`)
	do(t, ctx, waitJS(`document.querySelector('#media-video').currentTime > `+strconv.FormatFloat(before+1, 'f', 3, 64)))
	if eval[string](t, ctx, `document.querySelector('#media-audio').value`) != strconv.Itoa(ru) {
		t.Error("the menu does not show the Russian track chosen")
	}
	// The storyboard becomes a strip of scenes.
	do(t, ctx, waitJS(`document.querySelectorAll('#media-strip .media-tile').length > 1`))
	for _, lang := range []string{"zh-Hans", "ru"} {
		if lang != "zh-Hans" {
			follow(t, ctx, chromedp.Click(chromedp.CSS(`.switcher button[data-lang="`+lang+`"]`)))
			do(t, ctx, chromedp.WaitVisible(chromedp.CSS("#media-video")))
		}
		do(t, ctx, chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('.media-links').forEach(d => d.open = true)`))
		noEnglish(t, ctx, lang)
		shoot(t, ctx, "preview-"+lang, 1280)
		shoot(t, ctx, "preview-"+lang, 390)
	}
	if got := text(t, ctx, "#asset-"+a.ID+" .media-facts"); !strings.Contains(got, "H.264") || !strings.Contains(got, "640×360") ||
		!strings.Contains(got, "русский · AAC") || !strings.Contains(got, "китайский · AAC") {
		t.Errorf("technical summary in Russian: %q", got)
	}
}
