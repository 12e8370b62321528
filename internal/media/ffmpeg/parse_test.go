package ffmpeg

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestParseProbeFixtures(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "interlaced_mxf.json"))
	if err != nil {
		t.Fatal(err)
	}
	tech, err := ParseProbe(data)
	if err != nil {
		t.Fatal(err)
	}
	if tech.Container != "mxf" || tech.DurationS != 5400.04 || tech.BitRate != 52000000 {
		t.Errorf("format: %+v", tech)
	}
	if len(tech.Video) != 1 {
		t.Fatalf("cover art counted as video: %+v", tech.Video)
	}
	if v := tech.Video[0]; v.ScanType != "bff" || v.FrameRate != "30000/1001" || v.Level != 41 || v.Index != 1 {
		t.Errorf("video: %+v", v)
	}
	want := []string{"zh", "ru", "", ""}
	for i, a := range tech.Audio {
		if a.Language != want[i] {
			t.Errorf("audio %d language %q, want %q", i, a.Language, want[i])
		}
	}
	if len(tech.Subtitles) != 1 || tech.Subtitles[0].Language != "en" {
		t.Errorf("subtitles: %+v", tech.Subtitles)
	}
}

func TestParseProbeRefuses(t *testing.T) {
	for name, in := range map[string]string{
		"junk":      "not json",
		"no format": `{"streams":[]}`,
		"hls":       `{"format":{"format_name":"hls"},"streams":[{"codec_type":"video","codec_name":"h264"}]}`,
		"concat":    `{"format":{"format_name":"concat"},"streams":[{"codec_type":"video","codec_name":"h264"}]}`,
		"no media":  `{"format":{"format_name":"mov,mp4,m4a,3gp,3g2,mj2"},"streams":[{"codec_type":"data"}]}`,
	} {
		if _, err := ParseProbe([]byte(in)); !errors.Is(err, ErrNotMedia) {
			t.Errorf("%s: want ErrNotMedia, got %v", name, err)
		}
	}
}

func TestScanTypeFollowsDisplayOrder(t *testing.T) {
	for in, want := range map[string]string{"progressive": "progressive", "tt": "tff", "bt": "tff", "bb": "bff", "tb": "bff", "unknown": ""} {
		if got := scanType(in); got != want {
			t.Errorf("%s → %q, want %q", in, got, want)
		}
	}
}

func TestLanguageTag(t *testing.T) {
	for in, want := range map[string]string{
		"zho": "zh", "chi": "zh", "rus": "ru", "eng": "en", "fre": "fr", "ger": "de", "yue": "yue",
		"und": "", "mul": "", "zxx": "", "qaa": "", "": "", "xx": "", "zh-Hans": "zh-Hans", "a very long junk tag value here!": "",
	} {
		if got := LanguageTag(in); got != want {
			t.Errorf("LanguageTag(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLanguageNameInItsOwnLanguage(t *testing.T) {
	for in, want := range map[string]string{"ru": "Русский", "zh": "中文", "en": "English", "fr": "Français", "": ""} {
		if got := LanguageName(in); got != want {
			t.Errorf("LanguageName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHEVCCodecString(t *testing.T) {
	// Main profile, level 4.0 (120), compatibility flags 0x60000000,
	// progressive-source constraint flag: the textbook "hvc1.1.6.L120.90".
	rec := []byte{1, 0x01, 0x60, 0, 0, 0, 0x90, 0, 0, 0, 0, 0, 120}
	if got := hevcCodec(rec); got != "hvc1.1.6.L120.90" {
		t.Fatalf("got %s", got)
	}
}
