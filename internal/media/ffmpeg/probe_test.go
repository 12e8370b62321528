package ffmpeg

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
)

func TestProbeH264MP4(t *testing.T) {
	r := requireFFmpeg(t)
	tech, err := r.Probe(context.Background(), testMedia(t, "h264.mp4"))
	if err != nil {
		t.Fatal(err)
	}
	if tech.Container != "mp4" || tech.DurationS < 11.9 || tech.DurationS > 12.1 || tech.BitRate <= 0 {
		t.Fatalf("format: %+v", tech)
	}
	if len(tech.Video) != 1 {
		t.Fatalf("video streams: %+v", tech.Video)
	}
	v := tech.Video[0]
	if v.Codec != "h264" || v.Width != 320 || v.Height != 180 || v.FrameRate != "25/1" || v.ScanType != "progressive" || v.Profile == "" {
		t.Fatalf("video: %+v", v)
	}
	if len(tech.Audio) != 2 {
		t.Fatalf("audio streams: %+v", tech.Audio)
	}
	for i, want := range []string{"zh", "ru"} {
		a := tech.Audio[i]
		if a.Codec != "aac" || a.Channels != 2 || a.SampleRate != 48000 || a.Language != want {
			t.Errorf("audio %d: %+v, want language %s", i, a, want)
		}
	}
}

func TestProbeInterlacedMPEG2InMatroska(t *testing.T) {
	r := requireFFmpeg(t)
	tech, err := r.Probe(context.Background(), testMedia(t, "mpeg2.mkv"))
	if err != nil {
		t.Fatal(err)
	}
	if tech.Container != "matroska" {
		t.Errorf("container %q", tech.Container)
	}
	if v := tech.Video[0]; v.Codec != "mpeg2video" || v.ScanType != "tff" || v.FrameRate != "25/1" {
		t.Errorf("video: %+v", v)
	}
	// "chi" is the bibliographic ISO 639-2 code of Chinese.
	if len(tech.Audio) != 2 || tech.Audio[0].Language != "zh" || tech.Audio[1].Language != "ru" || tech.Audio[0].Codec != "ac3" {
		t.Errorf("audio: %+v", tech.Audio)
	}
}

func TestProbeRefusesNonMedia(t *testing.T) {
	r := requireFFmpeg(t)
	for name, data := range map[string][]byte{
		"text":  []byte("This is a contract, not a film.\n"),
		"empty": nil,
		"pdf":   []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"),
	} {
		t.Run(name, func(t *testing.T) {
			p := writeFile(t, "upload", data)
			_, err := r.Probe(context.Background(), p)
			if err == nil {
				t.Fatal("probe accepted a non-media file")
			}
			if strings.Contains(err.Error(), p) {
				t.Errorf("reason shows the server's path: %v", err)
			}
			if len(err.Error()) < 10 {
				t.Errorf("reason too short to help: %q", err)
			}
		})
	}
}

func TestProbeTruncatedMP4(t *testing.T) {
	r := requireFFmpeg(t)
	data, err := os.ReadFile(testMedia(t, "h264.mp4"))
	if err != nil {
		t.Fatal(err)
	}
	// ffmpeg writes the index (moov) last: cut it off.
	p := writeFile(t, "cut.mp4", data[:len(data)/2])
	_, err = r.Probe(context.Background(), p)
	var fe *Error
	if !errors.As(err, &fe) || !strings.Contains(fe.Stderr, "moov atom not found") {
		t.Fatalf("want ffprobe's moov error, got %v", err)
	}
}

func TestRunnerLimitWaitsForASlot(t *testing.T) {
	r := New(Config{MaxConcurrent: 1, FFprobe: "true"})
	release, err := r.acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := r.Probe(ctx, "x"); !errors.Is(err, context.Canceled) {
		t.Fatalf("a run beyond the limit should wait for a slot, then give up with its context: %v", err)
	}
	release()
}

func TestMissingFFmpegSaysSo(t *testing.T) {
	r := New(Config{FFmpeg: "/nonexistent/ffmpeg", FFprobe: "/nonexistent/ffprobe"})
	if err := r.Available(); !errors.Is(err, ErrNotInstalled) {
		t.Fatalf("Available: %v", err)
	}
	if _, err := r.Probe(context.Background(), "x"); !errors.Is(err, ErrNotInstalled) {
		t.Fatalf("Probe: %v", err)
	}
}

func TestTailBufferKeepsTheEnd(t *testing.T) {
	var b tailBuffer
	for range 3000 {
		b.Write([]byte("noise line\n"))
	}
	b.Write([]byte("the real error\n"))
	if len(b.b) > stderrLimit || !strings.HasSuffix(string(b.b), "the real error\n") {
		t.Fatalf("kept %d bytes ending %q", len(b.b), string(b.b[len(b.b)-20:]))
	}
	if got := reason(b.b, "/srv/x"); strings.Count(got, "\n") > 3 || !strings.HasSuffix(got, "the real error") {
		t.Fatalf("reason %q", got)
	}
}
