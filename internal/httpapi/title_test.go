package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

func TestTitles(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		t.Run("CreateReadPatchDelete", func(t *testing.T) { testTitleLifecycle(t, setup(t, open)) })
		t.Run("BadInputIsRefusedAndStoresNothing", func(t *testing.T) { testBadInput(t, setup(t, open)) })
		t.Run("AccessMatrix", func(t *testing.T) { testAccessMatrix(t, setup(t, open)) })
		t.Run("CursorPagination", func(t *testing.T) { testPagination(t, setup(t, open)) })
	})
}

func testTitleLifecycle(t *testing.T, b *testBundle) {
	created := b.do("POST", "/api/v1/titles", "vgtrk/editor", redSilk()).want(t, http.StatusCreated)
	id, _ := created.body["id"].(string)
	etag := created.header.Get("ETag")
	if id == "" || etag == "" {
		t.Fatalf("created title lacks id or ETag: %s %v", created.raw, created.header)
	}
	got := b.do("GET", "/api/v1/titles/"+id, "cmg/viewer", nil, "Accept-Language", "zh-Hant, en;q=0.5").want(t, http.StatusOK)
	// The same version, rendered in another display language: its own tag.
	if got.body["display_title"] != "红丝绸" || got.header.Get("ETag") != `"v1;lang=zh-Hans"` {
		t.Fatalf("zh-Hant reader got %v (etag %s)", got.body["display_title"], got.header.Get("ETag"))
	}
	if got := b.do("GET", "/api/v1/titles/"+id+"?lang=ru", "cmg/viewer", nil); got.body["display_title"] != "Красный шёлк" {
		t.Fatalf("?lang=ru display title = %v", got.body["display_title"])
	}
	patch := map[string]any{"localizations": map[string]any{"en": map[string]any{"title": "Red Silk", "tagline": "A road across two countries"}}}
	patched := b.do("PATCH", "/api/v1/titles/"+id, "vgtrk/editor", patch, "If-Match", etag, "Content-Type", "application/merge-patch+json").want(t, http.StatusOK)
	if patched.header.Get("ETag") == etag {
		t.Fatal("ETag did not change after PATCH")
	}
	stale := b.do("PATCH", "/api/v1/titles/"+id, "vgtrk/editor", map[string]any{"production_year": 2024}, "If-Match", etag).want(t, http.StatusPreconditionFailed)
	if !strings.HasPrefix(stale.header.Get("Content-Type"), "application/problem+json") {
		t.Fatalf("412 content type = %q", stale.header.Get("Content-Type"))
	}
	if y := b.do("GET", "/api/v1/titles/"+id, "vgtrk/viewer", nil).body["production_year"]; y != 2025.0 {
		t.Fatalf("stale PATCH changed the year to %v", y)
	}
	b.do("DELETE", "/api/v1/titles/"+id, "vgtrk/editor", nil, "If-Match", etag).want(t, http.StatusPreconditionFailed)
	b.do("DELETE", "/api/v1/titles/"+id, "vgtrk/editor", nil, "If-Match", patched.header.Get("ETag")).want(t, http.StatusNoContent)
	b.do("GET", "/api/v1/titles/"+id, "vgtrk/editor", nil).want(t, http.StatusNotFound)

	log := b.do("GET", "/api/v1/audit?entity=title&entity_id="+id, "vgtrk/admin", nil).want(t, http.StatusOK)
	if n := len(log.body["items"].([]any)); n != 3 {
		t.Fatalf("audit entries for the title = %d, want 3 (created, updated, deleted): %s", n, log.raw)
	}
	b.do("GET", "/api/v1/audit", "vgtrk/editor", nil).want(t, http.StatusForbidden)
}

