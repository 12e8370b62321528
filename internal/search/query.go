package search

import (
	"fmt"
	"sort"
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
	Kind  Kind
	Text  string   // normalized word; for CJK the run's characters joined
	Orig  string   // Cyrillic: folded with ё kept
	Chars []string // CJK: the run's characters
	// Words are the words of a run of pinyin syllables typed with spaces
	// ("hong si chou"), which parse as one term read as the joined word
	// (Text "hongsichou") or as those words side by side.
	Words     []string
	Stem      string   // Latin and Cyrillic words
	Syllables []string // Latin words that read as two or more pinyin syllables
	// Prefix makes the term also match words it begins (search-as-you-type):
	// the Service fills Completions with those words from the vocabulary.
	Prefix      bool
	Completions []string
	// Fuzzy lists index terms one edit away (for words of fuzzyMinRunes or
	// more); the Service fills it from the store's vocabulary.
	Fuzzy []string
	// Spelling is a Cyrillic word with its о after ж, ш, ч or щ read as ё
	// (шолк → шелк, as the analyzer writes шёлк), and SpellingStem its stem:
	// ё sounds like о there, and writing it so is the commonest Russian
	// misspelling. Empty when the word has no such о.
	Spelling, SpellingStem string
	// knownNear are the typo neighbours of a word that is itself in the
	// vocabulary. They are not asked for at first (see expandTerms), only
	// when the query finds nothing (Widen).
	knownNear []string
	// Homophones makes a run of Chinese characters also match runs read
	// the same in pinyin (红丝稠 finds 红丝绸), when the query finds nothing.
	Homophones bool
}

// Alt is one way a term can match: every key must be present.
type Alt struct {
	Keys []string
	// Extra marks a completion or a typo's neighbour: it matches, but the
	// database's rank may leave it out (this package ranks it anyway).
	Extra bool
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
			if v := yoSpelling(t.Text); v != t.Text {
				term.Spelling = v
				term.SpellingStem = stem(Token{Kind: KindCyrillic, Text: v})
			}
		}
		out.Terms = append(out.Terms, term)
	}
	if len(out.Terms) == 0 {
		return Query{}, invalid("has no letters, digits or characters to search for")
	}
	if len(out.Terms) > maxTerms {
		return Query{}, invalid("must have at most %d words", maxTerms)
	}
	out.Terms = dedupeTerms(joinSyllables(out.Terms))
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

// joinSyllables turns each run of two or more Latin words that are each one
// pinyin syllable ("hong si chou") into one term, as if typed joined up. As
// separate terms, each syllable would match a few percent of all titles and
// the index would intersect those long lists; joined, the run matches the
// pinyin of neighbouring characters, which is rare. The words side by side
// remain an alternative, for a Latin title that has them.
func joinSyllables(terms []Term) []Term {
	set := syllables()
	isSyllable := func(t Term) bool { return t.Kind == KindLatin && set[t.Text] }
	var out []Term
	for i := 0; i < len(terms); i++ {
		j := i
		for j < len(terms) && isSyllable(terms[j]) {
			j++
		}
		if j-i < 2 {
			out = append(out, terms[i])
			continue
		}
		joined := Term{Kind: KindLatin}
		for _, t := range terms[i:j] {
			joined.Words = append(joined.Words, t.Text)
			joined.Syllables = append(joined.Syllables, t.Text)
			joined.Text += t.Text
		}
		joined.Stem = joined.Text
		out = append(out, joined)
		i = j - 1
	}
	return out
}

