package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/httpapi"
	"github.com/silkbridge/silkbridge/internal/server"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// TestSuggestSpeaksTheCallersLanguage checks that a suggestion's title is in
// the caller's language whatever script the (misspelt) query was in, that a
// title without that language falls back to the same language in another
// script, then the original language, and that the highlight still shows
// the form that matched.
func TestSuggestSpeaksTheCallersLanguage(t *testing.T) {
	b := storetest.NewSearchBundle(t, storetest.OpenSQLite(t))
	f := storetest.TitleFields("Red Silk", catalog.VisibilityPublic)
	f.Localizations["zh-Hans"] = catalog.Localization{Title: "红丝绸"}
	f.Localizations["ru"] = catalog.Localization{Title: "Красный шёлк"}
	b.Create(t, "cmg", f)
	solaris := catalog.Fields{Kind: catalog.KindFilm, OriginalLanguage: "ru", ProductionYear: 1972, Visibility: catalog.VisibilityPublic,
		Localizations: map[string]catalog.Localization{"ru": {Title: "Солярис"}, "zh-Hant": {Title: "飛向太空"}}}
	b.Create(t, "cmg", solaris)
	b.Sync(t)
	_, token, err := b.Tokens.Issue(context.Background(), "other", auth.RoleViewer, "test")
	if err != nil {
		t.Fatal(err)
	}
	srv := server.New(server.Config{RatePerSecond: 1000, RateBurst: 1000, Ready: b.DB.Ping}, func(r chi.Router) {
		httpapi.New(r, httpapi.Deps{Orgs: b.Orgs, Tokens: b.Tokens, Catalog: b.Catalog, Search: b.Search})
	})
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()

	cases := []struct {
		q, lang, acceptLanguage string
		title, highlight        string
	}{
		{"Red Slik", "ru", "", "Красный шёлк", "<mark>Red</mark> <mark>Silk</mark>"},
		{"Red Slik", "zh-Hans", "", "红丝绸", "<mark>Red</mark> <mark>Silk</mark>"},
		{"Red Slik", "en", "", "Red Silk", "<mark>Red</mark> <mark>Silk</mark>"},
		{"Красный шолк", "", "zh-CN,zh;q=0.9", "红丝绸", "<mark>Красный</mark> <mark>шёлк</mark>"},
		{"红丝稠", "en", "", "Red Silk", "<mark>红丝绸</mark>"},
		// No Simplified title: the Traditional one; no English: the original.
		{"Солярс", "zh-Hans", "", "飛向太空", "<mark>Солярис</mark>"},
		{"Солярс", "en", "", "Солярис", "<mark>Солярис</mark>"},
	}
	for _, c := range cases {
		req, _ := http.NewRequest("GET", ts.URL+"/api/v1/search/suggest?q="+url.QueryEscape(c.q)+"&lang="+c.lang, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		if c.acceptLanguage != "" {
			req.Header.Set("Accept-Language", c.acceptLanguage)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body struct {
			Q    string `json:"q"`
			Hits []struct {
				Title     string `json:"title"`
				Highlight string `json:"highlight"`
			} `json:"hits"`
		}
		err = json.NewDecoder(res.Body).Decode(&body)
		res.Body.Close()
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("suggest %q: %d %v", c.q, res.StatusCode, err)
		}
		if body.Q != c.q || len(body.Hits) == 0 || body.Hits[0].Title != c.title || body.Hits[0].Highlight != c.highlight {
			t.Errorf("suggest %q (lang %q, Accept-Language %q) = %+v, want first %q highlighted %q", c.q, c.lang, c.acceptLanguage, body, c.title, c.highlight)
		}
	}
}
