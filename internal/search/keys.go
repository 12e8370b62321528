package search

import (
	"strings"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/russian"

	"github.com/silkbridge/silkbridge/internal/memo"
)

// AnalyzerVersion changes whenever the keys DocKeys produces change, or what
// an index entry holds, so indexes built by an older build are rebuilt on start.
const AnalyzerVersion = "4"

// Key prefixes keep the classes of keys apart inside one index, so a query
// can ask for "the stem родител" without matching a word spelled that way.
const (
	stemPrefix     = "~" // Snowball stem of a word
	translitPrefix = "^" // romanization of a Cyrillic word, or pinyin of Chinese
)

// Key classes, in the order of Keys' lists.
const (
	ClassNative   = 0
	ClassStem     = 1
	ClassTranslit = 2
)

// ClassOf returns the class of a search key.
func ClassOf(key string) int {
	switch {
	case strings.HasPrefix(key, stemPrefix):
		return ClassStem
	case strings.HasPrefix(key, translitPrefix):
		return ClassTranslit
	}
	return ClassNative
}

// Keys are the search keys of one title, by class. The store gives the classes
// different weights when it picks candidates.
type Keys struct {
	Native   []string // folded words, numbers, CJK characters and bigrams
	Stems    []string // stemPrefix + Snowball stems
	Translit []string // translitPrefix + romanizations and pinyin
	// Terms are the words and romanizations long enough to be reached by a
	// query with one typo; the store keeps them as a vocabulary.
	Terms []string
}

// fuzzyMinRunes is the shortest query word in which one typo is forgiven.
// Four, so "slik" finds silk and "maro" Maru; a three-letter word has too
// many neighbours for a typo to say which was meant.
const fuzzyMinRunes = 4

// vocabMinRunes is the shortest word kept in the vocabulary: it serves typo
// look-ups (words one shorter than fuzzyMinRunes) and completions of
// prefixes of two letters or more.
const vocabMinRunes = 3

// DocKeys analyzes the texts of one title (its localized titles) into keys.
func DocKeys(texts ...string) Keys {
	var k Keys
	seen := map[string]bool{}
	add := func(list *[]string, key string) {
		if key != "" && !seen[key] {
			seen[key] = true
			*list = append(*list, key)
		}
	}
	term := func(key string, runes int) {
		if runes >= vocabMinRunes {
			add(&k.Terms, key+"\x00") // marker keeps the vocabulary list apart in seen
		}
	}
	for _, text := range texts {
		toks := Tokenize(text)
		for i, t := range toks {
			switch t.Kind {
			case KindLatin:
				add(&k.Native, t.Text)
				add(&k.Stems, stemPrefix+stem(t))
				term(t.Text, utf8.RuneCountInString(t.Text))
			case KindNumber:
				add(&k.Native, t.Text)
				term(t.Text, utf8.RuneCountInString(t.Text))
			case KindCyrillic:
				add(&k.Native, t.Text)
				add(&k.Stems, stemPrefix+stem(t))
				term(t.Text, utf8.RuneCountInString(t.Text))
				for _, r := range romanize(t.Orig) {
					add(&k.Translit, translitPrefix+r)
					term(translitPrefix+r, len(r))
				}
			case KindHan, KindCJK:
				add(&k.Native, t.Text)
				if i+1 < len(toks) && toks[i+1].Run == t.Run {
					add(&k.Native, t.Text+toks[i+1].Text)
				}
				if t.Kind == KindHan {
					rs := readings(t.Text)
					for _, p := range rs {
						add(&k.Translit, translitPrefix+p)
					}
					// Pinyin of adjacent characters, so a query's run of
					// syllables asks for pairs, each rare, rather than for
					// syllables, each in a few percent of all titles.
					if i+1 < len(toks) && toks[i+1].Run == t.Run && toks[i+1].Kind == KindHan {
						for _, a := range rs {
							for _, b := range readings(toks[i+1].Text) {
								add(&k.Translit, translitPrefix+a+b)
							}
						}
					}
				}
			}
		}
		for _, j := range joinedPinyin(toks) {
			add(&k.Translit, translitPrefix+j)
			term(translitPrefix+j, len(j))
		}
	}
	for i, t := range k.Terms {
		k.Terms[i] = t[:len(t)-1]
	}
	return k
}

// stem returns the Snowball stem of a Latin (English) or Cyrillic (Russian) word.
func stem(t Token) string {
	if utf8.RuneCountInString(t.Text) < 3 {
		return t.Text
	}
	switch t.Kind {
	case KindCyrillic:
		return russianStems.Get(t.Text)
	case KindLatin:
		return englishStems.Get(t.Text)
	}
	return t.Text
}

// memoWords is how many words each analysis memo keeps per generation (two
// generations of short strings: a few megabytes at most).
const memoWords = 1 << 15

// The stemmers and romanize are pure functions of one word, memoized
// (internal/memo) since ranking analyzes the same words again on every query.
var (
	russianStems  = memo.New(memoWords, func(w string) string { return russian.Stem(w, true) })
	englishStems  = memo.New(memoWords, func(w string) string { return english.Stem(w, true) })
	romanizations = memo.New(memoWords, romanizeWord)
)

// maxJoinedRun is the longest Han run whose pinyin is also indexed joined up.
const maxJoinedRun = 10

// joinedPinyin returns, for each run of 2..maxJoinedRun Han characters, its
// pinyin written without spaces using each character's most common reading
// (红丝绸 → hongsichou), so that prefix and typo matching work on it.
func joinedPinyin(toks []Token) []string {
	var out []string
	for i := 0; i < len(toks); {
		if toks[i].Kind != KindHan {
			i++
			continue
		}
		j := i
		joined := ""
		for j < len(toks) && toks[j].Kind == KindHan && toks[j].Run == toks[i].Run {
			if r := readings(toks[j].Text); len(r) > 0 {
				joined += r[0]
			}
			j++
		}
		if n := j - i; n >= 2 && n <= maxJoinedRun && joined != "" {
			out = append(out, joined)
		}
		i = j
	}
	return out
}
