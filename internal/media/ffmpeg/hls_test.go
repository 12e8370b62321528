package ffmpeg

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/media/playlist"
)

// masterRenditions parses the master playlist's audio renditions and its
// variant's attributes with the playlist package's attribute reader.
func masterRenditions(t *testing.T, dir string) (media []map[string]string, variant map[string]string, variantURI string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, MasterPlaylist))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if lines[0] != "#EXTM3U" {
		t.Fatalf("master starts with %q", lines[0])
	}
	for i, l := range lines {
		if rest, ok := strings.CutPrefix(l, "#EXT-X-MEDIA:"); ok {
			media = append(media, playlist.Attributes(rest))
		}
		if rest, ok := strings.CutPrefix(l, "#EXT-X-STREAM-INF:"); ok {
			variant = playlist.Attributes(rest)
			variantURI = lines[i+1]
		}
	}
	return media, variant, variantURI
}

func checkMediaPlaylist(t *testing.T, dir, name string, wantS float64) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	m, err := playlist.ParseMedia(data)
	if err != nil {
		t.Fatal(err)
	}
	if !m.Ended || !strings.HasSuffix(m.Init, "_init.mp4") || len(m.Segments) < 2 {
		t.Fatalf("%s: %+v", name, m)
	}
	if d := m.DurationS(); d < wantS-0.5 || d > wantS+0.5 {
		t.Errorf("%s lasts %.2f s, want %.0f", name, d, wantS)
	}
	for _, s := range append([]string{m.Init}, segURIs(m)...) {
		st, err := os.Stat(filepath.Join(dir, s))
		if err != nil || st.Size() == 0 || !strings.HasSuffix(s, ".m4s") && !strings.HasSuffix(s, ".mp4") {
			t.Errorf("%s: %s missing, empty or not fMP4", name, s)
		}
	}
}

func segURIs(m *playlist.Media) []string {
	var out []string
	for _, s := range m.Segments {
		out = append(out, s.URI)
	}
	return out
}

// joined concatenates an fMP4 playlist's init and segments into one
// fragmented MP4 that ffmpeg can read back.
func joined(t *testing.T, dir, name string) string {
	t.Helper()
	data, _ := os.ReadFile(filepath.Join(dir, name))
	m, err := playlist.ParseMedia(data)
	if err != nil {
		t.Fatal(err)
	}
	var all []byte
	for _, f := range append([]string{m.Init}, segURIs(m)...) {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, b...)
	}
	return writeFile(t, "joined.mp4", all)
}

func TestPackageHLSCopiesH264WithAudioRenditions(t *testing.T) {
	r := requireFFmpeg(t)
	in := testMedia(t, "h264.mp4")
	tech, err := r.Probe(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	var last float64
	h, err := r.PackageHLS(context.Background(), in, out, tech, func(f float64) { last = f })
	if err != nil {
		t.Fatal(err)
	}
	if !h.VideoCopied {
		t.Fatal("H.264 in MP4 was re-encoded")
	}
	if last != 1 {
		t.Errorf("progress ended at %v", last)
	}
	media, variant, uri := masterRenditions(t, out)
	if len(media) != 2 {
		t.Fatalf("want 2 audio renditions, got %v", media)
	}
	for i, want := range []struct{ lang, name, def string }{{"zh", "中文", "YES"}, {"ru", "Русский", "NO"}} {
		m := media[i]
		if m["TYPE"] != "AUDIO" || m["GROUP-ID"] != AudioGroup || m["LANGUAGE"] != want.lang || m["NAME"] != want.name ||
			m["DEFAULT"] != want.def || m["AUTOSELECT"] != "YES" || m["URI"] == "" {
			t.Errorf("rendition %d: %v", i, m)
		}
		checkMediaPlaylist(t, out, m["URI"], 12)
	}
	if variant["AUDIO"] != `aud` || variant["RESOLUTION"] != "320x180" || variant["FRAME-RATE"] != "25.000" ||
		!strings.HasPrefix(variant["CODECS"], "avc1.") || !strings.Contains(variant["CODECS"], "mp4a.40.2") || variant["BANDWIDTH"] == "" {
		t.Errorf("variant: %v", variant)
	}
	checkMediaPlaylist(t, out, uri, 12)
	// A copy carries the very same coded pictures.
	if a, b := packetHashes(t, in), packetHashes(t, joined(t, out, uri)); !slices.Equal(a, b) || len(a) != 300 {
		t.Fatalf("video packets differ from the source (%d vs %d): not a copy", len(a), len(b))
	}
	for _, f := range h.Files {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("listed file %s: %v", f, err)
		}
	}
	if !slices.Contains(h.Files, MasterPlaylist) {
		t.Error("master playlist not listed")
	}
}

