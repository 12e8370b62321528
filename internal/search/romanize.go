package search

import "strings"

// Romanizations of Russian Cyrillic. A Latin-keyboard user may type any of
// them, so every Cyrillic word is indexed under all (deduplicated):
//
//	GOST 7.79-2000 System B  шёлк → shyolk, красный → krasnyj (apostrophes dropped)
//	BGN/PCGN                 шёлк → shelk,  красный → krasnyy
//	ICAO 9303 (passports)    шёлк → shelk,  красный → krasnyi
//	popular                  шёлк → sholk   (ё as o after ж ч ш щ, as in press usage)
//
// The tables work on folded (lower-case) text that still has its ё.
type romanTable struct {
	letters map[rune]string
	// yo and ye handle ё and е, whose spelling depends on what precedes them.
	yo func(prev rune) string
	ye func(prev rune) string
	ts func(next rune) string // ц, which GOST writes c before и е ы й and cz elsewhere
}

var common = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'ж': "zh", 'з': "z", 'и': "i",
	'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s",
	'т': "t", 'у': "u", 'ф': "f", 'ч': "ch", 'ш': "sh", 'ъ': "", 'ь': "", 'э': "e",
	'ю': "yu", 'я': "ya", 'ы': "y",
	// Ukrainian and Belarusian letters that appear in Russian-catalogue names.
	'і': "i", 'ї': "yi", 'є': "ye", 'ґ': "g", 'ў': "u",
}

func with(extra map[rune]string) map[rune]string {
	m := make(map[rune]string, len(common)+len(extra))
	for k, v := range common {
		m[k] = v
	}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

func isVowelOrSign(r rune) bool {
	return r == 0 || strings.ContainsRune("аеёиоуыэюяьъ", r)
}

func isHush(r rune) bool { return strings.ContainsRune("жчшщ", r) }

var romanTables = []romanTable{
	{ // GOST 7.79-2000 System B
		letters: with(map[rune]string{'й': "j", 'х': "x", 'щ': "shh"}),
		yo:      func(rune) string { return "yo" },
		ye:      func(rune) string { return "e" },
		ts: func(next rune) string {
			if strings.ContainsRune("иеыйё", next) {
				return "c"
			}
			return "cz"
		},
	},
	{ // BGN/PCGN 1947
		letters: with(map[rune]string{'й': "y", 'х': "kh", 'щ': "shch"}),
		yo: func(prev rune) string {
			if isVowelOrSign(prev) {
				return "ye"
			}
			return "e"
		},
		ye: func(prev rune) string {
			if isVowelOrSign(prev) {
				return "ye"
			}
			return "e"
		},
		ts: func(rune) string { return "ts" },
	},
	{ // ICAO Doc 9303
		letters: with(map[rune]string{'й': "i", 'х': "kh", 'щ': "shch", 'ъ': "ie", 'ю': "iu", 'я': "ia"}),
		yo:      func(rune) string { return "e" },
		ye:      func(rune) string { return "e" },
		ts:      func(rune) string { return "ts" },
	},
	{ // popular press spelling
		letters: with(map[rune]string{'й': "y", 'х': "kh", 'щ': "shch"}),
		yo: func(prev rune) string {
			if isHush(prev) {
				return "o"
			}
			return "yo"
		},
		ye: func(rune) string { return "e" },
		ts: func(rune) string { return "ts" },
	},
}

// romanize returns the distinct romanizations of a folded Cyrillic word (ё
// kept). Letters outside the tables (Latin mixed into a word) pass through.
// The result is shared (internal/memo): callers must not modify it.
func romanize(w string) []string { return romanizations.Get(w) }

// romanizeWord is romanize without the memo.
func romanizeWord(w string) []string {
	rs := []rune(w)
	var out []string
	for _, t := range romanTables {
		var b strings.Builder
		for i, r := range rs {
			var prev, next rune
			if i > 0 {
				prev = rs[i-1]
			}
			if i+1 < len(rs) {
				next = rs[i+1]
			}
			switch r {
			case 'ё':
				b.WriteString(t.yo(prev))
			case 'е':
				b.WriteString(t.ye(prev))
			case 'ц':
				b.WriteString(t.ts(next))
			default:
				if s, ok := t.letters[r]; ok {
					b.WriteString(s)
				} else if r < 0x80 || r > 0x4ff {
					b.WriteRune(r)
				}
			}
		}
		if s := b.String(); s != "" {
			out = appendUnique(out, s)
		}
	}
	return out
}
