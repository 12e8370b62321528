package jobs_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/jobs"
	"github.com/silkbridge/silkbridge/internal/media"
	"github.com/silkbridge/silkbridge/internal/media/ffmpeg"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// dirBlobs is a blob store in a directory; with local set it also gives
// ffmpeg the file's path, as the file:// store does, and without it the
// job must copy the original first, as with S3.
type dirBlobs struct {
	dir   string
	local bool
}

func (b dirBlobs) Put(_ context.Context, key string, r io.Reader) error {
	p := filepath.Join(b.dir, filepath.FromSlash(key))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

func (b dirBlobs) NewRangeReader(_ context.Context, key string, _, _ int64) (io.ReadCloser, error) {
	return os.Open(filepath.Join(b.dir, filepath.FromSlash(key)))
}

func (b dirBlobs) Delete(_ context.Context, key string) error {
	return os.Remove(filepath.Join(b.dir, filepath.FromSlash(key)))
}

func (b dirBlobs) LocalPath(key string) (string, bool) {
	return filepath.Join(b.dir, filepath.FromSlash(key)), b.local
}

func requireFFmpeg(t *testing.T) {
	t.Helper()
	if err := ffmpeg.New(ffmpeg.Config{}).Available(); err != nil {
		storetest.SkipOrFail(t, "skipping: "+err.Error()+" (install the ffmpeg package)")
	}
}

// makeFilm writes a 6 s H.264 MP4 with a Chinese and a Russian audio track.
func makeFilm(t *testing.T, path string) {
	t.Helper()
	out, err := exec.Command("ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-y",
		"-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25:duration=6",
		"-f", "lavfi", "-i", "sine=frequency=440:duration=6", "-f", "lavfi", "-i", "sine=frequency=660:duration=6",
		"-map", "0", "-map", "1", "-map", "2", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac",
		"-metadata:s:a:0", "language=zho", "-metadata:s:a:1", "language=rus", path).CombinedOutput()
	if err != nil {
		t.Fatalf("making test film: %v\n%s", err, out)
	}
}

// fixture is a database with a title of cmg, a blob directory and a queue
// connected to the store.
type fixture struct {
	db       *store.DB
	title    string
	blobs    dirBlobs
	progress *progressRecorder
}

// progressRecorder is the store, noting every progress the job records.
type progressRecorder struct {
	*store.DB
	mu   sync.Mutex
	seen map[string][]int
}

func (r *progressRecorder) AssetSetProgress(ctx context.Context, id string, percent int) error {
	r.mu.Lock()
	r.seen[id] = append(r.seen[id], percent)
	r.mu.Unlock()
	return r.DB.AssetSetProgress(ctx, id, percent)
}

func (r *progressRecorder) of(id string) []int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]int(nil), r.seen[id]...)
}

func newFixture(t *testing.T, db *store.DB, local bool) *fixture {
	t.Helper()
	if err := jobs.Migrate(context.Background(), db.Writer(), db.Dialect() == store.Postgres); err != nil {
		t.Fatal(err)
	}
	svc := storetest.NewServices(db)
	storetest.SeedOrgs(t, svc)
	ti, err := svc.Catalog.Create(storetest.As("cmg", auth.RoleEditor), storetest.TitleFields("Detective Chinatown 1900", catalog.VisibilityPartners))
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{db: db, title: ti.ID, blobs: dirBlobs{dir: t.TempDir(), local: local},
		progress: &progressRecorder{DB: db, seen: map[string][]int{}}}
}

func (f *fixture) queue(t *testing.T, runner *ffmpeg.Runner) *jobs.Queue {
	t.Helper()
	q, err := jobs.New(f.db.Writer(), jobs.Config{Postgres: f.db.Dialect() == store.Postgres, PollInterval: 50 * time.Millisecond, RetryBase: 200 * time.Millisecond},
		jobs.Deps{Processing: &jobs.Processing{Store: f.progress, Blobs: f.blobs, FFmpeg: runner, WorkDir: t.TempDir()}})
	if err != nil {
		t.Fatal(err)
	}
	f.db.SetAssetEnqueuer(q.EnqueueProcessAssetTx)
	return q
}

// register stores file's bytes as a blob and registers an asset of kind
// over it; the processing job is enqueued in the registering transaction.
func (f *fixture) register(t *testing.T, kind media.Kind, data []byte) *media.Asset {
	t.Helper()
	a := storetest.NewAsset(f.title, "cmg", string(data))
	a.Kind = kind
	key := "sha256/" + a.SHA256
	if err := f.blobs.Put(context.Background(), key, strings.NewReader(string(data))); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.AssetRegister(storetest.As("cmg", auth.RoleEditor), a, key); err != nil {
		t.Fatal(err)
	}
	if a.Status != media.StatusProcessing {
		t.Fatalf("registered with a queue, the asset is %s", a.Status)
	}
	return a
}

