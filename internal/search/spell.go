package search

import "strings"

// Romanize returns the Latin spellings of a Russian text under every
// romanization the index knows (GOST 7.79-B, BGN/PCGN, ICAO, popular), one
// per distinct spelling of the whole text. Benchmarks use it to write the
// queries a Latin-keyboard user would type.
func Romanize(text string) []string {
	var per [][]string
	for _, t := range Tokenize(text) {
		if t.Kind == KindCyrillic {
			per = append(per, romanize(t.Orig))
		} else {
			per = append(per, []string{t.Text})
		}
	}
	var out []string
	for i := 0; ; i++ {
		var words []string
		more := false
		for _, alts := range per {
			words = append(words, alts[min(i, len(alts)-1)])
			more = more || i+1 < len(alts)
		}
		out = appendUnique(out, strings.Join(words, " "))
		if !more {
			return out
		}
	}
}

// Pinyin returns the usual toneless pinyin of each Chinese character of text
// (other characters are skipped).
func Pinyin(text string) []string {
	var out []string
	for _, t := range Tokenize(text) {
		if t.Kind == KindHan {
			if r := readings(t.Text); len(r) > 0 {
				out = append(out, r[0])
			}
		}
	}
	return out
}