func testBadInput(t *testing.T, b *testBundle) {
	with := func(key string, value any) map[string]any {
		body := redSilk()
		body[key] = value
		return body
	}
	loc := func(tag string, l map[string]any) map[string]any {
		return with("localizations", map[string]any{"en": map[string]any{"title": "ok"}, tag: l})
	}
	cases := []struct {
		name  string
		body  any
		field string // expected in the problem's error locations
	}{
		{"UnknownField", with("colour", "red"), "colour"},
		{"UnknownLocalizationField", loc("ru", map[string]any{"title": "x", "subtitle": "y"}), "subtitle"},
		{"InvalidLanguageTag", loc("klingon!", map[string]any{"title": "x"}), "localizations.klingon!"},
		{"InvalidOriginalLanguage", with("original_language", "xx-invalid-tag-"), "original_language"},
		{"InvalidCountry", with("countries", []any{"RU", "XX"}), "countries[1]"},
		{"InvalidEIDR", with("identifiers", map[string]any{"eidr": "10.5240/7791-8534-2C23-9030-8610-6"}), "identifiers.eidr"},
		{"InvalidISAN", with("identifiers", map[string]any{"isan": "ISAN 0000-0001-34C7-0000-Q"}), "identifiers.isan"},
		{"InvalidIMDb", with("identifiers", map[string]any{"imdb": "nm0000001"}), "identifiers.imdb"},
		{"InvalidKind", with("kind", "podcast"), "kind"},
		{"InvalidGenre", with("genres", []any{"drama", "space-opera"}), "genres[1]"},
		{"InvalidVisibility", with("visibility", "everyone"), "visibility"},
		{"ShortSynopsisTooLong", loc("en-GB", map[string]any{"title": "x", "short_synopsis": strings.Repeat("长", 191)}), "short_synopsis"},
		{"NoLocalizations", with("localizations", map[string]any{}), "localizations"},
		{"UnknownProducer", with("producers", []any{"vgtrk", "ghost"}), "producers[1]"},
		{"BadReleaseDate", with("releases", []any{map[string]any{"territory": "RU", "type": "tv", "date": "2025-13-01"}}), "releases[0].date"},
		{"BadCreditRole", with("credits", []any{map[string]any{"role": "caterer", "name": map[string]any{"en": "X"}}}), "credits[0].role"},
		{"EpisodeWithoutParent", with("kind", "episode"), "parent_id"},
		{"ProductionYearOutOfRange", with("production_year", 1700), "production_year"},
		{"WrongType", with("production_year", "twenty"), "production_year"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := b.do("POST", "/api/v1/titles", "vgtrk/admin", c.body)
			if res.status < 400 || res.status > 499 {
				t.Fatalf("status = %d, want 4xx; body %s", res.status, res.raw)
			}
			if !strings.HasPrefix(res.header.Get("Content-Type"), "application/problem+json") {
				t.Fatalf("content type %q", res.header.Get("Content-Type"))
			}
			if !strings.Contains(string(res.raw), c.field) {
				t.Fatalf("problem does not name %q: %s", c.field, res.raw)
			}
		})
	}
	t.Run("MalformedJSON", func(t *testing.T) {
		res := b.do("POST", "/api/v1/titles", "vgtrk/admin", `{"kind":"film",`)
		if res.status < 400 || res.status > 499 {
			t.Fatalf("status %d", res.status)
		}
	})
	t.Run("BodyOverOneMiB", func(t *testing.T) {
		body := redSilk()
		body["localizations"] = map[string]any{"en": map[string]any{"title": "x", "long_synopsis": strings.Repeat("a", 1<<20)}}
		b.do("POST", "/api/v1/titles", "vgtrk/admin", body).want(t, http.StatusRequestEntityTooLarge)
	})
	if items := b.do("GET", "/api/v1/titles", "vgtrk/admin", nil).want(t, 200).body["items"].([]any); len(items) != 0 {
		t.Fatalf("refused requests stored %d titles", len(items))
	}
}

