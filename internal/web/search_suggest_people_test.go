package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/demo"
)

// TestSuggestionsListPeopleBelowTitles: the header box's fragment lists the
// people whose names match below the titles, under a label in the page's
// language, each linking to the person's page and named in the interface
// language, with the form the query matched when another.
func TestSuggestionsListPeopleBelowTitles(t *testing.T) {
	s := newSite(t)
	c := s.client(t)
	c.signIn(demo.UserEmail("vgtrk", auth.RoleViewer))
	shen := `href="/people/` + demo.PersonID("Shen Haixiong") + `"`
	dobrodeev := `href="/people/` + demo.PersonID("Oleg Dobrodeev") + `"`
	cases := []struct{ lang, q, link, label, name, match string }{
		{"ru", "Shen Hai", shen, "Люди", `<bdi lang="ru">Шэнь Хайсюн</bdi>`, `lang="zh-Hans" dir="auto"><mark>慎海</mark>雄`},
		{"zh-Hans", "Доброд", dobrodeev, "人员", `<bdi lang="zh-Hans">奥列格·多布罗杰耶夫</bdi>`, `lang="ru" dir="auto">Олег <mark>Добродеев</mark>`},
		// The query matched the displayed name: shown once, highlighted.
		{"en", "dobrodeev", dobrodeev, "People", `<bdi lang="en">Oleg <mark>Dobrodeev</mark></bdi>`, ""},
	}
	for _, tc := range cases {
		c.post("/search", "/lang", url.Values{"lang": {tc.lang}, "next": {"/search"}})
		body := c.get("/search/suggest?q=" + url.QueryEscape(tc.q)).body
		group := strings.Index(body, `class="suggest-people"`)
		i := strings.Index(body, tc.link)
		if group < 0 || i < group {
			t.Errorf("%s %q: no %s among the people:\n%s", tc.lang, tc.q, tc.link, body)
			continue
		}
		if !strings.Contains(body[group:i], `id="suggest-people">`+tc.label+`</span>`) {
			t.Errorf("%s %q: the people are not labelled %q:\n%s", tc.lang, tc.q, tc.label, body)
		}
		if j := strings.Index(body, `href="/titles/`); j > group {
			t.Errorf("%s %q: a title is listed below the people:\n%s", tc.lang, tc.q, body)
		}
		item := body[i:]
		item = item[:strings.Index(item, "</li>")]
		if !strings.Contains(item, tc.name) {
			t.Errorf("%s %q: suggestion lacks %s:\n%s", tc.lang, tc.q, tc.name, item)
		}
		if tc.match != "" && !strings.Contains(item, tc.match) {
			t.Errorf("%s %q: suggestion lacks the matched form %s:\n%s", tc.lang, tc.q, tc.match, item)
		}
		if tc.match == "" && strings.Contains(item, "suggest-match") {
			t.Errorf("%s %q: the matched form repeats the name:\n%s", tc.lang, tc.q, item)
		}
	}
	if body := c.get("/search/suggest?q=" + url.QueryEscape("zzzz qqqq")).body; strings.Contains(body, "suggest-people") {
		t.Errorf("a query matching nobody lists people:\n%s", body)
	}
}
