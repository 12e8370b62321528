package transcribe

import (
	"strings"
	"unicode"
)

// icao is the Russian Cyrillic → Latin table of ICAO Doc 9303 (7th ed.,
// part 3, section 6), used in Russian passports issued since 2014 (приказ
// ФМС 15.10.2012 № 320): й i, ц ts, ъ ie, ь dropped, ю iu, я ia. Checked
// against the sample vectors of github.com/nalgeon/iuliia icao_doc_9303.json.
var icao = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh", 'з': "z",
	'и': "i", 'й': "i", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r",
	'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh",
	'щ': "shch", 'ъ': "ie", 'ы': "y", 'ь': "", 'э': "e", 'ю': "iu", 'я': "ia",
}

// ICAO writes a Russian name in Latin letters by ICAO Doc 9303, each word
// capitalised as names are in running text ("Oleg Dobrodeev"; the passport
// itself prints capitals). It reports "" for a name without Cyrillic letters
// or with letters of another script.
func ICAO(name string) string {
	var b strings.Builder
	start, seen := true, false
	for _, r := range strings.TrimSpace(name) {
		lat, ok := icao[unicode.ToLower(r)]
		switch {
		case ok:
			seen = true
			if start && lat != "" {
				lat = strings.ToUpper(lat[:1]) + lat[1:]
				start = false
			}
			b.WriteString(lat)
		case r == ' ' || r == '-' || r == '\'' || r == '.':
			b.WriteRune(r)
			start = true
		default:
			return ""
		}
	}
	if !seen {
		return ""
	}
	return b.String()
}