func testAccessMatrix(t *testing.T, b *testBundle) {
	ids := map[string]string{}
	for _, vis := range []string{"private", "partners", "public"} {
		body := redSilk()
		body["visibility"], body["producers"] = vis, []any{"cmg"}
		ids[vis] = b.do("POST", "/api/v1/titles", "cmg/editor", body).want(t, 201).body["id"].(string)
	}
	cases := []struct {
		who, vis string
		status   int
	}{
		{"vgtrk/admin", "private", 404},
		{"vgtrk/viewer", "partners", 200},
		{"other/admin", "partners", 404},
		{"other/viewer", "public", 200},
		{"cmg/viewer", "private", 200},
	}
	for _, c := range cases {
		b.do("GET", "/api/v1/titles/"+ids[c.vis], c.who, nil).want(t, c.status)
	}
	b.do("POST", "/api/v1/titles", "cmg/viewer", redSilk()).want(t, http.StatusForbidden)
	b.do("PATCH", "/api/v1/titles/"+ids["private"], "cmg/viewer", map[string]any{"production_year": 2020}).want(t, http.StatusForbidden)
	b.do("PATCH", "/api/v1/titles/"+ids["private"], "vgtrk/admin", map[string]any{"production_year": 2020}).want(t, http.StatusNotFound)
	b.do("DELETE", "/api/v1/titles/"+ids["partners"], "vgtrk/admin", nil).want(t, http.StatusForbidden)
	b.do("GET", "/api/v1/titles", "", nil).want(t, http.StatusUnauthorized)
	b.do("GET", "/api/v1/titles", "sbt_nonsense_token_value_that_is_long", nil).want(t, http.StatusUnauthorized)

	// A revoked token stops working at once.
	me := b.do("GET", "/api/v1/me", "other/editor", nil).want(t, 200)
	if me.body["org"] != "other" || me.body["role"] != "editor" {
		t.Fatalf("me = %s", me.raw)
	}
	tokens := b.do("GET", "/api/v1/tokens", "other/admin", nil).want(t, 200).body["items"].([]any)
	b.do("GET", "/api/v1/tokens", "other/editor", nil).want(t, http.StatusForbidden)
	for _, tk := range tokens {
		m := tk.(map[string]any)
		if m["role"] == "editor" {
			b.do("DELETE", "/api/v1/tokens/"+m["id"].(string), "other/admin", nil).want(t, http.StatusNoContent)
		}
	}
	b.do("GET", "/api/v1/me", "other/editor", nil).want(t, http.StatusUnauthorized)
	orgs := b.do("GET", "/api/v1/orgs", "other/viewer", nil).want(t, 200).body["items"].([]any)
	if len(orgs) != 3 {
		t.Fatalf("orgs = %d", len(orgs))
	}
}

func testPagination(t *testing.T, b *testBundle) {
	for i := range 5 {
		body := redSilk()
		body["localizations"] = map[string]any{"en": map[string]any{"title": fmt.Sprintf("Film %d", i)}}
		b.do("POST", "/api/v1/titles", "cmg/editor", body).want(t, 201)
	}
	seen := map[string]bool{}
	path := "/api/v1/titles?limit=2"
	for range 5 {
		page := b.do("GET", path, "cmg/viewer", nil).want(t, 200)
		for _, it := range page.body["items"].([]any) {
			seen[it.(map[string]any)["id"].(string)] = true
		}
		next, _ := page.body["next_cursor"].(string)
		if next == "" {
			break
		}
		path = "/api/v1/titles?limit=2&cursor=" + next
	}
	if len(seen) != 5 {
		t.Fatalf("pagination saw %d titles, want 5", len(seen))
	}
	b.do("GET", "/api/v1/titles?cursor=***", "cmg/viewer", nil).want(t, http.StatusUnprocessableEntity)
	b.do("GET", "/api/v1/titles?limit=100000", "cmg/viewer", nil).want(t, http.StatusUnprocessableEntity)
}
