package media

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

func TestValidateFilename(t *testing.T) {
	for _, ok := range []string{"唐探1900 母版.mov", "Детектив Чайнатаун.mxf", "a.b.c", "..hidden", "name..mov", "trailer (final).mp4", strings.Repeat("片", 85)} {
		if err := ValidateFilename(ok); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
	for _, bad := range []string{"", " ", ".", "..", "../x", "a/b", `a\b`, "a\x00b", "a\nb", "a\tb", "a\x7fb", "a\u2028b", "\xff\xfe",
		strings.Repeat("片", 86)} {
		err := ValidateFilename(bad)
		if !apperr.Is(err, apperr.Invalid) {
			t.Errorf("%q accepted (%v)", bad, err)
		}
	}
}

func TestSniff(t *testing.T) {
	for head, want := range map[string]string{
		"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00":                         "video/quicktime",
		"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00":                         "video/mp4",
		"\x00\x00\x00\x18ftypM4A \x00\x00\x02\x00":                         "audio/mp4",
		"\x00\x00\x00\x08wide\x00\x00\x00\x00mdat":                         "video/quicktime",
		"\x06\x0e\x2b\x34\x02\x05\x01\x01\x0d\x01\x02\x01\x01\x02\x04\x00": "application/mxf",
		"%PDF-1.7\n":                "application/pdf",
		"\x89PNG\r\n\x1a\n\x00\x00": "image/png",
		"\xff\xd8\xff\xe0":          "image/jpeg",
		"WEBVTT\n\n00:00.000":       "text/vtt",
		"":                          "text/plain; charset=utf-8",
		"\x00\x01\x02\x03\x04":      "application/octet-stream",
	} {
		if got := Sniff([]byte(head)); got != want {
			t.Errorf("Sniff(%q) = %s, want %s", head, got, want)
		}
	}
}

// FuzzValidateFilename: no input panics, and every accepted name is valid
// UTF-8 within the byte limit with no separator, control character or
// dot-only path part.
func FuzzValidateFilename(f *testing.F) {
	for _, s := range []string{"唐探1900 母版.mov", "../x", "a\x00b", "..", "Детектив.mxf", "a\\b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if ValidateFilename(s) != nil {
			return
		}
		if !utf8.ValidString(s) || len(s) > MaxFilenameBytes || strings.ContainsAny(s, "/\\\x00\n\r") || s == "." || s == ".." {
			t.Fatalf("accepted %q", s)
		}
	})
}

// FuzzSniff: any bytes give a non-empty content type without panicking.
func FuzzSniff(f *testing.F) {
	f.Add([]byte("\x00\x00\x00\x14ftypqt  "))
	f.Add([]byte("%PDF-"))
	f.Add([]byte("\x06\x0e\x2b\x34"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		if Sniff(b) == "" {
			t.Fatal("empty content type")
		}
	})
}
