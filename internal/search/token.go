package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Kind is the script class of a token; it decides which keys a token gets.
type Kind uint8

// Token kinds.
const (
	KindLatin    Kind = iota + 1 // letters of Latin and other alphabets without special handling
	KindCyrillic                 // Cyrillic words: stemmed as Russian and romanized
	KindNumber                   // runs of digits
	KindHan                      // one Chinese character (Simplified), with pinyin
	KindCJK                      // one kana or hangul character
)

// maxTokenRunes caps a word's length so a pathological input cannot make
// giant keys; titles have no such words.
const maxTokenRunes = 48

// Token is one word, number or CJK character of a text.
type Token struct {
	Start, End int    // byte span in the original text, for highlighting
	Kind       Kind   //
	Text       string // normalized: NFKC, folded, ё→е, Latin diacritics removed, Han simplified
	Orig       string // Cyrillic only: folded but with ё kept, for romanization
	Run        int    // CJK characters: index of the run of adjacent CJK characters; else -1
}

// Tokenize splits text into normalized tokens. CJK text yields one token per
// character; runs of adjacent characters share Run.
func Tokenize(text string) []Token {
	out := make([]Token, 0, len(text)/4+1) // about one token per word or CJK character
	run := -1
	prevCJK := false
	var cjkStart int // index in out of the current CJK run
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		r = foldRune(r)
		k := kindOf(r)
		switch k {
		case 0:
			i += size
			if prevCJK {
				simplifyRun(out[cjkStart:])
			}
			prevCJK = false
			continue
		case KindHan, KindCJK:
			if !prevCJK {
				run++
				cjkStart = len(out)
			}
			prevCJK = true
			out = append(out, Token{Start: i, End: i + size, Kind: k, Text: normRune(r), Run: run})
			i += size
			continue
		}
		if prevCJK {
			simplifyRun(out[cjkStart:])
			prevCJK = false
		}
		// A word: letters (with their combining marks) or digits.
		start := i
		var b strings.Builder
		hasCyr := false
		n := 0
		ascii := true
		for i < len(text) {
			r, size := utf8.DecodeRuneInString(text[i:])
			r, plain := fold(r)
			wk := kindOf(r)
			mark := r >= 0x300 && unicode.Is(unicode.Mn, r) // no mark comes earlier
			if !mark && (wk == 0 || wk == KindHan || wk == KindCJK || (wk == KindNumber) != (k == KindNumber)) {
				break
			}
			if wk == KindCyrillic {
				hasCyr = true
			}
			if n < maxTokenRunes {
				writeNormRune(&b, r, plain)
				ascii = ascii && r < 0x80
			}
			n++
			i += size
		}
		t := Token{Start: start, End: i, Kind: k, Run: -1}
		w := b.String()
		if !ascii { // lower-cased ASCII is NFC already
			w = strings.ToLower(norm.NFC.String(w))
		}
		switch {
		case k == KindNumber:
			t.Text = w
		case hasCyr:
			t.Kind = KindCyrillic
			t.Orig = w
			t.Text = strings.ReplaceAll(w, "ё", "е")
		default:
			t.Kind = KindLatin
			t.Text = stripMarks(w)
		}
		if t.Text != "" {
			out = append(out, t)
		}
	}
	if prevCJK {
		simplifyRun(out[cjkStart:])
	}
	return out
}

// kindOf classifies a folded rune; 0 means a separator.
func kindOf(r rune) Kind {
	switch {
	case r < 0x80:
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
			return KindLatin
		case r >= '0' && r <= '9':
			return KindNumber
		}
		return 0
	case unicode.Is(unicode.Han, r) && unicode.IsLetter(r):
		return KindHan
	case unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Hangul) && unicode.IsLetter(r):
		return KindCJK
	case unicode.Is(unicode.Cyrillic, r) && unicode.IsLetter(r):
		return KindCyrillic
	case unicode.IsLetter(r):
		return KindLatin
	case unicode.IsDigit(r):
		return KindNumber
	case unicode.Is(unicode.Mn, r):
		return KindLatin // a stray combining mark; kept only inside words
	}
	return 0
}

// foldRune applies compatibility normalization to runes that have a
// single-rune NFKC form (fullwidth Latin, compatibility ideographs), so a
// token never spans a changed number of runes.
func foldRune(r rune) rune {
	f, _ := fold(r)
	return f
}

// fold returns foldRune(r), and whether r is returned as it is because it
// has no decomposition (writeNormRune's shortcut then holds for it too).
func fold(r rune) (rune, bool) {
	if r < 0x80 || !decomposes(r) {
		return r, true
	}
	s := norm.NFKC.String(string(r))
	if n := utf8.RuneCountInString(s); n == 1 {
		nr, _ := utf8.DecodeRuneInString(s)
		return nr, false
	}
	return r, false
}

// decomposes reports whether r has a canonical or compatibility
// decomposition. One that has none is its own NFKC form when it stands
// alone (there is nothing to compose it with), so most letters of titles
// skip the normalizer, which allocated twice per rune: ranking tokenizes
// every candidate's titles, and that was a sixth of a search's CPU.
// TestRuneFoldingShortcutsAreExact checks every rune.
func decomposes(r rune) bool {
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	return len(norm.NFKC.Properties(buf[:n]).Decomposition()) > 0
}

// normRune returns the folded text of one rune, expanding multi-rune
// compatibility forms (ligatures such as "ﬁ").
func normRune(r rune) string {
	if r < 0x80 {
		return string(unicode.ToLower(r))
	}
	if !decomposes(r) {
		return foldedText(unicode.ToLower(r))
	}
	return normText(strings.ToLower(norm.NFKC.String(string(r))))
}

// writeNormRune writes normRune(r) to b, without an allocation for a rune
// that has no decomposition (plain, as fold reports).
func writeNormRune(b *strings.Builder, r rune, plain bool) {
	if plain {
		lr := unicode.ToLower(r)
		if r < 0x80 || keptInWord(lr) && lr != 'ß' && lr != 'ς' {
			b.WriteRune(lr)
			return
		}
	}
	b.WriteString(normRune(r))
}

// foldedText is the text of one lower-cased rune as normText leaves it.
func foldedText(r rune) string {
	if !keptInWord(r) {
		return ""
	}
	return normText(string(r))
}

// normText keeps what can be part of a word, and spells ß and final sigma
// as they are matched. Some compatibility forms expand to a space plus a
// mark (U+037A, U+FE74).
func normText(s string) string {
	s = strings.Map(func(r rune) rune {
		if keptInWord(r) {
			return r
		}
		return -1
	}, s)
	if s == "ß" {
		return "ss"
	}
	if s == "ς" {
		return "σ"
	}
	return s
}

func keptInWord(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Mn, r)
}

// stripMarks removes diacritics from Latin-script words (amélie → amelie), so
// they match however the user types them. Cyrillic keeps its й.
func stripMarks(w string) string {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return w
	}
	d := norm.NFD.String(w)
	var b strings.Builder
	for _, r := range d {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}
