package transcribe

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzSuggest: no input panics, every suggestion is valid UTF-8 without
// control characters, and a suggestion stays short (names are short; the
// transcribers must not blow a name up).
func FuzzSuggest(f *testing.F) {
	for _, s := range []string{"陈思诚", "慎海雄", "Олег Добродеев", "欧阳", "Ьъй", "йй", "нн", "дж", "ан", "吕略", "\x00", "Ёё-Ъ"} {
		f.Add(s, "zh-Hans")
		f.Add(s, "ru")
	}
	f.Fuzz(func(t *testing.T, name, lang string) {
		for tag, s := range Suggest(name, lang) {
			if !utf8.ValidString(s) || strings.ContainsAny(s, "\x00\n\r\t") {
				t.Fatalf("%s: bad suggestion %q for %q", tag, s, name)
			}
			if utf8.RuneCountInString(s) > 8*utf8.RuneCountInString(name)+8 {
				t.Fatalf("%s: suggestion %q too long for %q", tag, s, name)
			}
		}
		_ = Xinhua(name)
		_ = ICAO(name)
		_ = Pinyin(name)
		_ = Palladius(name)
	})
}