func TestPackageHLSEncodesWhatBrowsersCannotPlay(t *testing.T) {
	r := requireFFmpeg(t)
	in := testMedia(t, "mpeg2.mkv")
	tech, err := r.Probe(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	// A leftover of a killed run must not survive into the new output.
	os.WriteFile(filepath.Join(out, "video_00042.m4s"), []byte("stale"), 0o644)
	h, err := r.PackageHLS(context.Background(), in, out, tech, nil)
	if err != nil {
		t.Fatal(err)
	}
	if h.VideoCopied {
		t.Fatal("MPEG-2 in Matroska was copied")
	}
	if _, err := os.Stat(filepath.Join(out, "video_00042.m4s")); err == nil {
		t.Error("stale segment kept")
	}
	media, variant, uri := masterRenditions(t, out)
	if len(media) != 2 || media[0]["LANGUAGE"] != "zh" || media[1]["LANGUAGE"] != "ru" || media[1]["NAME"] != "Русский" {
		t.Fatalf("renditions: %v", media)
	}
	if !strings.HasPrefix(variant["CODECS"], "avc1.64") { // High profile
		t.Errorf("variant codecs %q", variant["CODECS"])
	}
	checkMediaPlaylist(t, out, uri, 12)
	got, err := r.Probe(context.Background(), joined(t, out, uri))
	if err != nil {
		t.Fatal(err)
	}
	if v := got.Video[0]; v.Codec != "h264" || v.Height != 180 || v.ScanType != "progressive" {
		t.Errorf("encoded video: %+v", v)
	}
	for _, m := range media {
		checkMediaPlaylist(t, out, m["URI"], 12)
		a, err := r.Probe(context.Background(), joined(t, out, m["URI"]))
		if err != nil || len(a.Audio) != 1 || a.Audio[0].Codec != "aac" {
			t.Errorf("audio rendition %s: %+v %v", m["URI"], a, err)
		}
	}
}

func TestPackageHLSRefusesTruncatedFaststartMP4(t *testing.T) {
	r := requireFFmpeg(t)
	data, err := os.ReadFile(testMedia(t, "h264-faststart.mp4"))
	if err != nil {
		t.Fatal(err)
	}
	// The index comes first, so ffprobe still reports the full 12 s.
	in := writeFile(t, "cut.mp4", data[:len(data)/2])
	tech, err := r.Probe(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	_, err = r.PackageHLS(context.Background(), in, t.TempDir(), tech, nil)
	if err == nil || !strings.Contains(err.Error(), "truncated") {
		t.Fatalf("want a truncation error, got %v", err)
	}
}

func TestPackageHLSNeedsVideo(t *testing.T) {
	r := New(Config{})
	if _, err := r.PackageHLS(context.Background(), "x", t.TempDir(), nil, nil); err != ErrNoVideo {
		t.Fatal(err)
	}
}

func TestPosterAndSprite(t *testing.T) {
	r := requireFFmpeg(t)
	in := testMedia(t, "h264.mp4")
	dir := t.TempDir()
	poster := filepath.Join(dir, "poster.jpg")
	if err := r.Poster(context.Background(), in, poster, 12); err != nil {
		t.Fatal(err)
	}
	pt, err := r.Probe(context.Background(), poster)
	if err == nil {
		t.Fatalf("a JPEG is not a media file to process, yet probed as %+v", pt)
	}
	if b, _ := os.ReadFile(poster); len(b) < 100 || b[0] != 0xFF || b[1] != 0xD8 {
		t.Fatal("poster is not a JPEG")
	}
	if err := r.Sprite(context.Background(), in, dir, 12); err != nil {
		t.Fatal(err)
	}
	vtt, err := os.ReadFile(filepath.Join(dir, SpriteVTT))
	if err != nil {
		t.Fatal(err)
	}
	s := string(vtt)
	if !strings.HasPrefix(s, "WEBVTT\n") || strings.Count(s, " --> ") != 12 ||
		!strings.Contains(s, "00:00:00.000 --> 00:00:01.000\nsprite.jpg#xywh=0,0,160,90\n") ||
		!strings.Contains(s, "00:00:11.000 --> 00:00:12.000\nsprite.jpg#xywh=160,90,160,90\n") {
		t.Fatalf("storyboard:\n%s", s)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, SpriteImage)); len(b) < 100 || b[0] != 0xFF || b[1] != 0xD8 {
		t.Fatal("sprite is not a JPEG")
	}
	// The sprite is 10 tiles wide and 2 high.
	out, err := exec.Command("ffprobe", "-v", "error", "-show_entries", "stream=width,height", "-of", "csv=p=0", filepath.Join(dir, SpriteImage)).Output()
	if err != nil || strings.TrimSpace(string(out)) != "1600,180" {
		t.Fatalf("sprite size %q %v", out, err)
	}
}

func TestStoryboardCapsTiles(t *testing.T) {
	s := storyboard("s.jpg", 7200, 72, 100)
	if n := strings.Count(s, " --> "); n != 100 {
		t.Fatalf("%d cues", n)
	}
	if !strings.Contains(s, "01:58:48.000 --> 02:00:00.000\ns.jpg#xywh=1440,810,160,90") {
		t.Fatalf("last cue wrong:\n%s", s[len(s)-120:])
	}
}

func TestPackageHLSCopiesHEVCInMOVAsHvc1(t *testing.T) {
	r := requireFFmpeg(t)
	in := testMedia(t, "hevc.mov")
	tech, err := r.Probe(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if tech.Container != "mov" || tech.Video[0].Codec != "hevc" || tech.Video[0].Profile != "Main" {
		t.Fatalf("probe: %+v %+v", tech, tech.Video)
	}
	out := t.TempDir()
	h, err := r.PackageHLS(context.Background(), in, out, tech, nil)
	if err != nil {
		t.Fatal(err)
	}
	media, variant, uri := masterRenditions(t, out)
	if !h.VideoCopied || !strings.HasPrefix(variant["CODECS"], "hvc1.1.6.L") || len(media) != 1 || media[0]["NAME"] != "Русский" {
		t.Fatalf("copied=%v variant=%v renditions=%v", h.VideoCopied, variant, media)
	}
	if a, b := packetHashes(t, in), packetHashes(t, joined(t, out, uri)); !slices.Equal(a, b) {
		t.Fatal("HEVC packets differ from the source: not a copy")
	}
	init, _ := os.ReadFile(filepath.Join(out, "video_init.mp4"))
	if !strings.Contains(string(init), "hvc1") {
		t.Error("init segment not tagged hvc1")
	}
}
