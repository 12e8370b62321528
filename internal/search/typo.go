package search

import (
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// yoSpelling returns a Cyrillic word (already folded, ё written е) with
// each о after ж, ш, ч or щ written е, the analyzer's spelling of ё: шолк →
// шелк, жолтый → желтый, чорный → черный. It returns w when there is no
// such о.
func yoSpelling(w string) string {
	rs := []rune(w)
	changed := false
	for i := 1; i < len(rs); i++ {
		if rs[i] == 'о' && strings.ContainsRune("жшчщ", rs[i-1]) {
			rs[i], changed = 'е', true
		}
	}
	if !changed {
		return w
	}
	return string(rs)
}

// pinyinPairs returns the translit keys of each pair of neighbouring
// characters of a Chinese run, read with each character's usual reading:
// the index keeps these for every title, so they find a run written with
// homophones (红丝稠 → ^hongsi ^sichou, as for 红丝绸).
func (t Term) pinyinPairs() []string {
	var keys []string
	for i := 0; i+1 < len(t.Chars); i++ {
		a, b := readings(t.Chars[i]), readings(t.Chars[i+1])
		if len(a) == 0 || len(b) == 0 {
			return nil
		}
		keys = appendUnique(keys, translitPrefix+a[0]+b[0])
	}
	return keys
}

// Widen returns the query with the typo neighbours of words that are in the
// vocabulary, and Chinese runs matching by sound, for a second attempt when
// q found nothing, and whether that adds anything. A word someone typed may
// be in the vocabulary and still be a typo (in a large catalogue "slik" is a
// word of some title); when the query as typed finds nothing, its neighbours
// are the likelier reading. Queries that find something never pay for this.
func (q Query) Widen() (Query, bool) {
	out := Query{Terms: append([]Term(nil), q.Terms...)}
	wider := false
	for i := range out.Terms {
		t := &out.Terms[i]
		if len(t.knownNear) > 0 {
			fuzzy := append([]string(nil), t.Fuzzy...)
			for _, k := range t.knownNear {
				fuzzy = appendUnique(fuzzy, k)
			}
			t.Fuzzy = fuzzy
			wider = true
		}
		if t.Kind == KindHan && len(t.Chars) > 1 && len(t.pinyinPairs()) > 0 {
			t.Homophones = true
			wider = true
		}
	}
	return out, wider
}

// nearest picks up to maxFuzzyPerTerm of a word's one-edit neighbours, the
// likeliest typos first: a swap of neighbouring letters, then those keeping
// the first letter (rarely mistyped), then the closest in length, then
// alphabetical so the choice is stable. In a large vocabulary a four-letter
// word has dozens of neighbours, and alphabetical order alone would keep
// "alik" and "blik" and drop "silk" for "slik".
func nearest(w string, found []string) []string {
	var near []string
	for _, f := range found {
		v := strings.TrimPrefix(f, translitPrefix)
		if v != w && oneEdit(v, w) && !slices.Contains(near, f) {
			near = append(near, f)
		}
	}
	n := utf8.RuneCountInString(w)
	first, _ := utf8.DecodeRuneInString(w)
	rank := func(f string) [3]int {
		v := strings.TrimPrefix(f, translitPrefix)
		r := [3]int{1, 1, abs(utf8.RuneCountInString(v) - n)}
		if r[2] == 0 && transposed(v, w) {
			r[0] = 0
		}
		if c, _ := utf8.DecodeRuneInString(v); c == first {
			r[1] = 0
		}
		return r
	}
	sort.SliceStable(near, func(a, b int) bool {
		ra, rb := rank(near[a]), rank(near[b])
		if ra != rb {
			return ra[0] < rb[0] || ra[0] == rb[0] && (ra[1] < rb[1] || ra[1] == rb[1] && ra[2] < rb[2])
		}
		return near[a] < near[b]
	})
	return near[:min(len(near), maxFuzzyPerTerm)]
}

// transposed reports whether a and b, one edit apart and of equal length,
// differ by two swapped neighbouring letters rather than one substitution.
func transposed(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	diffs := 0
	for i := range ra {
		if i < len(rb) && ra[i] != rb[i] {
			diffs++
		}
	}
	return diffs == 2
}
