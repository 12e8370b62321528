package transcribe

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"
)

// compoundSurnames are two-character surnames (复姓) written as one word:
// GB/T 28039-2011 5.1.1 (欧阳文 Ōuyáng Wén; 司马相南 Sīmǎ Xiàngnán). The list is the
// common part of pinyin-pro lib/data/surname.ts and overtrue surnames.php.
var compoundSurnames = map[string]string{
	"欧阳": "ouyang", "司马": "sima", "诸葛": "zhuge", "上官": "shangguan", "东方": "dongfang",
	"皇甫": "huangfu", "令狐": "linghu", "慕容": "murong", "公孙": "gongsun", "夏侯": "xiahou",
	"宇文": "yuwen", "司徒": "situ", "长孙": "zhangsun", "尉迟": "yuchi", "万俟": "moqi",
	"单于": "chanyu", "澹台": "tantai", "端木": "duanmu", "西门": "ximen", "南宫": "nangong",
	"司空": "sikong", "独孤": "dugu", "呼延": "huyan", "轩辕": "xuanyuan", "闻人": "wenren",
}

// surnameReadings are single-character surnames read differently from the
// character's default reading in go-pinyin (research note §1.3; sources
// pinyin-pro surname.ts and overtrue surnames.php, both agreeing).
// Applied to the surname only: 曾乐 is Zeng Le, not Zeng Yue (pinyin-pro #237).
var surnameReadings = map[rune]string{
	'单': "shan", '解': "xie", '区': "ou", '查': "zha", '覃': "qin", '翟': "zhai",
	'薄': "bo", '卜': "bu", '曾': "zeng", '仇': "qiu", '朴': "piao", '乐': "yue",
	'缪': "miao", '都': "du", '阚': "kan", '秘': "bi", '种': "chong", '重': "chong",
	'繁': "po", '折': "she", '藏': "zang", '粘': "nian", '六': "lu", '扎': "za",
}

// foreignSeparators mark a transcribed foreign or minority name (奥列格·多布罗杰耶夫):
// pinyin name rules do not apply (GB/T 28039 4.3). U+2027, U+30FB, U+2022 and
// U+FF0E are normalised to U+00B7 (research note §3.4 rule 10).
const foreignSeparators = "·‧・•．"

// ChineseName is a Chinese name split into surname and given name, each as
// toneless pinyin syllables (go-pinyin Normal style: ü written v).
type ChineseName struct {
	Surname []string
	Given   []string
}

// SplitChinese reads a Chinese personal name written in Han characters. It
// reports false for anything else (Latin letters, a foreign name with "·",
// more than six characters, or a character without a reading).
func SplitChinese(name string) (ChineseName, bool) {
	name = strings.TrimSpace(name)
	n := utf8.RuneCountInString(name)
	if n < 2 || n > 6 || strings.ContainsAny(name, foreignSeparators) {
		return ChineseName{}, false
	}
	for _, r := range name {
		if !unicode.Is(unicode.Han, r) {
			return ChineseName{}, false
		}
	}
	var out ChineseName
	rest := name
	if n > 2 { // a two-character name is surname + given name even if it spells a compound surname
		if py, ok := compoundSurnames[string([]rune(name)[:2])]; ok {
			out.Surname = syllablesOf(py)
			rest = string([]rune(name)[2:])
		}
	}
	if out.Surname == nil {
		first, size := utf8.DecodeRuneInString(name)
		rest = name[size:]
		if py, ok := surnameReadings[first]; ok {
			out.Surname = []string{py}
		} else {
			s := read(string(first))
			if len(s) != 1 {
				return ChineseName{}, false
			}
			out.Surname = s
		}
	}
	out.Given = read(rest)
	if len(out.Given) != utf8.RuneCountInString(rest) {
		return ChineseName{}, false
	}
	return out, true
}

// read gives the default toneless reading of each character. A fresh Args
// per call: go-pinyin's package defaults are mutable globals.
func read(s string) []string {
	a := pinyin.NewArgs()
	a.Style = pinyin.Normal
	return pinyin.LazyPinyin(s, a)
}

// syllablesOf splits a compound surname's stored reading into syllables so
// that the Cyrillic side can transcribe them one by one.
func syllablesOf(py string) []string {
	for i := 2; i < len(py)-1; i++ {
		a, b := py[:i], py[i:]
		if validSyllable(a) && validSyllable(b) {
			return []string{a, b}
		}
	}
	return []string{py}
}

func validSyllable(s string) bool { _, ok := palladiusSyllable(s); return ok }

// Pinyin writes a Chinese name in Hanyu Pinyin as GB/T 28039-2011 5.1.1
// wants it, without tones: surname first, given name as one word, each
// capitalised, an apostrophe before a/o/e inside a word (赵平安 Zhao Ping'an),
// ü kept (吕 Lü). 陈思诚 → "Chen Sicheng".
func Pinyin(name string) string {
	cn, ok := SplitChinese(name)
	if !ok {
		return ""
	}
	return joinPinyin(cn.Surname) + " " + joinPinyin(cn.Given)
}

func joinPinyin(sylls []string) string {
	var b strings.Builder
	for i, s := range sylls {
		s = strings.ReplaceAll(s, "v", "ü")
		if i > 0 && s != "" && strings.ContainsRune("aoe", rune(s[0])) {
			b.WriteByte('\'')
		}
		b.WriteString(s)
	}
	return capitalise(b.String())
}

func capitalise(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}
