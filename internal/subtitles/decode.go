package subtitles

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
)

// Decode turns the bytes of a text subtitle file into UTF-8 and names the
// encoding it was in (WHATWG name). declared is the client's encoding=
// ("auto" or "" to detect); detection is guided by the track's language:
//
//   - a byte-order mark decides (UTF-8, UTF-16 LE/BE);
//   - valid UTF-8 is UTF-8;
//   - a file whose lines are partly UTF-8 text and partly not is refused
//     as mixed, naming the first line that is not UTF-8;
//   - Chinese: GB18030 (a superset of GBK) or Big5, whichever decodes
//     cleanly into common characters; Russian and other Cyrillic languages:
//     Windows-1251 or KOI8-R by letter frequency;
//   - anything else, or bytes that fit both candidates about equally, is
//     refused asking for encoding=.
//
// A byte sequence that does not decode is never replaced silently: the
// error names its line.
func Decode(raw []byte, declared, lang string) (string, string, error) {
	declared = strings.ToLower(strings.TrimSpace(declared))
	if declared == "" || declared == "auto" {
		return detect(raw, lang)
	}
	enc, name, err := lookupEncoding(declared)
	if err != nil {
		return "", "", err
	}
	if name == "utf-16le" || name == "utf-16be" {
		if bom, ok := bomEncoding(raw); ok && bom != name {
			return "", "", fieldError("encoding", CodeEncodingInvalid, map[string]any{"line": 1, "encoding": name},
				"the file starts with a %s byte-order mark, not %s", bom, name)
		}
	}
	text, err := decodeWith(raw, enc, name)
	return text, name, err
}

// lookupEncoding resolves a WHATWG label ("gbk", "cp1251", "utf-8"); GBK is
// read as GB18030, which contains it.
func lookupEncoding(label string) (encoding.Encoding, string, error) {
	switch label {
	case "utf-16le", "utf-16", "utf16le":
		return unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), "utf-16le", nil
	case "utf-16be", "utf16be":
		return unicode.UTF16(unicode.BigEndian, unicode.UseBOM), "utf-16be", nil
	}
	enc, err := htmlindex.Get(label)
	if err != nil {
		return nil, "", fieldError("encoding", CodeEncodingUnknown, map[string]any{"encoding": label},
			"unknown encoding %q; use a WHATWG name such as utf-8, utf-16le, gb18030, big5, windows-1251 or koi8-r", label)
	}
	name, _ := htmlindex.Name(enc)
	if name == "gbk" {
		return mustEncoding("gb18030"), "gb18030", nil
	}
	if name == "replacement" || name == "x-user-defined" {
		return nil, "", fieldError("encoding", CodeEncodingUnknown, map[string]any{"encoding": label}, "encoding %q cannot read text", label)
	}
	return enc, name, nil
}

func mustEncoding(name string) encoding.Encoding {
	e, err := htmlindex.Get(name)
	if err != nil {
		panic(err)
	}
	return e
}

func bomEncoding(raw []byte) (string, bool) {
	switch {
	case bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}):
		return "utf-8", true
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE}):
		return "utf-16le", true
	case bytes.HasPrefix(raw, []byte{0xFE, 0xFF}):
		return "utf-16be", true
	}
	return "", false
}