// dedupeTerms drops a word typed again later in the query ("shyolk
// shyolk"): every term must match anyway, and the repeat only made the index
// intersect a list with itself.
func dedupeTerms(terms []Term) []Term {
	var out []Term
	for i, t := range terms {
		again := false
		for _, u := range terms[i+1:] {
			again = again || u.Kind == t.Kind && u.Text == t.Text
		}
		if !again {
			out = append(out, t)
		}
	}
	return out
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
		alts = append(alts, a)
		if p := t.pinyinPairs(); t.Homophones && len(p) > 0 {
			alts = append(alts, Alt{Keys: p, Extra: true})
		}
		return alts
	case KindNumber:
		alts = append(alts, one(t.Text))
	case KindLatin:
		// A word's own key is not asked for: every title with the word
		// also has its stem's key, so the stem finds the same titles (and
		// inflections), and asking for both made the index read two nearly
		// identical long lists for a common word. Ranking still tells an
		// exact word from an inflection.
		alts = append(alts, one(stemPrefix+t.Stem), one(translitPrefix+t.Text))
		if len(t.Words) > 1 {
			alts = append(alts, Alt{Keys: t.Words})
		}
		if len(t.Syllables) > 1 {
			// Each pair of neighbouring syllables, as the index keeps the
			// pinyin of neighbouring characters (hu+he+mei: huhe, hemei).
			a := Alt{}
			for i := 0; i+1 < len(t.Syllables); i++ {
				a.Keys = appendUnique(a.Keys, translitPrefix+t.Syllables[i]+t.Syllables[i+1])
			}
			alts = append(alts, a)
		}
	case KindCyrillic:
		alts = append(alts, one(stemPrefix+t.Stem)) // as for Latin words
		if t.Spelling != "" {
			alts = append(alts, one(stemPrefix+t.SpellingStem))
		}
	}
	for _, list := range [][]string{t.Fuzzy, t.Completions} {
		for _, k := range list {
			alts = append(alts, Alt{Keys: []string{k}, Extra: true})
		}
	}
	// The same keys can come twice (a pair of syllables is also the whole
	// word; a completion can be a typo's neighbour too).
	have := map[string]bool{}
	out := alts[:0]
	for _, a := range alts {
		if k := strings.Join(a.Keys, " "); !have[k] {
			have[k] = true
			out = append(out, a)
		}
	}
	return out
}

// translitPrefixMinRunes is the shortest Latin word that also completes to
// romanizations and joined-up pinyin (hongs → hongsichou). Shorter words
// still match whole syllables and romanizations exactly.
const translitPrefixMinRunes = 5

// Completions: a prefix matches the maxCompletions shortest vocabulary words
// it begins (alphabetical within a length), looking at most
// maxCompletionExtra letters further. Expanding the prefix to words keeps
// every alternative an ordinary index term, which the index reads lazily
// and stops reading at the match cap; an index prefix query instead merges
// the whole lists of every word with that beginning before the first match
// (at a million titles, 20–40 ms for "red" or «красный», whose own lists are
// long). The cost is that a very short prefix reaches only its closest
// completions until the next letter is typed.
const (
	maxCompletions     = 16
	maxCompletionExtra = 10
)

// CompletionLookups returns the vocabulary ranges holding the words that a
// prefix term completes to, per term index: for each class the term's
// prefix can complete in (words; for Latin words of translitPrefixMinRunes
// or more also romanizations and pinyin), one range per length.
func (q Query) CompletionLookups() map[int][]TermRange {
	out := map[int][]TermRange{}
	for i, t := range q.Terms {
		if !t.Prefix {
			continue
		}
		for _, p := range t.completionPrefixes() {
			n := utf8.RuneCountInString(p)
			for runes := n + 1; runes <= n+maxCompletionExtra; runes++ {
				out[i] = append(out[i], TermRange{Prefix: p, Runes: runes, Limit: maxCompletions})
			}
		}
	}
	return out
}

func (t Term) completionPrefixes() []string {
	ps := []string{t.Text}
	if t.Kind == KindLatin && utf8.RuneCountInString(t.Text) >= translitPrefixMinRunes {
		ps = append(ps, translitPrefix+t.Text)
	}
	return ps
}

