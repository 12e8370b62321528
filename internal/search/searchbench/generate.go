package searchbench

import (
	_ "embed"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/mozillazg/go-pinyin"

	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/search/relevance"
)

// Vocabulary sizes and word frequencies. Words of each alphabetic language
// are drawn from a Zipf distribution (exponent zipfS) over a list whose head
// is the real words of the relevance fixture and whose tail is invented
// words, so that a few words are very common (as "the" and «и» are in real
// titles) and most are rare. Chinese characters are drawn with their real
// frequencies in modern Chinese (hanFrequencies).
const (
	vocabWords = 40000 // per alphabetic language
	zipfS      = 1.07
)

// hanFrequencies lists simplified characters by their frequency in modern
// Chinese (see the file's header for the source), so 的 is in about one
// generated title in six, as in running text, rather than a character of the
// relevance fixture being in half of them.
//
//go:embed hanfreq.txt
var hanFrequencies string

// hanWeights parses hanFrequencies into characters and cumulative counts.
func hanWeights() (chars []string, cum []float64) {
	total := 0.0
	for _, line := range strings.Split(hanFrequencies, "\n") {
		c, n, ok := strings.Cut(line, " ")
		count, err := strconv.ParseFloat(n, 64)
		if !ok || err != nil || strings.HasPrefix(line, "#") {
			continue
		}
		total += count
		chars, cum = append(chars, c), append(cum, total)
	}
	return chars, cum
}

// generator makes plausible titles with zh-Hans, ru and en localizations.
type generator struct {
	r                  *rand.Rand
	en, ru, zh         []string
	zhCum              []float64 // cumulative weights of zh
	zEn, zRu           *rand.Zipf
	at                 time.Time
	latinSyl, cyrilSyl []string
}

func newGenerator(r *rand.Rand) *generator {
	g := &generator{r: r, at: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	seen := map[string]bool{}
	add := func(list *[]string, w string) {
		if w != "" && !seen[w] {
			seen[w] = true
			*list = append(*list, w)
		}
	}
	for _, f := range relevance.Titles() {
		for lang, l := range f.Localizations {
			for _, w := range strings.FieldsFunc(l.Title, func(r rune) bool { return strings.ContainsRune(" ,:!«»·：.?", r) }) {
				switch lang {
				case "en":
					add(&g.en, strings.ToLower(w))
				case "ru":
					add(&g.ru, strings.ToLower(w))
				default:
					for _, c := range w {
						if unicode.Is(unicode.Han, c) {
							add(&g.zh, string(c))
						}
					}
				}
			}
		}
	}
	// Invented words: two to four syllables, Russian ones with common endings
	// so stemming has something to do.
	latin := strings.Fields("ka lo mi ra ven tor sel dan ir os mar ti ne bor gra li ful ber ston wood ham wick lan der ex pre con tra mo ry ash ing ter sun vel")
	cyr := strings.Fields("ка ло ми ра вен тор сел дан ир ос мар ти не бор гра ли ков ско зем ле ре вол ны ст пра до жи ве со ку ша пе")
	endings := strings.Fields("а ы ой ая ого ов ем ский ская ие ами ость ник")
	for len(g.en) < vocabWords {
		var b strings.Builder
		for range 2 + r.IntN(3) {
			b.WriteString(latin[r.IntN(len(latin))])
		}
		add(&g.en, b.String())
	}
	for len(g.ru) < vocabWords {
		var b strings.Builder
		for range 1 + r.IntN(3) {
			b.WriteString(cyr[r.IntN(len(cyr))])
		}
		b.WriteString(endings[r.IntN(len(endings))])
		add(&g.ru, b.String())
	}
	// Characters by real frequency; the fixture's characters the list
	// lacks (rare ones) get its smallest count. Only characters with a pinyin
	// reading, so pinyin queries can be made from every title.
	chars, cum := hanWeights()
	fixture := g.zh
	g.zh = nil
	have := map[string]bool{}
	prev, least := 0.0, 0.0
	for i, c := range chars {
		n := cum[i] - prev
		prev = cum[i]
		if least == 0 || n < least {
			least = n
		}
		if r := []rune(c); len(r) == 1 && len(pinyin.PinyinDict[int(r[0])]) > 0 {
			have[c] = true
			g.zh = append(g.zh, c)
			g.zhCum = append(g.zhCum, g.total()+n)
		}
	}
	for _, c := range fixture {
		if !have[c] && len(pinyin.PinyinDict[int([]rune(c)[0])]) > 0 {
			g.zh = append(g.zh, c)
			g.zhCum = append(g.zhCum, g.total()+least)
		}
	}
	g.zEn = rand.NewZipf(r, zipfS, 1, uint64(len(g.en)-1))
	g.zRu = rand.NewZipf(r, zipfS, 1, uint64(len(g.ru)-1))
	return g
}

// words makes a title of 1–4 words.
func (g *generator) words(list []string, z *rand.Zipf) string {
	parts := make([]string, 1+g.r.IntN(4))
	for i := range parts {
		parts[i] = list[z.Uint64()]
	}
	s := strings.Join(parts, " ")
	rs := []rune(s)
	return string(unicode.ToUpper(rs[0])) + string(rs[1:])
}

// total is the sum of the Chinese characters' weights so far.
func (g *generator) total() float64 {
	if len(g.zhCum) == 0 {
		return 0
	}
	return g.zhCum[len(g.zhCum)-1]
}

// han makes a Chinese title of 2–7 characters, each drawn by its frequency.
func (g *generator) han() string {
	var b strings.Builder
	for range 2 + g.r.IntN(6) {
		i := sort.SearchFloat64s(g.zhCum, g.r.Float64()*g.total())
		b.WriteString(g.zh[min(i, len(g.zh)-1)])
	}
	return b.String()
}

func (g *generator) title() *catalog.Title {
	t := &catalog.Title{ID: catalog.NewID(), Owner: "benchco", Version: 1, CreatedAt: g.at, UpdatedAt: g.at}
	t.Fields = catalog.Fields{
		Kind: catalog.Kinds[g.r.IntN(2)], OriginalLanguage: []string{"en", "ru", "zh-Hans"}[g.r.IntN(3)],
		ProductionYear: 1950 + g.r.IntN(76), Visibility: catalog.VisibilityPublic, Producers: []string{"benchco"},
		Genres:    []string{catalog.Genres[g.r.IntN(len(catalog.Genres))]},
		Countries: []string{[]string{"CN", "RU", "US"}[g.r.IntN(3)]},
		Localizations: map[string]catalog.Localization{
			"en": {Title: g.words(g.en, g.zEn)}, "ru": {Title: g.words(g.ru, g.zRu)}, "zh-Hans": {Title: g.han()},
		},
	}
	if g.r.IntN(10) == 0 {
		// Some titles the benchmark's viewer (another organisation) may not
		// read, so the visibility rule has work to do.
		t.Visibility = catalog.VisibilityPrivate
	}
	return t
}