func detect(raw []byte, lang string) (string, string, error) {
	if name, ok := bomEncoding(raw); ok {
		enc, _, _ := lookupEncoding(name)
		text, err := decodeWith(raw, enc, name)
		return text, name, err
	}
	if utf8.Valid(raw) {
		return string(raw), "utf-8", nil
	}
	if err := checkMixed(raw); err != nil {
		return "", "", err
	}
	var candidates []string
	var score func(string) float64
	switch base := baseLanguage(lang); {
	case base == "zh" || base == "yue":
		candidates, score = []string{"gb18030", "big5"}, chineseScore
	case cyrillicLanguages[base]:
		candidates, score = []string{"windows-1251", "koi8-r"}, russianScore
	default:
		return "", "", fieldError("encoding", CodeEncodingAmbiguous, map[string]any{"candidates": []string{}},
			"the file is not UTF-8 and its encoding cannot be told for language %q; send encoding= (for example windows-1252)", lang)
	}
	type result struct {
		name  string
		text  string
		err   error
		score float64
	}
	var results []result
	for _, name := range candidates {
		text, err := decodeWith(raw, mustEncoding(name), name)
		r := result{name: name, text: text, err: err}
		if err == nil {
			r.score = score(text)
		}
		results = append(results, r)
	}
	a, b := results[0], results[1]
	switch {
	case a.err == nil && b.err != nil && a.score > 0:
		return a.text, a.name, nil
	case b.err == nil && a.err != nil && b.score > 0:
		return b.text, b.name, nil
	case a.err == nil && b.err == nil:
		if a.score >= b.score+ambiguityMargin {
			return a.text, a.name, nil
		}
		if b.score >= a.score+ambiguityMargin {
			return b.text, b.name, nil
		}
	case a.err != nil && b.err != nil:
		// Neither fits: report the first candidate's bad line, so the
		// user sees where the file breaks.
		return "", "", a.err
	}
	return "", "", fieldError("encoding", CodeEncodingAmbiguous, map[string]any{"candidates": candidates},
		"the file's encoding is ambiguous (%s); send encoding= with the right one", strings.Join(candidates, " or "))
}

// ambiguityMargin is how much more of the text must look like the language
// in one decoding than in the other (scores are fractions of letters).
const ambiguityMargin = 0.15

var cyrillicLanguages = map[string]bool{"ru": true, "uk": true, "be": true, "bg": true, "sr": true, "mk": true, "kk": true, "ky": true, "tg": true, "mn": true}

func baseLanguage(tag string) string {
	base, _, _ := strings.Cut(strings.ToLower(tag), "-")
	return base
}

// checkMixed refuses a file in which some lines are UTF-8 text (with
// non-ASCII characters) and others are not UTF-8: a file put together from
// two sources, which no single encoding reads.
func checkMixed(raw []byte) error {
	utf8Line, badLine := 0, 0
	for i, line := range bytes.Split(raw, []byte("\n")) {
		n := i + 1
		if utf8.Valid(line) {
			if utf8Line == 0 && utf8.RuneCount(line) <= len(line)-4 { // at least two multi-byte characters
				utf8Line = n
			}
		} else if badLine == 0 {
			badLine = n
		}
		if utf8Line != 0 && badLine != 0 {
			return fileError(CodeEncodingMixed, map[string]any{"line": badLine, "utf8_line": utf8Line},
				"line %d is not UTF-8 while line %d is: the file mixes encodings; save it in one encoding", badLine, utf8Line)
		}
	}
	return nil
}

// decodeWith decodes raw, refusing any byte sequence the encoding cannot
// read (the decoder would put U+FFFD there), naming its line.
func decodeWith(raw []byte, enc encoding.Encoding, name string) (string, error) {
	out, err := enc.NewDecoder().Bytes(raw)
	if err != nil {
		return "", fileError(CodeEncodingInvalid, map[string]any{"line": 1, "encoding": name}, "the file cannot be read as %s", name)
	}
	text := string(out)
	if name == "utf-8" {
		for i, line := range bytes.Split(raw, []byte("\n")) {
			if !utf8.Valid(line) {
				return "", fileError(CodeEncodingInvalid, map[string]any{"line": i + 1, "encoding": name},
					"line %d: a byte sequence cannot be decoded as %s", i+1, name)
			}
		}
		return strings.TrimPrefix(text, "\uFEFF"), nil
	}
	// A legacy file cannot carry U+FFFD itself: where the decoder put one,
	// a byte sequence did not decode.
	if i := strings.IndexRune(text, utf8.RuneError); i >= 0 {
		line := 1 + strings.Count(text[:i], "\n")
		return "", fileError(CodeEncodingInvalid, map[string]any{"line": line, "encoding": name},
			"line %d: a byte sequence cannot be decoded as %s", line, name)
	}
	return strings.TrimPrefix(text, "\uFEFF"), nil
}
