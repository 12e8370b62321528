package transcribe

import "strings"

// Palladius Cyrillic for Chinese (система Палладия). Tables from the
// "Cyrillization of Chinese" initials and finals charts (research note §2.1,
// §2.2), with the standard -uo → -о after every initial (до, то, шо, со, чо:
// studfile.net/preview/3067621, orthodox.cn pinyin-pallad concordance) and
// hui → хуэй.

var palladiusInitials = []struct{ latin, cyr string }{
	{"zh", "чж"}, {"ch", "ч"}, {"sh", "ш"},
	{"b", "б"}, {"p", "п"}, {"m", "м"}, {"f", "ф"}, {"d", "д"}, {"t", "т"}, {"n", "н"}, {"l", "л"},
	{"g", "г"}, {"k", "к"}, {"h", "х"}, {"j", "цз"}, {"q", "ц"}, {"x", "с"}, {"r", "ж"},
	{"z", "цз"}, {"c", "ц"}, {"s", "с"},
}

// palladiusFinals after an initial.
var palladiusFinals = map[string]string{
	"a": "а", "ai": "ай", "ao": "ао", "an": "ань", "ang": "ан", "e": "э", "ei": "эй", "ou": "оу",
	"en": "энь", "eng": "эн", "o": "о", "ong": "ун",
	"i": "и", "ia": "я", "iao": "яо", "ie": "е", "iu": "ю", "ian": "янь", "in": "инь", "iang": "ян",
	"ing": "ин", "iong": "юн",
	"u": "у", "ua": "уа", "uo": "о", "uai": "уай", "ui": "уй", "uan": "уань", "un": "унь", "uang": "уан",
	"v": "юй", "ve": "юэ", "van": "юань", "vn": "юнь", "ue": "юэ",
}

// palladiusZero are the syllables without an initial (y-, w- and vowel-initial).
var palladiusZero = map[string]string{
	"a": "а", "ai": "ай", "ao": "ао", "an": "ань", "ang": "ан", "e": "э", "ei": "эй", "en": "энь",
	"eng": "эн", "er": "эр", "o": "о", "ou": "оу",
	"yi": "и", "ya": "я", "yao": "яо", "ye": "е", "you": "ю", "yan": "янь", "yin": "инь", "yang": "ян",
	"ying": "ин", "yong": "юн", "yo": "ё", "yu": "юй", "yue": "юэ", "yuan": "юань", "yun": "юнь",
	"wu": "у", "wa": "ва", "wo": "во", "wai": "вай", "wei": "вэй", "wan": "вань", "wen": "вэнь",
	"wang": "ван", "weng": "вэн",
}

// palladiusSyllable transcribes one toneless pinyin syllable (ü as v).
func palladiusSyllable(s string) (string, bool) {
	if c, ok := palladiusZero[s]; ok {
		return c, true
	}
	switch s { // apical -i and the one exception
	case "zhi", "chi", "shi", "ri":
		return map[string]string{"zhi": "чжи", "chi": "чи", "shi": "ши", "ri": "жи"}[s], true
	case "zi", "ci", "si":
		return map[string]string{"zi": "цзы", "ci": "цы", "si": "сы"}[s], true
	case "hui":
		return "хуэй", true // never хуй (research note §2.2)
	}
	for _, in := range palladiusInitials {
		fin, ok := strings.CutPrefix(s, in.latin)
		if !ok {
			continue
		}
		if strings.ContainsAny(in.latin[:1], "jqx") && strings.HasPrefix(fin, "u") {
			fin = "v" + fin[1:] // ju qu xu are jü qü xü
		}
		c, ok := palladiusFinals[fin]
		if !ok || (fin == "o" && !strings.ContainsAny(in.latin, "bpmf")) {
			return "", false
		}
		return in.cyr + c, true
	}
	return "", false
}

// palladiusWord joins syllables into one word. After -н from -ng a vowel-
// initial syllable takes ъ (张丰毅 Чжан Фэнъи, 长安 Чанъань); after -нь none
// (西安 Сиань, 新安 Синьань).
func palladiusWord(sylls []string) (string, bool) {
	var b strings.Builder
	prevNG := false
	for _, s := range sylls {
		c, ok := palladiusSyllable(s)
		if !ok {
			return "", false
		}
		if prevNG && strings.ContainsAny(c[:2], "аоэиуяеюё") {
			b.WriteString("ъ")
		}
		b.WriteString(c)
		prevNG = strings.HasSuffix(s, "ng")
	}
	return capitalise(b.String()), true
}

// Palladius writes a Chinese name in Palladius Cyrillic: surname, space,
// given name as one word (Чжан Имоу, Сыма Цянь). 慎海雄 → "Шэнь Хайсюн".
func Palladius(name string) string {
	cn, ok := SplitChinese(name)
	if !ok {
		return ""
	}
	sur, ok1 := palladiusWord(cn.Surname)
	given, ok2 := palladiusWord(cn.Given)
	if !ok1 || !ok2 {
		return ""
	}
	return sur + " " + given
}
