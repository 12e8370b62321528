package subtitles

import (
	"fmt"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

// Error codes (FieldError.Code) for files that cannot be read; the web and
// other clients word them from the code and its params (line, encoding…).
const (
	CodeBinary            = "subtitles.binary"             // line
	CodeEncodingAmbiguous = "subtitles.encoding_ambiguous" // candidates
	CodeEncodingInvalid   = "subtitles.encoding_invalid"   // line, encoding
	CodeEncodingMixed     = "subtitles.encoding_mixed"     // line, utf8_line
	CodeEncodingUnknown   = "subtitles.encoding_unknown"   // encoding
	CodeFormatUnknown     = "subtitles.format_unknown"
	CodeSyntax            = "subtitles.syntax"         // line
	CodeTimecode          = "subtitles.timecode"       // line
	CodeTimecodeRange     = "subtitles.timecode_range" // line or cue
	CodeTooManyCues       = "subtitles.too_many_cues"  // limit
	CodeNoCues            = "subtitles.no_cues"        //
	CodeSTLCodePage       = "subtitles.stl_code_page"  // table
	CodeUnreadable        = "subtitles.unreadable"     // format
	CodeLanguage          = "subtitles.language"       // language
	CodeUsage             = "subtitles.usage"          //
	CodeCueInvalid        = "subtitles.cue_invalid"    // cue
)

// CodeTooLarge is the apperr code of a file over MaxFileSize (413).
const CodeTooLarge apperr.Code = "too_large"

// Limits on one file, checked before parsing so no input makes the parser
// work without bound.
const (
	// MaxFileSize is the largest subtitle file accepted (a feature film's
	// SRT is about 100 KiB; UTF-16 doubles it).
	MaxFileSize = 10 << 20
	// MaxCues is the most cues a track may have (a three-hour film has
	// about 3,000).
	MaxCues = 20000
)

// fileError is an Invalid error about the uploaded file, in field "file".
func fileError(code string, params map[string]any, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: []apperr.FieldError{{
		Field: "file", Message: msg, Code: code, Params: params,
	}}}
}

// lineError names the line of the file that is wrong.
func lineError(code string, line int, format string, args ...any) error {
	return fileError(code, map[string]any{"line": line}, "line %d: %s", line, fmt.Sprintf(format, args...))
}

// fieldError is an Invalid error about one request parameter.
func fieldError(field, code string, params map[string]any, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: []apperr.FieldError{{
		Field: field, Message: msg, Code: code, Params: params,
	}}}
}
