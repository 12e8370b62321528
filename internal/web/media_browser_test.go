package web_test

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
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
	"github.com/silkbridge/silkbridge/internal/org"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/server"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
	"github.com/silkbridge/silkbridge/internal/web"
)

// mediaSite is a hub wired as serve wires it with media: file blob
// storage, tus uploads, the processing queue, signed previews and delivery
// links, over SQLite with the demo loaded. Requests pass through gate
// first, so a test can hold or drop them.
type mediaSite struct {
	*httptest.Server
	db     *store.DB
	media  *media.Service
	rights *rights.Service
	title  string // Detective Chinatown 1900, cmg's

	mu   sync.Mutex
	gate func(w http.ResponseWriter, r *http.Request) bool // true: answered
	seen []string                                          // "METHOD path offset" of tus requests
}

func newMediaSite(t *testing.T) *mediaSite {
	t.Helper()
	db := storetest.OpenSQLite(t)
	ctx := context.Background()
	if _, err := demo.Load(ctx, db); err != nil {
		t.Fatalf("load demo: %v", err)
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
	tus, err := httpapi.NewUploadStore(blobs, msvc, db.UploadLocker())
	if err != nil {
		t.Fatal(err)
	}
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
	links := media.NewLinks(msvc, db, keys)
	h, err := web.New(web.Deps{Catalog: cat, Orgs: orgs, Tokens: tokens, Users: auth.NewUserService(db),
		Sessions: auth.NewSessionService(db, db), Logger: log, Rights: rs, Media: msvc, Links: links})
	if err != nil {
		t.Fatal(err)
	}
	deps := httpapi.Deps{Orgs: orgs, Tokens: tokens, Catalog: cat, Rights: rs, Logger: log, Media: msvc, Uploads: tus,
		PreviewKeys: keys, Authenticators: []httpapi.Authenticator{h.Authenticator()}}
	srv := server.New(server.Config{Logger: log, RatePerSecond: 10000, RateBurst: 10000},
		func(r chi.Router) { httpapi.New(r, deps) }, h.Mount)
	s := &mediaSite{db: db, media: msvc, rights: rs, title: demo.TitleID("Detective Chinatown 1900")}
	inner := srv.Handler()
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, httpapi.UploadsPath) {
			s.mu.Lock()
			s.seen = append(s.seen, r.Method+" "+r.Header.Get("Upload-Offset"))
			gate := s.gate
			s.mu.Unlock()
			if gate != nil && gate(w, r) {
				return
			}
			if testing.Verbose() {
				start, ww := time.Now(), &statusWriter{ResponseWriter: w}
				defer func() {
					t.Logf("%s %s %s → %d in %v", r.Method, r.URL.Path, r.Header.Get("Upload-Offset"), ww.status, time.Since(start))
				}()
				w = ww
			}
		}
		inner.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// tusRequests returns the tus requests seen so far ("PATCH 8388608").
func (s *mediaSite) tusRequests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.seen...)
}

// license grants vgtrk a licence on the title active today.
func (s *mediaSite) license(t *testing.T) {
	t.Helper()
	today := time.Now().UTC()
	end := today.AddDate(0, 1, 0).Format(time.DateOnly)
	if _, err := s.rights.AddLicence(storetest.As("cmg", auth.RoleEditor), s.title, rights.LicenceInput{Licensee: "vgtrk",
		Terms: rights.Terms{Territories: []string{"RU"}, Media: []rights.Media{"free_tv"}, Start: today.AddDate(0, 0, -1).Format(time.DateOnly), End: &end}}); err != nil {
		t.Fatal(err)
	}
}

func requireFFmpeg(t *testing.T) {
	t.Helper()
	if err := ffmpeg.New(ffmpeg.Config{}).Available(); err != nil {
		storetest.SkipOrFail(t, "media browser tests need ffmpeg: "+err.Error()+" (apt-get install ffmpeg)")
	}
}

