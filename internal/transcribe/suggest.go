package transcribe

import "strings"

// Suggest returns the name in the other languages the hub writes names in,
// keyed by BCP-47 tag, for a name typed in language lang. Chinese input gives
// en (pinyin) and ru (Palladius); Russian input gives zh-Hans (Xinhua) and en
// (ICAO 9303). Other input, or a name the rules cannot read, gives none.
func Suggest(name, lang string) map[string]string {
	out := map[string]string{}
	put := func(tag, v string) {
		if v != "" {
			out[tag] = v
		}
	}
	switch base, _, _ := strings.Cut(strings.ToLower(lang), "-"); base {
	case "zh":
		put("en", Pinyin(name))
		put("ru", Palladius(name))
	case "ru":
		put("zh-Hans", Xinhua(name))
		put("en", ICAO(name))
	}
	return out
}
