package search

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// TestRuneFoldingShortcutsAreExact compares, for every rune, foldRune,
// normRune and writeNormRune with their definitions: the normalizer run on
// the rune alone. The shortcuts skip it for runes without a decomposition.
func TestRuneFoldingShortcutsAreExact(t *testing.T) {
	fails := 0
	var b strings.Builder
	for r := rune(0); r <= unicode.MaxRune && fails < 10; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		if r < 0x300 && unicode.Is(unicode.Mn, r) {
			t.Errorf("%U is a mark: Tokenize's test for marks starts at U+0300", r)
			fails++
		}
		if got, want := foldRune(r), foldRuneByDefinition(r); got != want {
			t.Errorf("foldRune(%U) = %U, want %U", r, got, want)
			fails++
		}
		want := normRuneByDefinition(r)
		if got := normRune(r); got != want {
			t.Errorf("normRune(%U) = %q, want %q", r, got, want)
			fails++
		}
		b.Reset()
		writeNormRune(&b, r, false)
		if got := b.String(); got != want {
			t.Errorf("writeNormRune(%U, not plain) wrote %q, want %q", r, got, want)
			fails++
		}
		// As Tokenize calls it: on the folded rune, plain as fold says.
		f, plain := fold(r)
		b.Reset()
		writeNormRune(&b, f, plain)
		if got, want := b.String(), normRuneByDefinition(f); got != want {
			t.Errorf("writeNormRune(%U) for %U wrote %q, want %q", f, r, got, want)
			fails++
		}
	}
}

func foldRuneByDefinition(r rune) rune {
	s := norm.NFKC.String(string(r))
	if utf8.RuneCountInString(s) == 1 {
		nr, _ := utf8.DecodeRuneInString(s)
		return nr
	}
	return r
}

func normRuneByDefinition(r rune) string {
	if r < 0x80 {
		return string(unicode.ToLower(r))
	}
	s := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Mn, r) {
			return r
		}
		return -1
	}, strings.ToLower(norm.NFKC.String(string(r))))
	switch s {
	case "ß":
		return "ss"
	case "ς":
		return "σ"
	}
	return s
}

// TestSimplifyRunRemembersConversions tokenizes the same runs again, as
// ranking does on every query, and checks the remembered conversion gives
// the same tokens as the first, for a run already Simplified too.
func TestSimplifyRunRemembersConversions(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"紅絲綢之路", "红丝绸之路"},
		{"红丝绸之路", "红丝绸之路"},
		{"電影 臺灣", "电影台湾"},
	} {
		for range 3 {
			var got strings.Builder
			for _, tok := range Tokenize(c.text) {
				got.WriteString(tok.Text)
			}
			if got.String() != c.want {
				t.Fatalf("Tokenize(%q) = %q, want %q", c.text, got.String(), c.want)
			}
		}
	}
}
