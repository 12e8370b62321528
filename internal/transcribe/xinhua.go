package transcribe

import (
	"strings"
	"unicode"
)

// Russian → Chinese by the Xinhua 俄汉音译表 (the table of GB/T 17693.4-2009,
// used by Xinhua for personal names). Grid as reconstructed in the research
// note §3.2–3.3 from the 7swz.com reproduction and zh.wikipedia
// 外語譯音表/俄語, cross-checked with madmansnest/hanzify. Neutral characters
// only: the female-name characters (娅 玛 娜 …, rule 8) are a matter of
// taste the user confirms.

// xinhuaVowels are the grid's columns, in the order of the rows below.
const xinhuaVowels = "аяэеыиоёую"

// xinhuaRows: consonant → [∅, а, я, э, е, ы, и, о, ё, у, ю]; "" = no cell.
var xinhuaRows = map[string][11]string{
	"б":  {"布", "巴", "比亚", "贝", "别", "贝", "比", "博", "比奥", "布", "比尤"},
	"п":  {"普", "帕", "皮亚", "佩", "佩", "佩", "皮", "波", "皮奥", "普", "皮尤"},
	"д":  {"德", "达", "佳", "代", "杰", "德", "季", "多", "焦", "杜", "久"},
	"т":  {"特", "塔", "佳", "泰", "捷", "特", "季", "托", "乔", "图", "秋"},
	"г":  {"格", "加", "吉亚", "盖", "格", "格", "吉", "戈", "吉奥", "古", "久"},
	"к":  {"克", "卡", "基亚", "凯", "克", "克", "基", "科", "基奥", "库", "丘"},
	"в":  {"夫", "瓦", "维亚", "韦", "韦", "维", "维", "沃", "维奥", "武", "维尤"},
	"ф":  {"夫", "法", "菲亚", "费", "费", "菲", "菲", "福", "菲奥", "富", "菲尤"},
	"з":  {"兹", "扎", "贾", "泽", "泽", "济", "济", "佐", "焦", "祖", "久"},
	"с":  {"斯", "萨", "夏", "塞", "谢", "瑟", "西", "索", "肖", "苏", "休"},
	"ж":  {"日", "扎", "扎", "热", "热", "日", "日", "若", "若", "茹", "茹"},
	"ш":  {"什", "沙", "沙", "舍", "舍", "希", "希", "绍", "绍", "舒", "舒"},
	"дж": {"季", "贾", "", "杰", "杰", "吉", "吉", "焦", "焦", "朱", "久"},
	"ч":  {"奇", "恰", "", "切", "切", "奇", "奇", "乔", "乔", "丘", "丘"},
	"щ":  {"希", "夏", "夏", "谢", "谢", "希", "希", "晓", "晓", "休", "休"},
	"ц":  {"茨", "察", "齐亚", "采", "采", "齐", "齐", "措", "", "楚", "秋"},
	"х":  {"赫", "哈", "希亚", "海", "赫", "黑", "希", "霍", "", "胡", "休"},
	"м":  {"姆", "马", "米亚", "梅", "梅", "梅", "米", "莫", "苗", "穆", "缪"},
	"н":  {"恩", "纳", "尼亚", "内", "涅", "内", "尼", "诺", "尼奥", "努", "纽"},
	"л":  {"尔", "拉", "利亚", "莱", "列", "雷", "利", "洛", "廖", "卢", "柳"},
	"р":  {"尔", "拉", "里亚", "雷", "列", "雷", "里", "罗", "廖", "鲁", "留"},
	"":   {"", "阿", "亚", "埃", "耶", "厄", "伊", "奥", "约", "乌", "尤"},
}

// xinhuaNasal: consonant → [ан, ян, ен, ин, он, ун] (н or нь closing the syllable).
// The ин/он/ун columns are single-source (hanzify), see the research note.
var xinhuaNasal = map[string][6]string{
	"б": {"班", "比扬", "边", "宾", "邦", "本"}, "п": {"潘", "皮扬", "片", "平", "蓬", "蓬"},
	"д": {"丹", "江", "坚", "金", "东", "敦"}, "т": {"坦", "强", "坚", "京", "通", "通"},
	"г": {"甘", "吉扬", "根", "金", "贡", "贡"}, "к": {"坎", "基扬", "肯", "金", "孔", "昆"},
	"в": {"万", "维扬", "文", "温", "翁", "文"}, "ф": {"凡", "", "芬", "丰", "丰", "丰"},
	"з": {"赞", "江", "津", "津", "宗", "尊"}, "с": {"桑", "相", "先", "辛", "松", "孙"},
	"ж": {"然", "让", "任", "任", "容", "容"}, "ш": {"尚", "尚", "申", "申", "雄", "顺"},
	"дж": {"占", "江", "真", "金", "忠", "准"}, "ч": {"昌", "强", "琴", "钦", "琼", "春"},
	"щ": {"先", "", "先", "辛", "雄", "逊"}, "ц": {"灿", "蔷", "岑", "钦", "聪", "聪"},
	"х": {"汉", "希扬", "亨", "欣", "洪", "洪"}, "м": {"曼", "米扬", "缅", "明", "蒙", "蒙"},
	"н": {"南", "尼扬", "年", "宁", "农", "嫩"}, "л": {"兰", "良", "连", "林", "隆", "伦"},
	"р": {"兰", "良", "连", "林", "龙", "伦"}, "": {"安", "扬", "延", "因", "翁", "温"},
}

