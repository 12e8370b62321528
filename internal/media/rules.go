package media

import (
	"bytes"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/langtag"
)

// MaxFilenameBytes bounds a file name; most file systems allow 255 bytes.
const MaxFilenameBytes = 255

// ValidateFilename checks an original file name. It is kept exactly as sent
// (any script), so it must not be able to act as a path anywhere it is used
// later: no separators, no "." or ".." parts, no control characters.
func ValidateFilename(name string) error {
	bad := func(format string, args ...any) error {
		f := apperr.Fields{}
		f.Add("filename", format, args...)
		return f.Err()
	}
	switch {
	case name == "":
		return bad("a file name is required")
	case len(name) > MaxFilenameBytes:
		return bad("the file name is %d bytes long; at most %d are allowed", len(name), MaxFilenameBytes)
	case !utf8.ValidString(name):
		return bad("the file name is not valid UTF-8")
	case strings.ContainsAny(name, `/\`):
		return bad("the file name may not contain / or \\")
	case name == "." || name == "..":
		return bad("the file name may not be . or ..")
	case strings.TrimSpace(name) == "":
		return bad("the file name may not be blank")
	}
	for _, r := range name {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || r == utf8.RuneError {
			return bad("the file name may not contain control characters")
		}
	}
	return nil
}

// ParseKind validates an asset kind.
func ParseKind(s string) (Kind, error) {
	for _, k := range Kinds {
		if string(k) == s {
			return k, nil
		}
	}
	f := apperr.Fields{}
	f.Add("kind", "kind must be one of mezzanine, proxy, trailer, poster, still, audio, document, press_kit, subtitle, not %q", s)
	return "", f.Err()
}

// CanonLanguage returns the canonical BCP-47 form of an optional language.
func CanonLanguage(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	c, err := langtag.Canonical(s)
	if err != nil {
		f := apperr.Fields{}
		f.Add("language", "%q is not a BCP-47 language tag", s)
		return "", f.Err()
	}
	return c, nil
}

// SniffLen is how many leading bytes Sniff looks at.
const SniffLen = 512

// mxfKey is the start of every MXF partition pack key (SMPTE 377M).
var mxfKey = []byte{0x06, 0x0e, 0x2b, 0x34, 0x02, 0x05, 0x01, 0x01, 0x0d, 0x01, 0x02, 0x01, 0x01}

// Sniff names the content type of a file from its first bytes. The client's
// Content-Type is never used: a mezzanine is what its bytes say it is.
// Containers http.DetectContentType does not know (QuickTime, ISO BMFF brands,
// MXF) are recognised by their signatures first.
func Sniff(head []byte) string {
	if len(head) > SniffLen {
		head = head[:SniffLen]
	}
	switch {
	case len(head) >= 12 && bytes.Equal(head[4:8], []byte("ftyp")):
		brand := string(head[8:12])
		switch {
		case brand == "qt  ":
			return "video/quicktime"
		case strings.HasPrefix(brand, "M4A"):
			return "audio/mp4"
		case strings.HasPrefix(brand, "heic"), strings.HasPrefix(brand, "heix"), strings.HasPrefix(brand, "mif1"):
			return "image/heic"
		case strings.HasPrefix(brand, "avif"):
			return "image/avif"
		}
		return "video/mp4"
	case len(head) >= 8 && (bytes.Equal(head[4:8], []byte("moov")) || bytes.Equal(head[4:8], []byte("wide")) ||
		bytes.Equal(head[4:8], []byte("mdat")) || bytes.Equal(head[4:8], []byte("free"))):
		return "video/quicktime" // QuickTime files written before ftyp existed
	case bytes.HasPrefix(head, mxfKey):
		return "application/mxf"
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return "application/pdf"
	case bytes.HasPrefix(head, []byte("WEBVTT")), bytes.HasPrefix(head, []byte("\xef\xbb\xbfWEBVTT")):
		return "text/vtt"
	}
	return http.DetectContentType(head)
}