func (f *fixture) waitDone(t *testing.T, id string) *media.Asset {
	t.Helper()
	var a *media.Asset
	waitFor(t, "asset "+id+" processed", func() bool {
		var err error
		a, _, err = f.db.AssetGet(context.Background(), id)
		return err == nil && a.Status != media.StatusProcessing
	})
	return a
}

func checkProcessed(t *testing.T, f *fixture, a *media.Asset) {
	t.Helper()
	if a.Status != media.StatusReady || a.Reason != "" {
		t.Fatalf("asset %s: %q", a.Status, a.Reason)
	}
	tech := a.Technical
	if tech == nil || tech.Container != "mp4" || len(tech.Video) != 1 || tech.Video[0].Codec != "h264" || len(tech.Audio) != 2 ||
		tech.Audio[0].Language != "zh" || tech.Audio[1].Language != "ru" {
		t.Fatalf("technical: %+v", tech)
	}
	prefix := media.DerivedPrefix(a.ID)
	if a.Preview == nil || a.Preview.HLS != prefix+"hls/master.m3u8" || a.Preview.Poster != prefix+"poster.jpg" {
		t.Fatalf("preview: %+v", a.Preview)
	}
	master, err := os.ReadFile(filepath.Join(f.blobs.dir, filepath.FromSlash(a.Preview.HLS)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(master), `LANGUAGE="ru",NAME="Русский"`) || !strings.Contains(string(master), `LANGUAGE="zh",NAME="中文"`) {
		t.Fatalf("master playlist:\n%s", master)
	}
	for _, k := range []string{"poster.jpg", "sprite.jpg", "storyboard.vtt", "hls/video.m3u8", "hls/video_init.mp4", "hls/video_00000.m4s", "hls/audio1.m3u8", "hls/audio2_00000.m4s"} {
		if st, err := os.Stat(filepath.Join(f.blobs.dir, filepath.FromSlash(prefix+k))); err != nil || st.Size() == 0 {
			t.Errorf("derived file %s missing", k)
		}
	}
}

func TestProcessAsset(t *testing.T) {
	requireFFmpeg(t)
	film := filepath.Join(t.TempDir(), "film.mp4")
	makeFilm(t, film)
	data, err := os.ReadFile(film)
	if err != nil {
		t.Fatal(err)
	}
	// The same film with its index first, cut in half: ffprobe still reads
	// the full duration, the packaging stops early.
	faststart := filepath.Join(t.TempDir(), "faststart.mp4")
	if out, err := exec.Command("ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-i", film, "-map", "0", "-c", "copy",
		"-movflags", "+faststart", faststart).CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	cut, _ := os.ReadFile(faststart)
	cut = cut[:len(cut)/2]
	// An uploaded playlist pointing at a listener of this test (and at the
	// cloud metadata address): processing must never connect.
	var hits atomic.Int64
	trap := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { hits.Add(1) }))
	defer trap.Close()
	m3u8 := []byte("#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n" + trap.URL + "/seg0.ts\n#EXTINF:10,\nhttp://169.254.169.254/latest/meta-data/seg1.ts\n#EXT-X-ENDLIST\n")
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		for _, local := range []bool{true, false} {
			name := map[bool]string{true: "LocalBlob", false: "CopiedBlob"}[local]
			t.Run(name, func(t *testing.T) {
				f := newFixture(t, open(t), local)
				q := f.queue(t, ffmpeg.New(ffmpeg.Config{}))
				film := f.register(t, media.KindMezzanine, data)
				junk := f.register(t, media.KindTrailer, []byte("This is a contract, not a film."))
				poster := f.register(t, media.KindPoster, []byte("\x89PNG\r\n\x1a\n not really"))
				truncated := f.register(t, media.KindMezzanine, cut)
				playlist := f.register(t, media.KindProxy, append(m3u8, []byte(name)...))
				if err := q.Start(context.Background()); err != nil {
					t.Fatal(err)
				}
				defer q.Stop(context.Background())
				checkProcessed(t, f, f.waitDone(t, film.ID))
				// Progress went forward through probe (5), stills (15) and
				// packaging to its end (95) before the asset became ready.
				if p := f.progress.of(film.ID); len(p) < 3 || p[0] != 5 || p[1] != 15 || p[len(p)-1] != 95 || !slices.IsSorted(p) {
					t.Errorf("progress recorded: %v", p)
				}
				if a := f.waitDone(t, junk.ID); a.Status != media.StatusFailed || !strings.Contains(a.Reason, "ffprobe") || a.Preview != nil && a.Preview.HLS != "" {
					t.Errorf("non-media trailer: %s %q %+v", a.Status, a.Reason, a.Preview)
				}
				if a := f.waitDone(t, poster.ID); a.Status != media.StatusReady || a.Technical != nil {
					t.Errorf("poster: %s %+v", a.Status, a.Technical)
				}
				if a := f.waitDone(t, truncated.ID); a.Status != media.StatusFailed || !strings.Contains(a.Reason, "truncated") {
					t.Errorf("truncated MP4: %s %q", a.Status, a.Reason)
				}
				if a := f.waitDone(t, playlist.ID); a.Status != media.StatusFailed || !strings.Contains(a.Reason, "refers to other files") {
					t.Errorf("uploaded playlist: %s %q", a.Status, a.Reason)
				}
				if n := hits.Load(); n != 0 {
					t.Fatalf("processing an uploaded playlist made %d requests", n)
				}
			})
		}
	})
}