// setCompletions picks the term's completions among vocabulary terms:
// per prefix, the maxCompletions shortest, then alphabetical.
func (t *Term) setCompletions(found []string) {
	t.Completions = nil
	for _, p := range t.completionPrefixes() {
		var words []string
		for _, f := range found {
			if len(f) > len(p) && strings.HasPrefix(f, p) {
				words = append(words, f)
			}
		}
		sort.Slice(words, func(i, j int) bool {
			ni, nj := utf8.RuneCountInString(words[i]), utf8.RuneCountInString(words[j])
			return ni < nj || ni == nj && words[i] < words[j]
		})
		t.Completions = append(t.Completions, words[:min(len(words), maxCompletions)]...)
	}
}

// FuzzyLookups returns, per term index, the vocabulary ranges that hold
// every word one edit away from the term (for words of fuzzyMinRunes or
// more). One edit leaves either the first half of a word or the rest after
// the middle letter untouched, so each word needs two range scans of the
// vocabulary (by prefix, and by the reversed suffix) instead of a look-up of
// its hundreds of one-letter variants. The Service keeps the terms found
// that really are one edit away.
func (q Query) FuzzyLookups() map[int][]TermRange {
	out := map[int][]TermRange{}
	for i, t := range q.Terms {
		n := utf8.RuneCountInString(t.Text)
		if (t.Kind != KindLatin && t.Kind != KindCyrillic) || n < fuzzyMinRunes {
			continue
		}
		words := []string{t.Text}
		if t.Kind == KindLatin {
			// A Latin word may also be a misspelt romanization or pinyin.
			words = append(words, translitPrefix+t.Text)
		}
		for _, w := range words {
			out[i] = append(out[i], halves(w)...)
		}
	}
	return out
}

// TermRange selects vocabulary terms of exactly Runes characters (class
// prefix included) that begin with Prefix, or with Reversed set, whose
// ReverseKey begins with Prefix. The vocabulary is indexed by length first,
// so a range reads only terms of one length. With Limit, only the first
// Limit terms of the range in term order.
type TermRange struct {
	Prefix   string
	Reversed bool
	Runes    int
	Limit    int
}

// halves returns the ranges holding w's one-edit neighbours: terms one
// shorter, as long or one longer that share w's first half rs[:k] or end
// with its second half rs[k:], plus the one word that swaps the two letters
// either side of the middle (rs[k-1], rs[k]), the only edit that touches
// both halves. Asking for that word alone, rather than for the end after
// the middle letter, keeps the end two letters long in a four-letter word
// (slik: "sl…", "…ik" and "silk"), so a short word's ranges stay short in a
// large vocabulary. A class prefix (translitPrefix) stays in front and never
// counts as a letter.
func halves(w string) []TermRange {
	class := ""
	if strings.HasPrefix(w, translitPrefix) {
		class, w = translitPrefix, w[len(translitPrefix):]
	}
	rs := []rune(w)
	n := len(rs)
	k := n / 2
	classRunes := utf8.RuneCountInString(class)
	var out []TermRange
	for runes := n - 1; runes <= n+1; runes++ {
		total := runes + classRunes
		out = append(out,
			TermRange{Prefix: class + string(rs[:k]), Runes: total},
			TermRange{Prefix: ReverseKey(class + string(rs[k:])), Reversed: true, Runes: total})
	}
	if k >= 1 && k < n && rs[k-1] != rs[k] {
		swapped := append([]rune{}, rs...)
		swapped[k-1], swapped[k] = swapped[k], swapped[k-1]
		out = append(out, TermRange{Prefix: class + string(swapped), Runes: n + classRunes})
	}
	return out
}

// ReverseKey returns a vocabulary term with its letters in reverse order
// and its class prefix, if any, still in front ("^shelk" → "^klehs"): the
// vocabulary keeps each term so, for look-ups by the end of a word.
func ReverseKey(s string) string {
	class := ""
	if strings.HasPrefix(s, translitPrefix) {
		class, s = translitPrefix, s[len(translitPrefix):]
	}
	rs := []rune(s)
	for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
		rs[i], rs[j] = rs[j], rs[i]
	}
	return class + string(rs)
}
