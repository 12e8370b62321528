package searchbench

import (
	"math/rand/v2"
	"strings"
	"time"

	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/search/relevance"
)

// generator makes plausible titles: words of the relevance fixture (so the
// vocabulary is real Russian, English and Chinese) mixed with invented
// names, in the proportions of a film catalogue.
type generator struct {
	r          *rand.Rand
	en, ru, zh []string
	n          int
	at         time.Time
}

func newGenerator(r *rand.Rand) *generator {
	g := &generator{r: r, at: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	seen := map[string]bool{}
	for _, f := range relevance.Titles() {
		for lang, l := range f.Localizations {
			for _, w := range strings.FieldsFunc(l.Title, func(r rune) bool { return strings.ContainsRune(" ,:!«»·：", r) }) {
				if seen[lang+w] {
					continue
				}
				seen[lang+w] = true
				switch lang {
				case "en":
					g.en = append(g.en, w)
				case "ru":
					g.ru = append(g.ru, w)
				default:
					for _, c := range w {
						if c > 0x2e80 {
							g.zh = append(g.zh, string(c))
						}
					}
				}
			}
		}
	}
	return g
}

var (
	latinSyl    = []string{"ka", "lo", "mi", "ra", "ven", "tor", "sel", "dan", "ir", "os", "mar", "ti", "ne", "bor", "gra"}
	cyrillicSyl = []string{"ка", "ло", "ми", "ра", "вен", "тор", "сел", "дан", "ир", "ос", "мар", "ти", "не", "бор", "гра"}
)

// name invents a word (a place or person) from syllables.
func (g *generator) name(syl []string) string {
	var b strings.Builder
	for range 2 + g.r.IntN(3) {
		b.WriteString(syl[g.r.IntN(len(syl))])
	}
	s := b.String()
	rs := []rune(s)
	return strings.ToUpper(string(rs[0])) + string(rs[1:])
}

func (g *generator) words(list []string, syl []string) string {
	n := 1 + g.r.IntN(4)
	parts := make([]string, n)
	for i := range parts {
		if g.r.IntN(3) == 0 {
			parts[i] = g.name(syl)
		} else {
			parts[i] = list[g.r.IntN(len(list))]
		}
	}
	return strings.Join(parts, " ")
}

func (g *generator) title() *catalog.Title {
	g.n++
	var zh strings.Builder
	for range 2 + g.r.IntN(5) {
		zh.WriteString(g.zh[g.r.IntN(len(g.zh))])
	}
	t := &catalog.Title{ID: catalog.NewID(), Owner: "benchco", Version: 1, CreatedAt: g.at, UpdatedAt: g.at}
	t.Fields = catalog.Fields{
		Kind: catalog.Kinds[g.r.IntN(2)], OriginalLanguage: []string{"en", "ru", "zh-Hans"}[g.r.IntN(3)],
		ProductionYear: 1950 + g.r.IntN(76), Visibility: catalog.VisibilityPublic, Producers: []string{"benchco"},
		Genres:    []string{catalog.Genres[g.r.IntN(len(catalog.Genres))]},
		Countries: []string{[]string{"CN", "RU", "US"}[g.r.IntN(3)]},
		Localizations: map[string]catalog.Localization{
			"en": {Title: g.words(g.en, latinSyl)}, "ru": {Title: g.words(g.ru, cyrillicSyl)}, "zh-Hans": {Title: zh.String()},
		},
	}
	return t
}