func TestProcessAssetWithoutFFmpegIsReadyAndSaysWhy(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		f := newFixture(t, open(t), true)
		q := f.queue(t, ffmpeg.New(ffmpeg.Config{FFmpeg: "/nonexistent/ffmpeg", FFprobe: "/nonexistent/ffprobe"}))
		a := f.register(t, media.KindMezzanine, []byte("any bytes"))
		if err := q.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		defer q.Stop(context.Background())
		got := f.waitDone(t, a.ID)
		if got.Status != media.StatusReady || !strings.HasPrefix(got.Reason, jobs.NoPreviewReason) || !strings.Contains(got.Reason, "ffprobe not found") {
			t.Fatalf("%s %q", got.Status, got.Reason)
		}
	})
}

// TestProcessingFinishesAfterKill9 starts a server process (this test
// binary as a helper) whose ffmpeg hangs while packaging, kills it with
// SIGKILL, then starts a queue here on the same database: the job is taken
// back at once and finishes.
func TestProcessingFinishesAfterKill9(t *testing.T) {
	requireFFmpeg(t)
	film := filepath.Join(t.TempDir(), "film.mp4")
	makeFilm(t, film)
	data, _ := os.ReadFile(film)
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			dsn := filepath.Join(t.TempDir(), "hub.db")
			if e.Name == "Postgres" {
				dsn = storetest.NewPostgresSchema(t)
			}
			db, err := store.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			f := newFixture(t, db, true)
			// Register through a queue that is never started: only the
			// helper process works jobs until it is killed.
			f.queue(t, ffmpeg.New(ffmpeg.Config{}))
			a := f.register(t, media.KindMezzanine, data)

			dir := t.TempDir()
			marker := filepath.Join(dir, "packaging")
			wrapper := filepath.Join(dir, "ffmpeg")
			// Hang (as a long encode would) when asked to package HLS.
			os.WriteFile(wrapper, []byte("#!/bin/sh\ncase \"$*\" in *\"-f hls\"*) touch "+marker+"; exec sleep 600;; esac\nexec ffmpeg \"$@\"\n"), 0o755)
			cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcessingServer$")
			cmd.Env = append(os.Environ(), "SILKBRIDGE_HELPER_DSN="+dsn, "SILKBRIDGE_HELPER_BLOBS="+f.blobs.dir, "SILKBRIDGE_HELPER_FFMPEG="+wrapper)
			cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			waitFor(t, "the helper server to start packaging", func() bool { _, err := os.Stat(marker); return err == nil })
			cmd.Process.Signal(syscall.SIGKILL)
			cmd.Wait()

			if got, _, _ := db.AssetGet(context.Background(), a.ID); got.Status != media.StatusProcessing {
				t.Fatalf("after the kill the asset is %s", got.Status)
			}
			q := f.queue(t, ffmpeg.New(ffmpeg.Config{}))
			if err := q.Start(context.Background()); err != nil {
				t.Fatal(err)
			}
			defer q.Stop(context.Background())
			checkProcessed(t, f, f.waitDone(t, a.ID))
		})
	}
}

// TestHelperProcessingServer is the server process of
// TestProcessingFinishesAfterKill9; it does nothing in a normal test run.
func TestHelperProcessingServer(t *testing.T) {
	dsn := os.Getenv("SILKBRIDGE_HELPER_DSN")
	if dsn == "" {
		return // only as the helper process
	}
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	q, err := jobs.New(db.Writer(), jobs.Config{Postgres: db.Dialect() == store.Postgres, PollInterval: 50 * time.Millisecond},
		jobs.Deps{Processing: &jobs.Processing{Store: db, Blobs: dirBlobs{dir: os.Getenv("SILKBRIDGE_HELPER_BLOBS"), local: true},
			FFmpeg: ffmpeg.New(ffmpeg.Config{FFmpeg: os.Getenv("SILKBRIDGE_HELPER_FFMPEG")}), WorkDir: t.TempDir()}})
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	select {} // until killed
}
