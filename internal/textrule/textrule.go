// Package textrule is the one rule every piece of user-written text obeys,
// whatever field it is in: valid UTF-8, no control characters but tab and
// line breaks, and not made only of invisible characters.
//
// Why: PostgreSQL refuses NUL in text (SQLite stores it), so the same input
// would be a 500 on one engine and stored on the other; control and
// bidirectional characters can hide or reorder what other people read; and
// replacing invalid UTF-8 silently would store something the client did not
// send.
package textrule

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

// Codes of the problems Check reports. Interfaces word them from the code
// and its parameters (the web's input.<code> messages).
const (
	// CodeInvalidUTF8: the text is not UTF-8. Params: Position (1-based byte).
	CodeInvalidUTF8 = "text.invalid_utf8"
	// CodeControl: a control character. Params: Char ("U+0000"), Position (1-based character).
	CodeControl = "text.control"
	// CodeInvisible: only whitespace, bidirectional controls and zero-width characters.
	CodeInvisible = "text.invisible"
)

// Lines says whether a field may hold line breaks.
type Lines bool

const (
	// SingleLine fields (names, titles) allow tab but no line breaks.
	SingleLine Lines = false
	// MultiLine fields (messages, synopses) also allow LF and CR.
	MultiLine Lines = true
)

// Problem is a broken rule: a stable code, its parameters, and an English message.
type Problem struct {
	Code    string
	Params  map[string]any
	Message string
}

// Check returns what is wrong with s, or nil. The empty string passes: whether
// a field is required is its validator's business.
func Check(s string, lines Lines) *Problem {
	visible := false
	pos := 0
	for i, r := range s {
		pos++
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size <= 1 {
				return &Problem{Code: CodeInvalidUTF8, Params: map[string]any{"Position": i + 1},
					Message: fmt.Sprintf("is not valid UTF-8 (byte %d)", i+1)}
			}
		}
		if !allowed(r, lines) {
			char := fmt.Sprintf("U+%04X", r)
			return &Problem{Code: CodeControl, Params: map[string]any{"Char": char, "Position": pos},
				Message: fmt.Sprintf("contains the control character %s at character %d; only tab%s is allowed", char, pos, breaksNote(lines))}
		}
		if !visible && !Invisible(r) {
			visible = true
		}
	}
	if s != "" && !visible {
		return &Problem{Code: CodeInvisible, Message: "has only spaces and invisible formatting characters"}
	}
	return nil
}

func breaksNote(lines Lines) string {
	if lines == MultiLine {
		return " and line breaks"
	}
	return ""
}

// allowed refuses C0 controls except tab (and line breaks in multi-line
// text), DEL and the C1 controls.
func allowed(r rune, lines Lines) bool {
	switch {
	case r == '\t':
		return true
	case r == '\n' || r == '\r', r == 0x2028 || r == 0x2029: // LF, CR, line and paragraph separators
		return bool(lines)
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return false
	}
	return true
}

// Invisible reports whether r shows nothing by itself: whitespace, a
// bidirectional control (LRM, RLM, ALM, embeddings, overrides, isolates) or a
// zero-width character.
func Invisible(r rune) bool {
	switch {
	case unicode.IsSpace(r):
		return true
	case r == 0x061C, r == 0x200E, r == 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		return true // bidirectional controls
	case r >= 0x200B && r <= 0x200D, r == 0x2060, r == 0xFEFF, r == 0x180E:
		return true // zero-width space, joiners, word joiner, BOM
	}
	return false
}

// Field checks the value of one field and adds a coded field error to errs
// when it breaks the rule; it reports whether the value passed.
func Field(errs *apperr.Fields, field, value string, lines Lines) bool {
	p := Check(value, lines)
	if p == nil {
		return true
	}
	*errs = append(*errs, apperr.FieldError{Field: field, Message: p.Message, Code: p.Code, Params: p.Params})
	return false
}
