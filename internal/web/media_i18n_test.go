package web

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/silkbridge/silkbridge/internal/media"
)

var mediaKeyRE = regexp.MustCompile(`"(media\.[a-z0-9_.]*[a-z0-9_])"`)

// TestMediaMessagesExist checks the media.* ids the panel's templates and
// code use, and those built from the asset and link vocabularies, against
// the English file (TestMessagesComplete extends that to every language).
func TestMediaMessagesExist(t *testing.T) {
	en := loadMessages(t)["en"]
	need := map[string]string{}
	data, err := fs.ReadFile(files, "templates/base/media.html")
	if err != nil {
		t.Fatal(err)
	}
	sources, _ := filepath.Glob("*media*.go")
	for _, m := range mediaKeyRE.FindAllStringSubmatch(string(data), -1) {
		need[m[1]] = "media.html"
	}
	for _, p := range sources {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		b, _ := os.ReadFile(p)
		for _, m := range mediaKeyRE.FindAllStringSubmatch(string(b), -1) {
			need[m[1]] = p
		}
	}
	if len(need) < 40 {
		t.Fatalf("found only %d media message ids; the scan is broken", len(need))
	}
	for _, k := range media.Kinds {
		need["media.kind."+string(k)] = "media.Kinds"
	}
	for _, s := range []media.Status{media.StatusUploading, media.StatusProcessing, media.StatusReady, media.StatusFailed} {
		need["media.status."+string(s)] = "media statuses"
	}
	for _, s := range []string{media.LinkActive, media.LinkExpired, media.LinkUsedUp, media.LinkRevoked} {
		need["media.links.status."+s] = "link statuses"
	}
	for _, f := range []string{"expires_in", "max_downloads"} {
		need["media.links.err."+f] = "link fields"
	}
	for id, where := range need {
		if strings.HasSuffix(id, ".") || strings.HasSuffix(id, ".js") || strings.HasSuffix(id, ".css") {
			continue // a prefix completed at run time, or a static file
		}
		if _, ok := en[id]; !ok {
			t.Errorf("message %q (used in %s) is not defined", id, where)
		}
	}
}

func TestMediaFormats(t *testing.T) {
	h, err := New(Deps{})
	if err != nil {
		t.Fatal(err)
	}
	loc := func(lang string) *Localizer {
		return newLocalizer(h.bundle, lang, func(id string) { t.Errorf("missing %s", id) })
	}
	for _, c := range []struct {
		lang string
		n    int64
		want string
	}{
		{"en", 999, "999 B"}, {"en", 1_234_567, "1.2 MB"}, {"ru", 1_234_567, "1,2 МБ"}, {"zh-Hans", 64_000_000_000, "64.0 GB"},
		{"ru", 999_960, "1,0 МБ"}, {"en", 3_000_000_000_000_000, "3,000.0 TB"},
	} {
		if got := loc(c.lang).Bytes(c.n); got != c.want {
			t.Errorf("%s %d bytes: %q, want %q", c.lang, c.n, got, c.want)
		}
	}
	if got := duration((2*time.Hour + 3*time.Minute + 4*time.Second).Seconds()); got != "2:03:04" {
		t.Errorf("duration %q", got)
	}
	if got := loc("ru").frameRate("30000/1001"); got != "29,97" {
		t.Errorf("frame rate %q", got)
	}
	for reason, key := range map[string]string{
		"no preview: ffmpeg not found":                "media.reason.nopreview",
		"ffprobe: Invalid data found when processing": "media.reason.unreadable",
		"ffmpeg: signal: killed (timed out after 6h)": "media.reason.timeout",
		"ffmpeg: Conversion failed!":                  "media.reason.failed",
	} {
		if got := reasonKey(&media.Asset{Reason: reason}); got != key {
			t.Errorf("%q → %s, want %s", reason, got, key)
		}
	}
}