// makeFilm writes an H.264 MP4 of seconds at size with a Chinese and a
// Russian audio track; lossless makes it large (for chunked uploads).
func makeFilm(t *testing.T, path string, seconds int, size string, lossless bool) {
	t.Helper()
	d := strconv.Itoa(seconds)
	args := []string{"-hide_banner", "-nostdin", "-v", "error", "-y",
		"-f", "lavfi", "-i", "testsrc2=size=" + size + ":rate=25:duration=" + d,
		"-f", "lavfi", "-i", "sine=frequency=440:duration=" + d, "-f", "lavfi", "-i", "sine=frequency=660:duration=" + d,
		"-map", "0", "-map", "1", "-map", "2", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"}
	if lossless {
		args = append(args, "-qp", "0")
	}
	args = append(args, "-c:a", "aac", "-metadata:s:a:0", "language=zho", "-metadata:s:a:1", "language=rus", path)
	if out, err := exec.Command("ffmpeg", args...).CombinedOutput(); err != nil {
		t.Fatalf("making test film: %v\n%s", err, out)
	}
}

func fileSHA256(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, bufio.NewReader(f)); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// waitProcessed waits until the title's asset named filename is processed.
func (s *mediaSite) waitProcessed(t *testing.T, id string) *media.Asset {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		a, _, err := s.db.AssetGet(context.Background(), id)
		if err == nil && a.Status != media.StatusProcessing && a.Status != media.StatusUploading {
			return a
		}
		if time.Now().After(deadline) {
			t.Fatalf("asset %s not processed: %+v, %v", id, a, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// shoot saves a full-page screenshot into the test's artifact directory
// (kept with go test -artifacts) and fails when the page scrolls sideways.
func shoot(t *testing.T, ctx context.Context, name string, width int64) {
	t.Helper()
	do(t, ctx, chromedp.EmulateViewport(width, 900))
	// What sticks out past the window's right edge (its outermost elements;
	// inside a scrolling box does not count).
	out := eval[[]string](t, ctx, `(() => { const w = window.innerWidth, hits = [];
		const scrolls = e => { const o = getComputedStyle(e).overflowX; return o === 'auto' || o === 'scroll' || o === 'hidden'; };
		const walk = e => { for (const c of e.children) {
			if (c.getBoundingClientRect().right > w + 1) { hits.push((c.closest('#media') ? 'media:' : '') + c.tagName + '.' + c.className); continue; }
			if (!scrolls(c)) walk(c); } };
		walk(document.body); return hits; })()`)
	if sw := eval[int](t, ctx, `document.documentElement.scrollWidth`); sw > int(width) {
		t.Logf("%s at %d px: the page is %d px wide; sticking out: %v", name, width, sw, out)
		t.Logf("%s at %d px: wider than the window: %v", name, width, eval[[]string](t, ctx, `[...document.querySelectorAll('body *')].filter(e =>
			e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('#media-strip')).slice(0, 3).map(e => e.tagName + '.' + e.className)`))
	}
	for _, o := range out {
		if strings.HasPrefix(o, "media:") {
			t.Errorf("%s at %d px: the Media panel's %s sticks out sideways", name, width, o)
		} else {
			// Another section's layout; reported, not this panel's to fix.
			t.Logf("%s at %d px: %s (outside the Media panel) sticks out sideways", name, width, o)
		}
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.ArtifactDir(), name+"-"+strconv.FormatInt(width, 10)+".png")
	if err := os.WriteFile(path, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	// The panel alone, to look at closely.
	if !eval[bool](t, ctx, `!!document.querySelector('#media')`) {
		return
	}
	if panel, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS("#media"))); err == nil {
		os.WriteFile(strings.TrimSuffix(path, ".png")+"-panel.png", panel, 0o644)
	}
}

// englishWords are words of the Media panel's English strings that must not
// appear in another language's page.
var englishWords = []string{"Upload", "Download", "Ready", "Processing", "Preview", "Delivery", "Audio", "Container",
	"Duration", "Mezzanine", "Kind", "Language", "Revoke", "Create link", "downloads", "until", "Copy", "fps", "ch", "No files"}

func noEnglish(t *testing.T, ctx context.Context, lang string) {
	t.Helper()
	body := eval[string](t, ctx, `(() => { const p = document.querySelector('#media'); const c = p.cloneNode(true);
		c.querySelectorAll('.media-name, .media-now, bdi, pre, script, option[lang]').forEach(e => e.remove());
		return c.innerText + ' ' + [...c.querySelectorAll('[aria-label],[title]')].map(e => e.getAttribute('aria-label') || e.title).join(' '); })()`)
	for _, w := range englishWords {
		for _, f := range strings.FieldsFunc(body, func(r rune) bool { return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || r == ' ') }) {
			if strings.Contains(" "+f+" ", " "+w+" ") {
				t.Errorf("%s Media panel shows English %q in %q", lang, w, f)
			}
		}
	}
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(s int) { w.status = s; w.ResponseWriter.WriteHeader(s) }

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
