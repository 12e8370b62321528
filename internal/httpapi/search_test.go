package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/httpapi"
	"github.com/silkbridge/silkbridge/internal/server"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

func TestSearchAPI(t *testing.T) {
	b := storetest.NewSearchBundle(t, storetest.OpenSQLite(t))
	f := storetest.TitleFields("Red Silk", catalog.VisibilityPublic)
	f.Localizations["zh-Hans"] = catalog.Localization{Title: "红丝绸"}
	f.Localizations["ru"] = catalog.Localization{Title: "Красный шёлк"}
	red := b.Create(t, "cmg", f)
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
	get := func(path string, auth bool) (int, map[string]any) {
		t.Helper()
		req, _ := http.NewRequest("GET", ts.URL+path, nil)
		if auth {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var body map[string]any
		json.NewDecoder(res.Body).Decode(&body)
		return res.StatusCode, body
	}

	status, body := get("/api/v1/search?lang=ru&q="+url.QueryEscape("hong si chou"), true)
	if status != 200 || body["total"] != 1.0 {
		t.Fatalf("search: %d %v", status, body)
	}
	hit := body["hits"].([]any)[0].(map[string]any)
	if hit["id"] != red.ID || hit["title"] != "Красный шёлк" || hit["matched_language"] != "zh-Hans" || hit["highlight"] != "<mark>红丝绸</mark>" || hit["kind"] != "film" || hit["year"] != 2025.0 {
		t.Fatalf("hit = %v", hit)
	}
	if _, ok := body["facets"].(map[string]any)["genre"]; !ok {
		t.Fatalf("facets = %v", body["facets"])
	}
	status, body = get("/api/v1/search/suggest?q="+url.QueryEscape("Красный ш"), true)
	if status != 200 || len(body["hits"].([]any)) != 1 || body["q"] != "Красный ш" {
		t.Fatalf("suggest: %d %v", status, body)
	}

	for _, c := range []struct{ path, loc string }{
		{"/api/v1/search?q=" + url.QueryEscape("!!"), "query.q"},
		{"/api/v1/search?q=silk&cursor=nope", "query.cursor"},
		{"/api/v1/search?q=silk&country=XX", "query.country"},
		{"/api/v1/search?q=silk&year_from=2020&year_to=2010", "query.year_to"},
		{"/api/v1/search?q=silk&limit=500", "query.limit"},
		{"/api/v1/search", "query.q"},
		{"/api/v1/search?q=" + strings.Repeat("x", 201), "query.q"},
	} {
		status, body := get(c.path, true)
		if status != 422 || !strings.Contains(mustJSON(t, body["errors"]), `"location":"`+c.loc+`"`) {
			t.Errorf("%s: %d %v, want 422 at %s", c.path, status, body, c.loc)
		}
	}
	if status, _ := get("/api/v1/search?q=silk", false); status != 401 {
		t.Errorf("anonymous search: %d", status)
	}
}

func mustJSON(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
