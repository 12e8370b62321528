package subtitles

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"regexp"
	"strings"

	"github.com/asticode/go-astisub"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

// TTML, EBU-TT-D and EBU STL are read by astisub (XML with styles, regions
// and frame/tick timing; a binary block format). It is third-party code
// fed hostile input: every call is wrapped so that a panic inside becomes
// a 422 about the file, and sizes are bounded before it runs.

// safely runs fn, turning a panic into an error about the file.
func safely(format Format, fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fileError(CodeUnreadable, map[string]any{"format": string(format)}, "the %s file cannot be read (the parser failed on it)", format)
		}
	}()
	return fn()
}

var xmlEncodingDecl = regexp.MustCompile(`^(\s*<\?xml[^>]*?)\s+encoding\s*=\s*["'][^"']*["']`)

// parseTTML reads TTML, IMSC 1.1 Text and EBU-TT-D (already UTF-8).
func parseTTML(text string, format Format) ([]Cue, error) {
	if n := strings.Count(text, "<p") + strings.Count(text, ":p"); n > MaxCues*2 {
		return nil, fileError(CodeTooManyCues, map[string]any{"limit": MaxCues}, "more than %d cues", MaxCues)
	}
	// The text was decoded already; an encoding declaration would make the
	// XML decoder look for a converter it does not have.
	text = xmlEncodingDecl.ReplaceAllString(text, "$1")
	var subs *astisub.Subtitles
	err := safely(format, func() error {
		var err error
		subs, err = astisub.ReadFromTTML(strings.NewReader(text))
		return err
	})
	if err != nil {
		return nil, unreadable(format, err)
	}
	return fromAstisub(subs, format)
}

// unreadable wraps a library error, keeping its message (it names the XML
// line or the missing style) without the library's prefix.
func unreadable(format Format, err error) error {
	var ae *apperr.Error
	if errors.As(err, &ae) {
		return err
	}
	msg := strings.TrimPrefix(err.Error(), "astisub: ")
	return fileError(CodeUnreadable, map[string]any{"format": string(format), "detail": msg}, "the %s file cannot be read: %s", format, msg)
}

// STL character code tables (GSI bytes 12–13): only "00", Latin, is read.
var stlTables = map[string]string{"00": "Latin", "01": "Latin/Cyrillic", "02": "Latin/Arabic", "03": "Latin/Greek", "04": "Latin/Hebrew"}

// isSTL reports whether raw starts with an EBU STL GSI block.
func isSTL(raw []byte) bool {
	return len(raw) >= 1024 && bytes.HasPrefix(raw[3:], []byte("STL")) && bytes.Equal(raw[8:11], []byte(".01"))
}

// parseSTL reads EBU STL with the Latin character code table.
func parseSTL(raw []byte) ([]Cue, error) {
	if !isSTL(raw) {
		return nil, fileError(CodeUnreadable, map[string]any{"format": "stl"}, "not an EBU STL file (no GSI block)")
	}
	if cct := string(raw[12:14]); cct != "00" {
		name := stlTables[cct]
		if name == "" {
			name = fmt.Sprintf("%q", cct)
		}
		return nil, fileError(CodeSTLCodePage, map[string]any{"table": cct, "name": name},
			"this STL file uses the %s character code table; only Latin STL is read (save Cyrillic or Chinese subtitles as SRT, WebVTT or TTML)", name)
	}
	if blocks := (len(raw) - 1024) / 128; blocks > MaxCues {
		return nil, fileError(CodeTooManyCues, map[string]any{"limit": MaxCues}, "more than %d cues", MaxCues)
	}
	var subs *astisub.Subtitles
	err := safely(FormatSTL, func() error {
		var err error
		subs, err = astisub.ReadFromSTL(bytes.NewReader(raw), astisub.STLOptions{IgnoreTimecodeStartOfProgramme: false})
		return err
	})
	if err != nil {
		return nil, unreadable(FormatSTL, err)
	}
	return fromAstisub(subs, FormatSTL)
}

// fromAstisub turns astisub items into cues; italic runs become <i>…</i>.
func fromAstisub(s *astisub.Subtitles, format Format) ([]Cue, error) {
	if len(s.Items) > MaxCues {
		return nil, fileError(CodeTooManyCues, map[string]any{"limit": MaxCues}, "more than %d cues", MaxCues)
	}
	cues := make([]Cue, 0, len(s.Items))
	for i, it := range s.Items {
		n := i + 1
		if it.StartAt < 0 || it.EndAt < 0 || it.StartAt >= MaxTime || it.EndAt >= MaxTime {
			return nil, fileError(CodeTimecodeRange, map[string]any{"cue": n}, "cue %d: its time is outside 0–24 hours", n)
		}
		if it.EndAt < it.StartAt {
			return nil, fileError(CodeTimecode, map[string]any{"cue": n}, "cue %d ends before it starts", n)
		}
		c := Cue{Index: n, Start: it.StartAt, End: it.EndAt, Lines: []string{}}
		for _, l := range it.Lines {
			var b strings.Builder
			for _, li := range l.Items {
				t := strings.ReplaceAll(li.Text, "\n", " ")
				if italic(li.InlineStyle) && strings.TrimSpace(t) != "" {
					t = "<i>" + t + "</i>"
				}
				b.WriteString(t)
			}
			c.Lines = append(c.Lines, strings.TrimSpace(b.String()))
		}
		cues = append(cues, c)
	}
	return cues, nil
}

func italic(sa *astisub.StyleAttributes) bool {
	if sa == nil {
		return false
	}
	if sa.STLItalics != nil && *sa.STLItalics {
		return true
	}
	return sa.TTMLFontStyle != nil && *sa.TTMLFontStyle == "italic"
}

// WriteTTML renders cues as TTML (UTF-8) through astisub; styling tags are
// dropped, the text kept.
func WriteTTML(cues []Cue, lang string) ([]byte, error) {
	s := astisub.NewSubtitles()
	for _, c := range cues {
		it := &astisub.Item{StartAt: c.Start, EndAt: c.End}
		for _, l := range c.Lines {
			it.Lines = append(it.Lines, astisub.Line{Items: []astisub.LineItem{{Text: StripTags(l)}}})
		}
		s.Items = append(s.Items, it)
	}
	var buf bytes.Buffer
	if err := safely(FormatTTML, func() error { return s.WriteToTTML(&buf) }); err != nil {
		return nil, err
	}
	out := buf.Bytes()
	// astisub names only a few languages; the track's own tag is written
	// on the root element instead.
	if lang != "" && !bytes.Contains(out, []byte("xml:lang")) {
		out = bytes.Replace(out, []byte("<tt "), []byte(`<tt xml:lang="`+html.EscapeString(lang)+`" `), 1)
	}
	return out, nil
}
