package web_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/demo"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// TestBrowserMediaUploadResumesAfterReloadAndDroppedConnection: an editor
// uploads a generated film from the title page with tus-js-client and the
// session cookie. The server holds the second 8 MiB chunk until the page is
// reloaded mid-upload; the page then names the stopped upload and how far
// it got, and choosing the same file again continues from the server's
// offset (one creation, no byte sent twice from the start). The third chunk's
// connection is dropped once; the client retries by itself. The bar reaches
// 100 %, the asset appears in the list, and its SHA-256 is the file's.
func TestBrowserMediaUploadResumesAfterReloadAndDroppedConnection(t *testing.T) {
	requireFFmpeg(t)
	s := newMediaSite(t)
	name := "唐探1900 预告片.mp4"
	film := filepath.Join(t.TempDir(), name)
	makeFilm(t, film, 12, "1280x720", true)
	const chunk = 8 << 20
	if st, err := os.Stat(film); err != nil || st.Size() <= 2*chunk {
		t.Fatalf("the film must span three chunks: %v, %v", st, err)
	}
	held, release := make(chan struct{}), make(chan struct{})
	var holdOnce, dropOnce sync.Once
	s.gate = func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method != http.MethodPatch {
			return false
		}
		answered := false
		switch r.Header.Get("Upload-Offset") {
		case "8388608": // the second chunk: held until the page goes away
			holdOnce.Do(func() {
				answered = true
				close(held)
				// The server does not notice the page going away while the
				// body is unread: the test says when it went.
				select {
				case <-release:
				case <-time.After(60 * time.Second):
				}
				if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
					conn.Close()
				}
			})
		case "16777216": // the third chunk: the connection drops once
			dropOnce.Do(func() {
				answered = true
				if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
					conn.Close()
				}
			})
		}
		return answered
	}

	ctx := tab(t)
	browserSignIn(t, ctx, s.URL, demo.UserEmail("cmg", auth.RoleEditor))
	page := s.URL + "/titles/" + s.title
	do(t, ctx, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS("#media-file")),
		chromedp.SetUploadFiles(chromedp.CSS("#media-file"), []string{film}),
		chromedp.SetValue(chromedp.CSS("#media-kind"), "trailer"),
		chromedp.SetValue(chromedp.CSS("#media-lang"), "zh"),
		chromedp.Click(chromedp.CSS("#media-start")))
	select {
	case <-held:
	case <-ctx.Done():
		t.Fatalf("the second chunk never came; tus requests: %v", s.tusRequests())
	}
	do(t, ctx, waitJS(`Number(document.querySelector('#media-bar').value) > 0`))
	if v := eval[float64](t, ctx, `Number(document.querySelector('#media-bar').value)`); v >= 100 {
		t.Fatalf("bar at %v while the second chunk is held", v)
	}

	// Reload mid-upload: the page says which upload stopped and where.
	do(t, ctx, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS("#media-file")))
	close(release)
	do(t, ctx,
		waitJS(`(() => { const u = document.querySelector('#media-resumable');
			return !u.hidden && u.textContent.includes('%'); })()`))
	st, _ := os.Stat(film)
	pct := strconv.Itoa(int(100*chunk/st.Size())) + "%"
	if got := text(t, ctx, "#media-resumable"); !strings.Contains(got, name) || !strings.Contains(got, pct) {
		t.Errorf("stopped upload shown as %q, want its name and %s (8 MiB of the film)", got, pct)
	}
	do(t, ctx, chromedp.SetUploadFiles(chromedp.CSS("#media-file"), []string{film}),
		chromedp.SetValue(chromedp.CSS("#media-kind"), "trailer"),
		chromedp.SetValue(chromedp.CSS("#media-lang"), "zh"),
		chromedp.Click(chromedp.CSS("#media-start")),
		waitJS(`document.querySelector('#media-upload').dataset.done === 'true' || document.querySelector('#media-upload').dataset.failed === 'true'`))
	if failed := eval[string](t, ctx, `document.querySelector('#media-upload').dataset.failed || ''`); failed != "" {
		t.Fatalf("upload failed: %s; tus requests %v", text(t, ctx, "#media-progress-text"), s.tusRequests())
	}
	if v := eval[float64](t, ctx, `Number(document.querySelector('#media-bar').value)`); v != 100 {
		t.Errorf("bar at %v after the upload", v)
	}
	do(t, ctx, waitJS(`[...document.querySelectorAll('#media-assets .media-name')].some(e => e.textContent.includes('`+name+`'))`))

	reqs := strings.Join(s.tusRequests(), ",")
	if n := strings.Count(reqs, "POST"); n != 1 {
		t.Errorf("%d uploads created, want 1 resumed: %s", n, reqs)
	}
	// A busy lock may add retries; what matters is that nothing restarts from byte 0.
	if strings.Count(reqs, "PATCH 0") != 1 || strings.Count(reqs, "PATCH 8388608") < 2 || strings.Count(reqs, "PATCH 16777216") < 2 ||
		!strings.Contains(reqs, "HEAD") {
		t.Errorf("tus requests %s: want one PATCH from 0, the held and dropped chunks sent again from their offsets after a HEAD", reqs)
	}
	as, err := s.media.List(storetest.As("cmg", auth.RoleViewer), s.title)
	if err != nil || len(as) != 1 {
		t.Fatalf("assets: %v, %v", as, err)
	}
	if a := as[0]; a.Filename != name || a.SHA256 != fileSHA256(t, film) || a.Kind != "trailer" || a.Language != "zh" {
		t.Errorf("registered %+v", a)
	}
	// Stopped uploads are forgotten once finished.
	if n := eval[int](t, ctx, `Object.keys(localStorage).filter(k => k.startsWith('tus::')).length`); n != 0 {
		t.Errorf("%d resumable uploads left in localStorage", n)
	}
	s.waitProcessed(t, as[0].ID)
	do(t, ctx, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS("#media-assets")))
	shoot(t, ctx, "upload-en", 1280)
	shoot(t, ctx, "upload-en", 390)
}
