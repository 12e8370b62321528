package search

import (
	"html"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// Weights of the ways a query term can match one title. Native-script
// matches outrank transliterated ones, exact ones outrank stems, prefixes and
// typos.
const (
	wExact        = 1.0
	wStem         = 0.85
	wTranslit     = 0.7
	wPinyinRun    = 0.75 // several syllables reading a run of characters in order
	wPinyinChar   = 0.6  // one syllable reading one character
	wPrefix       = 0.6
	wFuzzy        = 0.5
	wCJKScattered = 0.6 // every bigram present, but not as one run
	wTranslitPart = 0.45
	wTranslitTypo = 0.4
	wSpelling     = 0.9  // о for ё after ж, ш, ч, щ (шолк for шёлк)
	wSpellingStem = 0.8  // the same, in another form of the word
	wHomophone    = 0.45 // Chinese characters read the same (红丝稠 for 红丝绸)

	bonusCoverage = 0.3 // times the share of the title's words the query covers
	bonusWhole    = 0.4 // the query is the whole title
)

// Match is how one title matched a query.
type Match struct {
	Score float64 // 0 when nothing matched
	Lang  string  // the localization that matched best
	// Highlight is that localization's title as HTML: escaped, with <mark>
	// around the parts that matched.
	Highlight string
}

// Match scores a title, given its localized titles keyed by language tag.
func (q Query) Match(titles map[string]string) Match {
	langs := make([]string, 0, len(titles))
	for l := range titles {
		langs = append(langs, l)
	}
	sort.Strings(langs) // ties go to the same language every time
	var best Match
	var bestToks []docToken
	var bestText string
	need := q.scripts()
	for _, l := range langs {
		if !need(titles[l]) {
			continue
		}
		toks := analyzeDoc(titles[l])
		s := q.scoreText(toks)
		if s > best.Score {
			best, bestToks, bestText = Match{Score: s, Lang: l}, toks, titles[l]
		}
	}
	if best.Score > 0 {
		best.Highlight = highlight(bestText, bestToks)
	}
	return best
}

// scripts returns a cheap test of whether a title could match q at all: a
// query of Chinese characters only matches titles with Han or kana/hangul,
// one of Cyrillic words only titles with Cyrillic. Latin words can match any
// title (as romanization or pinyin), and so can digits. It spares analyzing
// most localized titles of the candidates.
func (q Query) scripts() func(string) bool {
	han, cyr := true, true
	for _, t := range q.Terms {
		han = han && (t.Kind == KindHan || t.Kind == KindCJK)
		cyr = cyr && t.Kind == KindCyrillic
	}
	switch {
	case han:
		return func(s string) bool {
			for _, r := range s {
				if k := kindOf(foldRune(r)); k == KindHan || k == KindCJK {
					return true
				}
			}
			return false
		}
	case cyr:
		return func(s string) bool {
			for _, r := range s {
				if kindOf(foldRune(r)) == KindCyrillic {
					return true
				}
			}
			return false
		}
	}
	return func(string) bool { return true }
}

// docToken is a token of a title with what matching needs precomputed.
type docToken struct {
	Token
	stem    string
	roman   []string
	covered bool
}

func analyzeDoc(text string) []docToken {
	toks := Tokenize(text)
	out := make([]docToken, len(toks))
	for i, t := range toks {
		out[i].Token = t
		switch t.Kind {
		case KindLatin, KindCyrillic:
			out[i].stem = stem(t)
		}
		if t.Kind == KindCyrillic {
			out[i].roman = romanize(t.Orig)
		}
	}
	return out
}

// scoreText scores one localized title and marks the tokens that matched.
func (q Query) scoreText(toks []docToken) float64 {
	if len(toks) == 0 {
		return 0
	}
	sum := 0.0
	all := true
	for _, t := range q.Terms {
		s, cover := t.match(toks)
		if s == 0 {
			all = false
			continue
		}
		sum += s
		for _, i := range cover {
			toks[i].covered = true
		}
	}
	if sum == 0 {
		return 0
	}
	n := 0
	for _, t := range toks {
		if t.covered {
			n++
		}
	}
	s := sum / float64(len(q.Terms))
	coverage := float64(n) / float64(len(toks))
	bonus := 1 + bonusCoverage*coverage
	if all && n == len(toks) {
		bonus += bonusWhole
	}
	return s * bonus
}

// match returns the term's best weight in a title and the tokens it covers.
func (t Term) match(toks []docToken) (float64, []int) {
	if t.Kind == KindHan || t.Kind == KindCJK {
		return t.matchCJK(toks)
	}
	best, cover := 0.0, []int(nil)
	try := func(w float64, idx ...int) {
		if w > best {
			best, cover = w, idx
		}
	}
	long := utf8.RuneCountInString(t.Text) >= fuzzyMinRunes
	if n := len(t.Words); n > 1 {
		// Words typed apart that a Latin title has side by side.
		for i := 0; i+n <= len(toks); i++ {
			idx := []int{}
			for k, w := range t.Words {
				if toks[i+k].Text == w {
					idx = append(idx, i+k)
				}
			}
			if len(idx) == n {
				try(wExact, idx...)
			}
		}
	}
	for i, d := range toks {
		switch {
		case d.Kind == KindHan:
			continue
		case d.Text == t.Text:
			try(wExact, i)
			continue
		case d.Kind == t.Kind && d.stem != "" && d.stem == t.Stem:
			try(wStem, i)
		case t.Spelling != "" && d.Text == t.Spelling:
			try(wSpelling, i)
		case t.Spelling != "" && d.Kind == t.Kind && d.stem == t.SpellingStem:
			try(wSpellingStem, i)
		case t.Prefix && strings.HasPrefix(d.Text, t.Text):
			try(wPrefix, i)
		case long && oneEdit(d.Text, t.Text):
			try(wFuzzy, i)
		}
		if t.Kind == KindLatin {
			for _, r := range d.roman {
				switch {
				case r == t.Text:
					try(wTranslit, i)
				case t.Prefix && strings.HasPrefix(r, t.Text):
					try(wTranslitPart, i)
				case long && oneEdit(r, t.Text):
					try(wTranslitTypo, i)
				}
			}
		}
	}
	if t.Kind == KindLatin && best < wPinyinRun {
		if w, idx := t.matchPinyin(toks); w > best {
			best, cover = w, idx
		}
	}
	return best, cover
}

// matchCJK finds the term's characters as one run, or failing that all its
// bigrams somewhere in the title.
func (t Term) matchCJK(toks []docToken) (float64, []int) {
	n := len(t.Chars)
	for i := 0; i+n <= len(toks); i++ {
		ok := true
		for k := 0; k < n && ok; k++ {
			d := toks[i+k]
			ok = d.Text == t.Chars[k] && d.Run == toks[i].Run && d.Run >= 0
		}
		if ok {
			return wExact, span(i, i+n)
		}
	}
	if n < 2 {
		return 0, nil
	}
	if t.Homophones {
		if w, cover := t.matchHomophones(toks); w > 0 {
			return w, cover
		}
	}
	var cover []int
	for k := 0; k+1 < n; k++ {
		found := false
		for i := 0; i+1 < len(toks); i++ {
			if toks[i].Run >= 0 && toks[i].Run == toks[i+1].Run && toks[i].Text == t.Chars[k] && toks[i+1].Text == t.Chars[k+1] {
				cover, found = append(cover, i, i+1), true
				break
			}
		}
		if !found {
			return 0, nil
		}
	}
	return wCJKScattered, cover
}

// matchHomophones finds the term's characters as one run of characters
// that share a reading with them, one by one.
func (t Term) matchHomophones(toks []docToken) (float64, []int) {
	n := len(t.Chars)
	for i := 0; i+n <= len(toks); i++ {
		ok := true
		for k := 0; k < n && ok; k++ {
			d := toks[i+k]
			ok = d.Kind == KindHan && d.Run == toks[i].Run && d.Run >= 0 && shareReading(d.Text, t.Chars[k])
		}
		if ok {
			return wHomophone, span(i, i+n)
		}
	}
	return 0, nil
}

func shareReading(a, b string) bool {
	if a == b {
		return true
	}
	for _, r := range readings(a) {
		if slices.Contains(readings(b), r) {
			return true
		}
	}
	return false
}

// matchPinyin reads the term as pinyin of consecutive Chinese characters
// ("hongsichou", "hong", with Prefix also "hongsi" or "hongs").
func (t Term) matchPinyin(toks []docToken) (float64, []int) {
	best, cover := 0.0, []int(nil)
	for i := range toks {
		if toks[i].Kind != KindHan {
			continue
		}
		end, partial := readsAs(t.Text, toks, i, t.Prefix)
		if end < 0 {
			continue
		}
		w := wPinyinChar
		switch {
		case partial:
			w = wTranslitPart
		case end-i > 1:
			w = wPinyinRun
		}
		if w > best {
			best, cover = w, span(i, end)
		}
	}
	if best == 0 && utf8.RuneCountInString(t.Text) >= fuzzyMinRunes {
		// A typo in pinyin written without spaces, against each run's usual reading.
		for i := 0; i < len(toks); {
			j, joined := i, ""
			for j < len(toks) && toks[j].Kind == KindHan && toks[j].Run == toks[i].Run {
				if r := readings(toks[j].Text); len(r) > 0 {
					joined += r[0]
				}
				j++
			}
			if j > i && oneEdit(joined, t.Text) {
				return wTranslitTypo, span(i, j)
			}
			i = max(j, i+1)
		}
	}
	return best, cover
}

// readsAs reports whether w is the pinyin of the Han characters from toks[i]
// on (same run): the end index, or -1; with prefix, w may stop inside the
// last syllable (partial).
func readsAs(w string, toks []docToken, i int, prefix bool) (end int, partial bool) {
	if w == "" {
		return i, false
	}
	if i >= len(toks) || toks[i].Kind != KindHan {
		return -1, false
	}
	for _, r := range readings(toks[i].Text) {
		if strings.HasPrefix(w, r) {
			next := i + 1
			if len(w) > len(r) && (next >= len(toks) || toks[next].Run != toks[i].Run) {
				continue
			}
			if e, p := readsAs(w[len(r):], toks, next, prefix); e >= 0 {
				return e, p
			}
		}
		if prefix && len(w) < len(r) && strings.HasPrefix(r, w) {
			return i + 1, true
		}
	}
	return -1, false
}

func span(from, to int) []int {
	out := make([]int, 0, to-from)
	for i := from; i < to; i++ {
		out = append(out, i)
	}
	return out
}

// oneEdit reports whether a and b differ by exactly one insertion, deletion,
// substitution or transposition of adjacent letters.
func oneEdit(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) < len(rb) {
		ra, rb = rb, ra
	}
	switch len(ra) - len(rb) {
	case 0:
		diff := -1
		for i := range ra {
			if ra[i] != rb[i] {
				if diff >= 0 {
					// A transposition: exactly two adjacent swapped letters.
					return diff == i-1 && ra[diff] == rb[i] && ra[i] == rb[diff] && string(ra[i+1:]) == string(rb[i+1:])
				}
				diff = i
			}
		}
		return diff >= 0
	case 1:
		i := 0
		for i < len(rb) && ra[i] == rb[i] {
			i++
		}
		return string(ra[i+1:]) == string(rb[i:])
	}
	return false
}

// highlight renders text as HTML with the covered tokens marked; adjacent
// covered tokens share one mark.
func highlight(text string, toks []docToken) string {
	var b strings.Builder
	pos := 0
	for i := 0; i < len(toks); i++ {
		if !toks[i].covered {
			continue
		}
		j := i
		for j+1 < len(toks) && toks[j+1].covered && toks[j+1].Start == toks[j].End {
			j++
		}
		b.WriteString(html.EscapeString(text[pos:toks[i].Start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[toks[i].Start:toks[j].End]))
		b.WriteString("</mark>")
		pos = toks[j].End
		i = j
	}
	b.WriteString(html.EscapeString(text[pos:]))
	return b.String()
}
