package search

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

// Limits on what one query may ask, so a request cannot make the database
// evaluate an unbounded expression.
const (
	MaxQueryRunes = 200
	maxTerms      = 10
	maxCJKRun     = 24
)

// Query is a parsed search query: every term must match.
type Query struct {
	Terms []Term
}

// Term is one word, number or run of CJK characters of a query.
type Term struct {
	Kind      Kind
	Text      string   // normalized word; for CJK the run's characters joined
	Orig      string   // Cyrillic: folded with ё kept
	Chars     []string // CJK: the run's characters
	Stem      string   // Latin and Cyrillic words
	Syllables []string // Latin words that read as two or more pinyin syllables
	// Prefix makes the term also match words it begins (search-as-you-type).
	Prefix bool
	// Fuzzy lists index terms one edit away (for words of fuzzyMinRunes or
	// more); the Service fills it from the store's vocabulary.
	Fuzzy []string
}

// Alt is one way a term can match: every key must be present (with Prefix,
// as the beginning of a key).
type Alt struct {
	Keys   []string
	Prefix bool
}

// Mode says how the last word of a query is treated.
type Mode int

// Query modes.
const (
	ModeSearch  Mode = iota // the last word is also a prefix when it has 3+ letters
	ModeSuggest             // the last word is also a prefix when it has 2+ letters (1+ after other words)
)

// ParseQuery analyzes a user's query. It fails with a field error on "q"
// when the query is too long or has nothing searchable.
func ParseQuery(q string, mode Mode) (Query, error) {
	if utf8.RuneCountInString(q) > MaxQueryRunes {
		return Query{}, invalid("must be at most %d characters", MaxQueryRunes)
	}
	toks := Tokenize(q)
	var out Query
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		term := Term{Kind: t.Kind, Text: t.Text, Orig: t.Orig}
		switch t.Kind {
		case KindHan, KindCJK:
			j := i
			for j < len(toks) && (toks[j].Kind == KindHan || toks[j].Kind == KindCJK) && toks[j].Run == t.Run {
				if len(term.Chars) < maxCJKRun {
					term.Chars = append(term.Chars, toks[j].Text)
				}
				j++
			}
			i = j - 1
			term.Text = strings.Join(term.Chars, "")
		case KindLatin:
			term.Stem = stem(t)
			term.Syllables = segmentPinyin(t.Text)
		case KindCyrillic:
			term.Stem = stem(t)
		}
		out.Terms = append(out.Terms, term)
	}
	if len(out.Terms) == 0 {
		return Query{}, invalid("has no letters, digits or characters to search for")
	}
	if len(out.Terms) > maxTerms {
		return Query{}, invalid("must have at most %d words", maxTerms)
	}
	last := &out.Terms[len(out.Terms)-1]
	min := 3
	if mode == ModeSuggest {
		// A single letter after other words is selective enough; alone it
		// would expand to every word with that initial.
		min = 2
		if len(out.Terms) > 1 {
			min = 1
		}
	}
	if (last.Kind == KindLatin || last.Kind == KindCyrillic || last.Kind == KindNumber) && utf8.RuneCountInString(last.Text) >= min {
		last.Prefix = true
	}
	return out, nil
}

func invalid(format string, args ...any) error {
	return &apperr.Error{Code: apperr.Invalid, Message: "the search query is not usable",
		Fields: []apperr.FieldError{{Field: "q", Message: fmt.Sprintf(format, args...)}}}
}

// Alts returns the ways the term can match, for the store's query expression.
func (t Term) Alts() []Alt {
	one := func(k string) Alt { return Alt{Keys: []string{k}} }
	var alts []Alt
	switch t.Kind {
	case KindHan, KindCJK:
		if len(t.Chars) == 1 {
			return []Alt{one(t.Chars[0])}
		}
		a := Alt{}
		for i := 0; i+1 < len(t.Chars); i++ {
			a.Keys = appendUnique(a.Keys, t.Chars[i]+t.Chars[i+1])
		}
		return []Alt{a}
	case KindNumber:
		alts = append(alts, one(t.Text))
	case KindLatin:
		alts = append(alts, one(t.Text), one(stemPrefix+t.Stem), one(translitPrefix+t.Text))
		if len(t.Syllables) > 1 {
			a := Alt{}
			for _, s := range t.Syllables {
				a.Keys = appendUnique(a.Keys, translitPrefix+s)
			}
			alts = append(alts, a)
		}
	case KindCyrillic:
		alts = append(alts, one(t.Text), one(stemPrefix+t.Stem))
	}
	for _, f := range t.Fuzzy {
		alts = append(alts, one(f))
	}
	if t.Prefix {
		alts = append(alts, Alt{Keys: []string{t.Text}, Prefix: true})
		if t.Kind == KindLatin {
			alts = append(alts, Alt{Keys: []string{translitPrefix + t.Text}, Prefix: true})
		}
	}
	return alts
}

// FuzzyCandidates returns, per term index, the strings one edit away from
// each long enough word, in the form the vocabulary stores them: the store
// looks them up and the Service puts the hits in Term.Fuzzy.
func (q Query) FuzzyCandidates() map[int][]string {
	out := map[int][]string{}
	for i, t := range q.Terms {
		if (t.Kind != KindLatin && t.Kind != KindCyrillic) || utf8.RuneCountInString(t.Text) < fuzzyMinRunes {
			continue
		}
		alphabet := latinAlphabet
		if t.Kind == KindCyrillic {
			alphabet = cyrillicAlphabet
		}
		vars := edits1(t.Text, alphabet)
		if t.Kind == KindLatin {
			// A Latin word may also be a misspelt romanization or pinyin.
			n := len(vars)
			for _, v := range vars[:n] {
				vars = append(vars, translitPrefix+v)
			}
		}
		out[i] = vars
	}
	return out
}

var (
	latinAlphabet    = []rune("abcdefghijklmnopqrstuvwxyz")
	cyrillicAlphabet = []rune("абвгдежзийклмнопрстуфхцчшщъыьэюя")
)

// edits1 returns the distinct strings one deletion, transposition,
// substitution or insertion away from w (w itself excluded).
func edits1(w string, alphabet []rune) []string {
	rs := []rune(w)
	seen := map[string]bool{w: true}
	var out []string
	add := func(r []rune) {
		s := string(r)
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	buf := make([]rune, 0, len(rs)+1)
	for i := range rs {
		add(append(append(buf[:0], rs[:i]...), rs[i+1:]...))
		if i+1 < len(rs) {
			b := append(buf[:0], rs...)
			b[i], b[i+1] = b[i+1], b[i]
			add(b)
		}
		for _, c := range alphabet {
			if c != rs[i] {
				b := append(buf[:0], rs...)
				b[i] = c
				add(b)
			}
		}
	}
	for i := 0; i <= len(rs); i++ {
		for _, c := range alphabet {
			b := append(append(append(buf[:0], rs[:i]...), c), rs[i:]...)
			add(b)
		}
	}
	return out
}
