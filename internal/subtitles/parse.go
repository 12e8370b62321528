package subtitles

import (
	"strings"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

// ParseOptions say how to read a file: format and encoding ("auto" or ""
// to detect) and the track's language, which guides encoding detection.
type ParseOptions struct {
	Format   string
	Encoding string
	Language string
}

// Parsed is a file read into cues.
type Parsed struct {
	Format   Format
	Encoding string
	Cues     []Cue
}

// Parse reads a subtitle file. It never panics on any input and answers
// every unreadable file with an Invalid error naming the line (or cue)
// and a code from errors.go; a file over MaxFileSize is CodeTooLarge.
func Parse(raw []byte, o ParseOptions) (*Parsed, error) {
	if len(raw) > MaxFileSize {
		return nil, apperr.New(CodeTooLarge, "the file is %d bytes; the largest subtitle file accepted is %d bytes", len(raw), MaxFileSize)
	}
	format := Format(strings.ToLower(strings.TrimSpace(o.Format)))
	switch format {
	case "", "auto":
		format = ""
	case "webvtt":
		format = FormatVTT
	case "dfxp", "imsc", "xml":
		format = FormatTTML
	case FormatSRT, FormatVTT, FormatTTML, FormatEBUTTD, FormatSTL:
	default:
		return nil, fieldError("format", CodeFormatUnknown, map[string]any{"format": o.Format},
			"unknown format %q; use auto, srt, vtt, ttml, ebu-tt-d or stl", o.Format)
	}
	if format == FormatSTL || format == "" && isSTL(raw) {
		cues, err := parseSTL(raw)
		if err != nil {
			return nil, err
		}
		return finish(&Parsed{Format: FormatSTL, Encoding: "iso-6937", Cues: cues})
	}
	text, enc, err := Decode(raw, o.Encoding, o.Language)
	if err != nil {
		return nil, err
	}
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	if err := checkBinary(text); err != nil {
		return nil, err
	}
	if format == "" {
		format = sniffFormat(text)
		if format == "" {
			return nil, fileError(CodeFormatUnknown, nil, "the file is not SRT, WebVTT, TTML, EBU-TT-D or EBU STL")
		}
	}
	var cues []Cue
	switch format {
	case FormatSRT:
		cues, err = parseSRT(text)
	case FormatVTT:
		cues, err = parseVTT(text)
	default:
		cues, err = parseTTML(text, format)
	}
	if err != nil {
		return nil, err
	}
	return finish(&Parsed{Format: format, Encoding: enc, Cues: cues})
}

func finish(p *Parsed) (*Parsed, error) {
	if len(p.Cues) == 0 {
		return nil, fileError(CodeNoCues, nil, "the file holds no cues")
	}
	return p, nil
}

// checkBinary refuses text with control characters other than tab and
// line breaks: a binary file, or one read in the wrong encoding.
func checkBinary(text string) error {
	line := 1
	for _, r := range text {
		switch {
		case r == '\n':
			line++
		case r == '\t' || r == '\f':
		case r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0:
			return lineError(CodeBinary, line, "the line holds binary data (control character U+%04X); this is not a subtitle text file", r)
		}
	}
	return nil
}

// sniffFormat tells a text subtitle format from its first bytes.
func sniffFormat(text string) Format {
	head := strings.TrimSpace(text)
	switch {
	case strings.HasPrefix(head, "WEBVTT"):
		return FormatVTT
	case strings.HasPrefix(head, "<"):
		lower := strings.ToLower(head[:min(len(head), 4096)])
		if !strings.Contains(lower, "<tt") && !strings.Contains(lower, ":tt") {
			return ""
		}
		if strings.Contains(lower, "ebuttd") || strings.Contains(lower, "urn:ebu:tt") {
			return FormatEBUTTD
		}
		return FormatTTML
	case strings.Contains(head, "-->"):
		return FormatSRT
	}
	return ""
}
