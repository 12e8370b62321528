package httpapi_test

import (
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// TestTitleListSort: ?sort=title orders by the title in the reader's
// language with that language's collation (Russian Ё among the Е, not
// before А as byte order puts it), page by page through next_cursor; a bad
// filter value is a 422 naming the query parameter with a code and value.
func TestTitleListSort(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b := setup(t, open)
		for _, ru := range []string{"Жара", "Ёлки", "Аврора"} {
			body := redSilk()
			body["localizations"] = map[string]any{"ru": map[string]any{"title": ru}, "en": map[string]any{"title": "Film " + ru}}
			b.do("POST", "/api/v1/titles", "cmg/editor", body).want(t, http.StatusCreated)
		}
		var got []string
		path := "/api/v1/titles?sort=title&lang=ru&limit=1"
		for range 5 {
			page := b.do("GET", path, "cmg/viewer", nil).want(t, http.StatusOK)
			for _, it := range page.body["items"].([]any) {
				got = append(got, it.(map[string]any)["display_title"].(string))
			}
			next, _ := page.body["next_cursor"].(string)
			if next == "" {
				break
			}
			path = "/api/v1/titles?sort=title&lang=ru&limit=1&cursor=" + url.QueryEscape(next)
		}
		if want := []string{"Аврора", "Ёлки", "Жара"}; !slices.Equal(got, want) {
			t.Fatalf("sort=title in Russian: %q, want %q", got, want)
		}
		bad := b.do("GET", "/api/v1/titles?genre=opera&country=XX", "cmg/viewer", nil).want(t, http.StatusUnprocessableEntity)
		errs, _ := bad.body["errors"].([]any)
		locs := map[string]string{}
		for _, e := range errs {
			m := e.(map[string]any)
			code, _ := m["code"].(string)
			locs[m["location"].(string)] = code
		}
		if locs["query.genre"] != "filter.genre" || locs["query.country"] != "filter.country" {
			t.Fatalf("problem errors = %s", bad.raw)
		}
		b.do("GET", "/api/v1/titles?sort=random", "cmg/viewer", nil).want(t, http.StatusUnprocessableEntity)
	})
}