// xinhuaDiphthong: consonant → [ай, ау/ао, уй].
var xinhuaDiphthong = map[string][3]string{
	"б": {"拜", "包", "布伊"}, "п": {"派", "保", "普伊"}, "д": {"代", "道", "杜伊"}, "т": {"泰", "陶", "图伊"},
	"г": {"盖", "高", "圭"}, "к": {"凯", "考", "奎"}, "в": {"瓦伊", "沃", "维"}, "ф": {"法伊", "福", "富伊"},
	"з": {"宰", "藻", "祖伊"}, "с": {"赛", "绍", "绥"}, "ж": {"扎伊", "饶", "瑞"}, "ш": {"沙伊", "绍", "舒伊"},
	"дж": {"贾伊", "焦", "朱伊"}, "ч": {"柴", "乔", "崔"}, "щ": {"夏伊", "肖", "休伊"}, "ц": {"采", "曹", "崔"},
	"х": {"海", "豪", "惠"}, "м": {"迈", "毛", "穆伊"}, "н": {"奈", "瑙", "努伊"}, "л": {"莱", "劳", "卢伊"},
	"р": {"赖", "劳", "鲁伊"}, "": {"艾", "奥", "维"},
}

// xinhuaEstablished are given names and surnames whose Chinese form is
// fixed by usage and differs from (or is not derivable by) the grid: research
// note §3.5 and §6.2, each verified in mainland media there (hanzify also
// hard-codes 亚历山大, 阿列克谢, 尼古拉, 彼得, 谢尔盖).
var xinhuaEstablished = map[string]string{
	"владимир": "弗拉基米尔", "андрей": "安德烈", "антон": "安东", "сергей": "谢尔盖",
	"леонид": "列昂尼德", "константин": "康斯坦丁", "николай": "尼古拉", "алексей": "阿列克谢",
	"александр": "亚历山大", "пётр": "彼得", "петр": "彼得", "валентина": "瓦莲京娜",
	"дмитрий": "德米特里", "михаил": "米哈伊尔", "юрий": "尤里", "никита": "尼基塔", "лев": "列夫",
	"путин": "普京", "медведев": "梅德韦杰夫", "мишустин": "米舒斯京", "лавров": "拉夫罗夫",
	"горбачёв": "戈尔巴乔夫", "горбачев": "戈尔巴乔夫", "ельцин": "叶利钦", "брежнев": "勃列日涅夫",
	"толстой": "托尔斯泰", "пушкин": "普希金", "чехов": "契诃夫", "достоевский": "陀思妥耶夫斯基",
	"гоголь": "果戈理", "шолохов": "肖洛霍夫", "шостакович": "肖斯塔科维奇", "тарковский": "塔可夫斯基",
	"кончаловский": "康查洛夫斯基", "чайковский": "柴可夫斯基", "терешкова": "捷列什科娃",
	"леонов": "列昂诺夫", "черненко": "契尔年科", "гагарин": "加加林", "хрущёв": "赫鲁晓夫",
	"хрущев": "赫鲁晓夫", "михалков": "米哈尔科夫", "бондарчук": "邦达尔丘克", "тургенев": "屠格涅夫",
}

// Xinhua writes a Russian name in Chinese characters, name parts joined by
// the 间隔号 "·" (GB/T 15834-2011): Олег Добродеев → 奥列格·多布罗杰耶夫. Words
// with an established form take it. It reports "" for anything that is not
// Russian Cyrillic words.
func Xinhua(name string) string {
	words := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return r == ' ' || r == '-' })
	if len(words) == 0 || len(words) > 6 {
		return ""
	}
	out := make([]string, 0, len(words))
	for _, w := range words {
		if est, ok := xinhuaEstablished[w]; ok {
			out = append(out, est)
			continue
		}
		zh := xinhuaWord([]rune(w))
		if zh == "" {
			return ""
		}
		out = append(out, zh)
	}
	return strings.Join(out, "·")
}

