package textrule

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

func TestCheck(t *testing.T) {
	cases := []struct {
		in    string
		lines Lines
		code  string // "" passes
	}{
		{"", SingleLine, ""},
		{"Silk Road", SingleLine, ""},
		{"丝绸之路 — Шёлковый путь", SingleLine, ""},
		{"a\tb", SingleLine, ""},
		{"\u202bשלום\u202c", SingleLine, ""}, // an embedding around visible text is legitimate
		{"\uFFFD replacement char typed on purpose", SingleLine, ""},
		{"line one\nline two\r\n", MultiLine, ""},
		{"a\x00b", SingleLine, CodeControl},
		{"a\x00b", MultiLine, CodeControl},
		{"a\nb", SingleLine, CodeControl},
		{"a\rb", SingleLine, CodeControl},
		{"a\u2028b", SingleLine, CodeControl},
		{"a\u2029b", MultiLine, ""},
		{"bell\x07", MultiLine, CodeControl},
		{"esc\x1b[31m", MultiLine, CodeControl},
		{"del\x7f", SingleLine, CodeControl},
		{"c1\u0085", MultiLine, CodeControl},
		{"c1\u009b", SingleLine, CodeControl},
		{"bad\xffutf8", SingleLine, CodeInvalidUTF8},
		{"\xc3", MultiLine, CodeInvalidUTF8},
		{"\xed\xa0\x80", SingleLine, CodeInvalidUTF8}, // an encoded surrogate
		{"\u202e", SingleLine, CodeInvisible},
		{"\u200e\u200f \u2066\u2069", SingleLine, CodeInvisible},
		{"\u200b\ufeff", SingleLine, CodeInvisible},
		{"   ", SingleLine, CodeInvisible},
		{"\n\n", MultiLine, CodeInvisible},
	}
	for _, c := range cases {
		p := Check(c.in, c.lines)
		got := ""
		if p != nil {
			got = p.Code
		}
		if got != c.code {
			t.Errorf("Check(%q, %v) = %q, want %q", c.in, c.lines, got, c.code)
		}
	}
}

func TestControlProblemNamesCharAndPosition(t *testing.T) {
	p := Check("ab\x00", SingleLine)
	if p == nil || p.Params["Char"] != "U+0000" || p.Params["Position"] != 3 {
		t.Fatalf("problem = %+v", p)
	}
	p = Check("\xffab", SingleLine)
	if p == nil || p.Params["Position"] != 1 {
		t.Fatalf("problem = %+v", p)
	}
}

func TestFieldAddsCodedError(t *testing.T) {
	var errs apperr.Fields
	if Field(&errs, "name", "ok", SingleLine) != true || len(errs) != 0 {
		t.Fatal("a clean value was refused")
	}
	if Field(&errs, "name", "x\x00", SingleLine) {
		t.Fatal("NUL passed")
	}
	if len(errs) != 1 || errs[0].Field != "name" || errs[0].Code != CodeControl || errs[0].Message == "" {
		t.Fatalf("errs = %+v", errs)
	}
}

// FuzzCheck: Check never panics, and what it accepts is valid UTF-8 without
// forbidden controls and with something visible.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{"", "Silk", "a\x00b", "\u202e", "\xff", "a\r\nb", "\u0085", "丝绸\t之路"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, multi bool) {
		p := Check(s, Lines(multi))
		if p != nil {
			if p.Code == "" || p.Message == "" {
				t.Fatalf("problem without code or message: %+v", p)
			}
			return
		}
		if !utf8.ValidString(s) {
			t.Fatalf("accepted invalid UTF-8 %q", s)
		}
		for _, r := range s {
			if r != '\t' && r != '\n' && r != '\r' && (r < 0x20 || r >= 0x7f && r <= 0x9f) {
				t.Fatalf("accepted control %U in %q", r, s)
			}
			if !multi && (r == '\n' || r == '\r' || r == 0x2028 || r == 0x2029) {
				t.Fatalf("accepted a line break in single-line %q", s)
			}
		}
		if s != "" && strings.TrimFunc(s, Invisible) == "" {
			t.Fatalf("accepted invisible-only %q", s)
		}
	})
}
