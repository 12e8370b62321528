package ffmpeg

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// requireFFmpeg skips a test when ffmpeg is absent, unless
// SILKBRIDGE_REQUIRE_ALL=1 makes every skip a failure.
func requireFFmpeg(t testing.TB) *Runner {
	t.Helper()
	r := New(Config{})
	if err := r.Available(); err != nil {
		if os.Getenv("SILKBRIDGE_REQUIRE_ALL") == "1" {
			t.Fatalf("SILKBRIDGE_REQUIRE_ALL=1 but %v (install the ffmpeg package)", err)
		}
		t.Skipf("skipping: %v (install the ffmpeg package to run this test)", err)
	}
	return r
}

var (
	mediaOnce sync.Map // kind → *generated
	mediaDir  string
	dirOnce   sync.Once
)

type generated struct {
	once sync.Once
	path string
	err  error
}

// testMedia returns a generated test file, made once per test run:
//   - "h264.mp4": 12 s 320×180 25 fps H.264 + AAC, audio tracks zho and rus,
//     with x264's default 10 s keyframe interval (sparse keyframes);
//   - "mpeg2.mkv": 12 s interlaced (top field first) MPEG-2 + AC-3 in
//     Matroska, tracks "chi" (bibliographic code) and "rus": not copyable;
//   - "h264-faststart.mp4": h264.mp4 with its index first (for truncation);
//   - "hevc.mov": 12 s HEVC Main in QuickTime with one rus AAC track.
func testMedia(t testing.TB, kind string) string {
	t.Helper()
	requireFFmpeg(t)
	dirOnce.Do(func() {
		var err error
		if mediaDir, err = os.MkdirTemp("", "silkbridge-ffmpeg-test-"); err != nil {
			panic(err)
		}
	})
	g, _ := mediaOnce.LoadOrStore(kind, &generated{})
	gen := g.(*generated)
	gen.once.Do(func() {
		gen.path = filepath.Join(mediaDir, kind)
		var args []string
		src := []string{
			"-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25:duration=12",
			"-f", "lavfi", "-i", "sine=frequency=440:duration=12:sample_rate=48000",
			"-f", "lavfi", "-i", "sine=frequency=660:duration=12:sample_rate=48000",
			"-map", "0", "-map", "1", "-map", "2",
		}
		switch kind {
		case "h264.mp4":
			args = append(src, "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
				"-c:a", "aac", "-ac", "2", "-metadata:s:a:0", "language=zho", "-metadata:s:a:1", "language=rus")
		case "mpeg2.mkv":
			args = append(src, "-c:v", "mpeg2video", "-flags", "+ilme+ildct", "-top", "1", "-b:v", "2M",
				"-c:a", "ac3", "-ac", "2", "-metadata:s:a:0", "language=chi", "-metadata:s:a:1", "language=rus")
		case "hevc.mov":
			args = append(src[:8:8], "-map", "0", "-map", "1", "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error",
				"-pix_fmt", "yuv420p", "-c:a", "aac", "-metadata:s:a:0", "language=rus")
		case "h264-faststart.mp4":
			args = []string{"-i", testMedia(t, "h264.mp4"), "-map", "0", "-c", "copy", "-movflags", "+faststart"}
		default:
			panic("unknown test media " + kind)
		}
		args = append(append([]string{"-hide_banner", "-nostdin", "-v", "error", "-y"}, args...), gen.path)
		if out, err := exec.Command("ffmpeg", args...).CombinedOutput(); err != nil {
			gen.err = &Error{Tool: "ffmpeg", Err: err, Stderr: string(out)}
		}
	})
	if gen.err != nil {
		t.Fatalf("generating %s: %v", kind, gen.err)
	}
	return gen.path
}

func TestMain(m *testing.M) {
	code := m.Run()
	if mediaDir != "" {
		os.RemoveAll(mediaDir)
	}
	os.Exit(code)
}

// writeFile writes data into a new file of the test's temporary directory.
func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// packetHashes lists size and MD5 of every video packet of a file, read
// without decoding: equal lists mean the same coded pictures.
func packetHashes(t *testing.T, path string) []string {
	t.Helper()
	out, err := exec.CommandContext(context.Background(), "ffmpeg", "-hide_banner", "-nostdin", "-v", "error",
		"-i", path, "-map", "0:v:0", "-c", "copy", "-f", "framemd5", "-").Output()
	if err != nil {
		t.Fatalf("framemd5 %s: %v", path, err)
	}
	var hashes []string
	for _, line := range strings.Split(string(out), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, ",")
		hashes = append(hashes, strings.TrimSpace(f[len(f)-2])+" "+strings.TrimSpace(f[len(f)-1]))
	}
	return hashes
}
