package ffmpeg

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// LanguageTag turns a container's language tag (ISO 639-2, either the
// terminology "zho" or the bibliographic "chi" form, or already BCP-47)
// into a BCP-47 tag: "zho" and "chi" → "zh", "rus" → "ru". Undetermined,
// multiple, no-linguistic-content and unknown codes give "".
func LanguageTag(code string) string {
	code = strings.TrimSpace(code)
	if code == "" || len(code) > 35 {
		return ""
	}
	tag, err := language.Parse(code)
	if err != nil {
		return ""
	}
	if s := tag.String(); s == "und" || strings.HasPrefix(s, "und-") {
		return ""
	}
	base, conf := tag.Base()
	if conf == language.No {
		return ""
	}
	switch base.String() {
	case "und", "mul", "zxx", "mis":
		return ""
	}
	if base.ISO3() >= "qaa" && base.ISO3() <= "qtz" {
		return "" // private use: means something only to its author
	}
	return tag.String()
}

// LanguageName is a language's name in that language, with its first
// letter capitalised the way a menu shows it ("ru" → "Русский",
// "zh" → "中文"); "" when unknown.
func LanguageName(tag string) string {
	t, err := language.Parse(tag)
	if err != nil {
		return ""
	}
	name := display.Self.Name(t)
	r, size := utf8.DecodeRuneInString(name)
	if r == utf8.RuneError {
		return ""
	}
	return string(unicode.ToTitle(r)) + name[size:]
}
