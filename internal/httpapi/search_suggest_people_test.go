package httpapi_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// TestSuggestNamesPeople: the search box's suggestions list people below
// titles. A director entered under a Chinese name is found by the Russian
// (Cyrillic) and the pinyin forms of the name, the last word typed only in
// part, and is named in the caller's language; type narrows the answer to
// titles or to people.
func TestSuggestNamesPeople(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b := setupPeople(t, open)
		dir := b.do("POST", "/api/v1/people", "cmg/editor", map[string]any{
			"localizations": map[string]any{"zh-Hans": map[string]any{"name": "陈思诚"}}, "roles": []any{"director"}, "visibility": "public",
		}).want(t, http.StatusCreated).body["id"].(string)
		suggest := func(q, query string) *response {
			return b.do("GET", "/api/v1/search/suggest?q="+url.QueryEscape(q)+query, "other/viewer", nil).want(t, http.StatusOK)
		}
		for _, c := range []struct{ q, lang, name string }{
			{"Чэнь Сыч", "ru", "Чэнь Сычэн"},
			{"chen sich", "zh-Hans", "陈思诚"},
			{"Chen Sicheng", "en", "Chen Sicheng"},
		} {
			res := suggest(c.q, "&lang="+c.lang)
			people, _ := res.body["people"].([]any)
			if len(people) != 1 {
				t.Errorf("%q: people %s", c.q, res.raw)
				continue
			}
			p := people[0].(map[string]any)
			if p["id"] != dir || p["type"] != "person" || p["name"] != c.name || p["title"] != c.name {
				t.Errorf("%q (%s): person %v, want %s named %q", c.q, c.lang, p, dir, c.name)
			}
			if hits, _ := res.body["hits"].([]any); hits == nil {
				t.Errorf("%q: hits missing: %s", c.q, res.raw)
			}
		}
		if people := suggest("chen sich", "&type=title").body["people"].([]any); len(people) != 0 {
			t.Errorf("type=title lists people: %v", people)
		}
		if only := suggest("chen sich", "&type=person"); len(only.body["people"].([]any)) != 1 || len(only.body["hits"].([]any)) != 0 {
			t.Errorf("type=person: %s", only.raw)
		}
		if people := suggest("Добродеев", "").body["people"].([]any); len(people) != 0 {
			t.Errorf("an unknown name suggests people: %v", people)
		}
		b.do("GET", "/api/v1/search/suggest?q=chen&type=film", "other/viewer", nil).want(t, http.StatusUnprocessableEntity)
	})
}