func isRuVowel(r rune) bool { return strings.ContainsRune(xinhuaVowels, r) }

// xinhuaWord transcribes one lower-case word, syllable by syllable.
func xinhuaWord(w []rune) string {
	var b strings.Builder
	at := func(i int) rune {
		if i < len(w) {
			return w[i]
		}
		return 0
	}
	for i := 0; i < len(w); {
		r := w[i]
		if r == 'ъ' || r == 'ь' { // no column of their own (rule 9); ь after a consonant is handled there
			i++
			continue
		}
		if !unicode.Is(unicode.Cyrillic, r) {
			return ""
		}
		cons := ""
		if !isRuVowel(r) && r != 'й' {
			cons, i = consonantAt(w, i)
			if cons == "" {
				return ""
			}
		}
		v := at(i)
		if r == 'й' { // й standing alone (after a vowel): 伊 (rule 9)
			b.WriteString("伊")
			i++
			continue
		}
		if !isRuVowel(v) {
			// A consonant closing a syllable: ∅ column, or the и column before ь.
			cell := xinhuaRows[cons][0]
			switch {
			case v == 'ь' && at(i+1) != 0 && isRuVowel(at(i+1)):
				cell = xinhuaRows[cons][6] // ь before a vowel: softened syllable
			case (cons == "р" || cons == "л") && i == 1:
				cell = "勒" // word-initial р/л before a consonant (rule 5)
			case (cons == "в" || cons == "ф") && i == 1:
				cell = "弗" // word-initial form (rule 6)
			}
			if cell == "" {
				return ""
			}
			b.WriteString(cell)
			continue
		}
		next := at(i + 1)
		// н/нь closing the syllable after а я е э ин он ун: the nasal grid.
		if col := strings.IndexRune("аяеиоу", v); col >= 0 && next == 'н' && !isRuVowel(at(i+2)) && at(i+2) != 'н' {
			if col >= 0 {
				idx := []int{0, 1, 2, 3, 4, 5}[runeIndex("аяеиоу", v)]
				if cell := xinhuaNasal[cons][idx]; cell != "" {
					b.WriteString(cell)
					i += 2
					if at(i) == 'ь' {
						i++
					}
					continue
				}
			}
		}
		switch {
		case v == 'а' && next == 'й' && !isRuVowel(at(i+2)):
			b.WriteString(xinhuaDiphthong[cons][0])
			i += 2
			continue
		case v == 'а' && (next == 'у' || next == 'о'):
			b.WriteString(xinhuaDiphthong[cons][1])
			i += 2
			continue
		case v == 'у' && next == 'й' && !isRuVowel(at(i+2)):
			b.WriteString(xinhuaDiphthong[cons][2])
			i += 2
			continue
		case v == 'и' && next == 'й' && cons != "":
			b.WriteString(xinhuaRows[cons][6]) // -ий takes the и column (Дмитрий 德米特里)
			i += 2
			continue
		}
		col := runeIndex(xinhuaVowels, v) + 1
		cell := xinhuaRows[cons][col]
		if cons == "" && v == 'е' && i == 0 {
			cell = "叶" // word-initial form of 耶 (rule 6: Ельцин 叶利钦)
		}
		if cell == "" {
			return ""
		}
		b.WriteString(cell)
		i++
		if (v == 'е' || v == 'о') && next == 'й' && !isRuVowel(at(i+1)) {
			b.WriteString("伊") // ей, ой: е/о row + 伊 (rule 4)
			i++
		}
	}
	return b.String()
}

// consonantAt reads the consonant (or digraph with one cell, such as дж or
// тс) starting at w[i] and returns its grid row and the index after it.
func consonantAt(w []rune, i int) (string, int) {
	if i+1 < len(w) {
		switch string(w[i : i+2]) {
		case "дж":
			return "дж", i + 2
		case "тч", "дч":
			return "ч", i + 2
		case "сч":
			return "щ", i + 2
		case "тс", "дс", "тц", "дц":
			return "ц", i + 2
		case "дз":
			return "з", i + 2
		}
	}
	c := string(w[i])
	if _, ok := xinhuaRows[c]; !ok {
		return "", i
	}
	return c, i + 1
}

func runeIndex(s string, r rune) int {
	for i, c := range []rune(s) {
		if c == r {
			return i
		}
	}
	return -1
}
