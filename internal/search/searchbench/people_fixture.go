package searchbench

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/silkbridge/silkbridge/internal/people"
	"github.com/silkbridge/silkbridge/internal/store"
)

// peopleFixture are real directors and actors with their established names
// in each script (sources: the transcribe package's test vectors and
// docs/people.md), added to the generated directory so the relevance check
// has one right answer per query among 500,000 generated namesakes.
var peopleFixture = []struct {
	id    string
	names map[string]string
}{
	{"zhang-yimou", map[string]string{"zh-Hans": "张艺谋", "en": "Zhang Yimou", "ru": "Чжан Имоу"}},
	{"chen-kaige", map[string]string{"zh-Hans": "陈凯歌", "en": "Chen Kaige", "ru": "Чэнь Кайгэ"}},
	{"jia-zhangke", map[string]string{"zh-Hans": "贾樟柯", "en": "Jia Zhangke", "ru": "Цзя Чжанкэ"}},
	{"zhang-ziyi", map[string]string{"zh-Hans": "章子怡", "en": "Zhang Ziyi", "ru": "Чжан Цзыи"}},
	{"gong-li", map[string]string{"zh-Hans": "巩俐", "en": "Gong Li", "ru": "Гун Ли"}},
	{"tarkovsky", map[string]string{"ru": "Андрей Тарковский", "en": "Andrei Tarkovsky", "zh-Hans": "安德烈·塔可夫斯基"}},
	{"mikhalkov", map[string]string{"ru": "Никита Михалков", "en": "Nikita Mikhalkov", "zh-Hans": "尼基塔·米哈尔科夫"}},
	{"zvyagintsev", map[string]string{"ru": "Андрей Звягинцев", "en": "Andrey Zvyagintsev", "zh-Hans": "安德烈·萨金塞夫"}},
	{"ernst", map[string]string{"ru": "Константин Эрнст", "en": "Konstantin Ernst", "zh-Hans": "康斯坦丁·埃尔恩斯特"}},
	{"colman", map[string]string{"en": "Olivia Colman"}},
}

// peopleRelevance are the queries whose fixture person must come first:
// native script, the other scripts, romanizations the fixture does not
// store, and surnames alone where the surname is rare.
var peopleRelevance = []struct{ q, want string }{
	{"张艺谋", "zhang-yimou"}, {"Zhang Yimou", "zhang-yimou"}, {"Чжан Имоу", "zhang-yimou"}, {"zhang yimou", "zhang-yimou"},
	{"陈凯歌", "chen-kaige"}, {"Chen Kaige", "chen-kaige"}, {"Чэнь Кайгэ", "chen-kaige"},
	{"贾樟柯", "jia-zhangke"}, {"Jia Zhangke", "jia-zhangke"},
	{"章子怡", "zhang-ziyi"}, {"Zhang Ziyi", "zhang-ziyi"},
	{"Андрей Тарковский", "tarkovsky"}, {"Tarkovsky", "tarkovsky"}, {"塔可夫斯基", "tarkovsky"},
	{"Никита Михалков", "mikhalkov"}, {"Nikita Mikhalkov", "mikhalkov"},
	{"Звягинцев", "zvyagintsev"}, {"Zvyagintsev", "zvyagintsev"},
	{"Konstantin Ernst", "ernst"}, {"Olivia Colman", "colman"},
}

// fixtureID is the stored id of a fixture person (a valid UUID text).
func fixtureID(i int) string { return fmt.Sprintf("00000000-0000-7000-8000-%012d", i+1) }

// loadPeopleFixture stores the fixture people (public, owned by benchco).
func loadPeopleFixture(ctx context.Context, db *sql.DB, d store.Dialect) error {
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var ps []*people.Person
	for i, f := range peopleFixture {
		p := &people.Person{ID: fixtureID(i), Owner: "benchco", Version: 1, CreatedAt: at, UpdatedAt: at}
		p.Visibility = people.Visibility("public")
		p.Localizations = map[string]people.PersonName{}
		for tag, n := range f.names {
			p.Localizations[tag] = people.PersonName{Name: n}
		}
		p.Roles = []people.PersonRole{"director"}
		ps = append(ps, p)
	}
	return bulkPeople(ctx, db, d, ps)
}

// fixtureKey maps stored fixture ids to their keys.
func fixtureKey() map[string]string {
	out := map[string]string{}
	for i, f := range peopleFixture {
		out[fixtureID(i)] = f.id
	}
	return out
}
