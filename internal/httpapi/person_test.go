package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/people"
	"github.com/silkbridge/silkbridge/internal/search"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

func TestPeopleAPI(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		t.Run("CreateSuggestPatchErase", func(t *testing.T) { testPersonLifecycle(t, setupPeople(t, open)) })
		t.Run("BadInputIsRefusedAndStoresNothing", func(t *testing.T) { testPersonBadInput(t, setupPeople(t, open)) })
		t.Run("CreditsAndSearch", func(t *testing.T) { testCreditsAndSearch(t, setupPeople(t, open)) })
	})
}

func setupPeople(t *testing.T, open func(testing.TB) *store.DB) *testBundle {
	t.Helper()
	svc := storetest.NewServices(open(t))
	storetest.SeedOrgs(t, svc)
	deps := fullDeps(svc)
	deps.People = people.NewService(svc.DB, svc.Catalog, nil)
	deps.Search = search.NewService(svc.DB)
	return serveAPI(t, svc, deps)
}

func testPersonLifecycle(t *testing.T, b *testBundle) {
	s := b.do("POST", "/api/v1/people/names/suggest", "cmg/viewer", map[string]any{"name": "陈思诚", "language": "zh-Hans"}).want(t, 200)
	sug := s.body["suggestions"].(map[string]any)
	if sug["en"] != "Chen Sicheng" || sug["ru"] != "Чэнь Сычэн" {
		t.Errorf("zh suggestions: %v", sug)
	}
	s = b.do("POST", "/api/v1/people/names/suggest", "cmg/viewer", map[string]any{"name": "Олег Добродеев", "language": "ru"}).want(t, 200)
	if sug = s.body["suggestions"].(map[string]any); sug["zh-Hans"] != "奥列格·多布罗杰耶夫" || sug["en"] != "Oleg Dobrodeev" {
		t.Errorf("ru suggestions: %v", sug)
	}
	b.do("POST", "/api/v1/people/names/suggest", "cmg/viewer", map[string]any{"name": "x", "language": "!!"}).want(t, 422)

	body := map[string]any{
		"localizations": map[string]any{"ru": map[string]any{"name": "Лидия Ковалёва", "biography": "Редактор"}},
		"org":           "vgtrk", "roles": []any{"editor"}, "languages": []any{"ru", "zh"}, "visibility": "partners",
		"private": map[string]any{"passport_number": "EJ7734512", "phone": "+7 495 555 0199"},
	}
	b.do("POST", "/api/v1/people", "vgtrk/editor", body).want(t, http.StatusForbidden)
	created := b.do("POST", "/api/v1/people", "vgtrk/admin", body).want(t, http.StatusCreated)
	id := created.body["id"].(string)
	locs := created.body["localizations"].(map[string]any)
	if en := locs["en"].(map[string]any); en["name"] != "Lidiia Kovaleva" || en["suggested"] != true {
		t.Errorf("suggested en: %v", en)
	}
	if !strings.Contains(string(b.do("GET", "/api/v1/people/"+id, "vgtrk/admin", nil).want(t, 200).raw), "EJ7734512") {
		t.Error("own admin does not see the passport")
	}
	for _, who := range []string{"vgtrk/editor", "cmg/admin"} {
		raw := string(b.do("GET", "/api/v1/people/"+id, who, nil).want(t, 200).raw)
		if strings.Contains(raw, "EJ7734512") || strings.Contains(raw, `"private"`) {
			t.Errorf("%s sees private data: %s", who, raw)
		}
	}
	b.do("GET", "/api/v1/people/"+id, "other/admin", nil).want(t, 404)
	if raw := string(b.do("GET", "/api/v1/people", "vgtrk/admin", nil).want(t, 200).raw); strings.Contains(raw, "EJ7734512") {
		t.Errorf("list shows private data")
	}
	etag := created.header.Get("ETag")
	patched := b.do("PATCH", "/api/v1/people/"+id, "vgtrk/editor", map[string]any{"localizations": map[string]any{"en": map[string]any{"name": "Lidia Kovaleva"}}},
		"If-Match", etag, "Content-Type", "application/merge-patch+json").want(t, 200)
	if en := patched.body["localizations"].(map[string]any)["en"].(map[string]any); en["suggested"] == true || en["name"] != "Lidia Kovaleva" {
		t.Errorf("edited en still suggested: %v", en)
	}
	b.do("PATCH", "/api/v1/people/"+id, "vgtrk/editor", map[string]any{"roles": []any{"actor"}}, "If-Match", etag, "Content-Type", "application/merge-patch+json").want(t, 412)
	ex := b.do("GET", "/api/v1/people/"+id+"/export", "vgtrk/admin", nil).want(t, 200)
	if !strings.Contains(string(ex.raw), "EJ7734512") {
		t.Errorf("export lacks private data: %s", ex.raw)
	}
	b.do("GET", "/api/v1/people/"+id+"/export", "cmg/admin", nil).want(t, 403)
	b.do("DELETE", "/api/v1/people/"+id, "vgtrk/editor", nil).want(t, 403)
	erased := b.do("DELETE", "/api/v1/people/"+id, "vgtrk/admin", nil).want(t, 200)
	raw := string(b.do("GET", "/api/v1/people/"+id, "vgtrk/admin", nil).want(t, 200).raw)
	if erased.body["erased"] != true || strings.Contains(raw, "Ковалёва") || strings.Contains(raw, "EJ7734512") || strings.Contains(raw, "Редактор") {
		t.Errorf("after erasure: %s", raw)
	}
}

func testPersonBadInput(t *testing.T, b *testBundle) {
	name := func(tag, n string) map[string]any {
		return map[string]any{"localizations": map[string]any{tag: map[string]any{"name": n}}}
	}
	with := func(m map[string]any, k string, v any) map[string]any { m[k] = v; return m }
	for _, c := range []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"NameOf10000Characters", name("zh-Hans", strings.Repeat("陈", 10000)), "localizations.zh-Hans.name"},
		{"UnknownRole", with(name("en", "A"), "roles", []any{"director", "astronaut"}), "roles[1]"},
		{"BadLanguageTag", name("xx-!!", "A"), "localizations.xx-!!"},
		{"BadSpokenLanguage", with(name("en", "A"), "languages", []any{"klingon!"}), "languages[0]"},
		{"UnknownField", with(name("en", "A"), "shoe_size", 44), "shoe_size"},
		{"BadDate", with(name("en", "A"), "private", map[string]any{"date_of_birth": "31.12.1970"}), "private.date_of_birth"},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := b.do("POST", "/api/v1/people", "cmg/admin", c.body)
			if res.status != 422 && res.status != 400 {
				t.Fatalf("status %d, want 422: %s", res.status, res.raw)
			}
			if !strings.Contains(string(res.raw), c.field) {
				t.Fatalf("problem does not name %q: %.300s", c.field, res.raw)
			}
		})
	}
	if items := b.do("GET", "/api/v1/people", "cmg/admin", nil).want(t, 200).body["items"].([]any); len(items) != 0 {
		t.Fatalf("refused requests stored %d people", len(items))
	}
}

func testCreditsAndSearch(t *testing.T, b *testBundle) {
	title := b.do("POST", "/api/v1/titles", "cmg/editor", map[string]any{
		"kind": "film", "original_language": "zh-Hans", "visibility": "public",
		"localizations": map[string]any{"zh-Hans": map[string]any{"title": "测试影片"}, "en": map[string]any{"title": "A Test Film"}}, // invented, with an invented credit
	}).want(t, 201)
	tid := title.body["id"].(string)
	before := string(b.do("GET", "/api/v1/titles/"+tid, "cmg/editor", nil).want(t, 200).raw)
	dir := b.do("POST", "/api/v1/people", "cmg/editor", map[string]any{
		"localizations": map[string]any{"zh-Hans": map[string]any{"name": "陈思诚"}}, "roles": []any{"director"}, "visibility": "public",
	}).want(t, 201).body["id"].(string)
	b.do("PUT", "/api/v1/titles/"+tid+"/credits", "vgtrk/admin", map[string]any{"credits": []any{map[string]any{"role": "director", "person_id": dir}}}).want(t, 403)
	b.do("PUT", "/api/v1/titles/"+tid+"/credits", "cmg/editor", map[string]any{"credits": []any{map[string]any{"role": "gaffer", "person_id": dir}}}).want(t, 422)
	put := b.do("PUT", "/api/v1/titles/"+tid+"/credits?lang=ru", "cmg/editor", map[string]any{"credits": []any{
		map[string]any{"role": "director", "person_id": dir},
	}}).want(t, 200)
	if c := put.body["credits"].([]any)[0].(map[string]any); c["name"] != "Чэнь Сычэн" {
		t.Errorf("credit name: %v", c)
	}
	got := b.do("GET", "/api/v1/titles/"+tid+"/credits?lang=en", "other/viewer", nil).want(t, 200)
	if c := got.body["credits"].([]any); len(c) != 1 || c[0].(map[string]any)["name"] != "Chen Sicheng" {
		t.Errorf("credits: %s", got.raw)
	}
	// The title's own JSON is unchanged by credits (compatible).
	after := string(b.do("GET", "/api/v1/titles/"+tid, "cmg/editor", nil).want(t, 200).raw)
	if before != after {
		t.Errorf("title JSON changed:\n%s\n%s", before, after)
	}
	res := b.do("GET", "/api/v1/search?q=Чэнь+Сычэн&lang=en", "other/viewer", nil).want(t, 200)
	types := map[string]string{}
	for _, h := range res.body["hits"].([]any) {
		hm := h.(map[string]any)
		types[hm["id"].(string)] = hm["type"].(string)
		if hm["type"] == "person" && hm["name"] != "Chen Sicheng" {
			t.Errorf("person hit name: %v", hm)
		}
	}
	if types[dir] != "person" || types[tid] != "title" {
		t.Errorf("hits for the director's name: %s", res.raw)
	}
	res = b.do("GET", "/api/v1/search?q=陈思诚&type=person", "other/viewer", nil).want(t, 200)
	if hits := res.body["hits"].([]any); len(hits) != 1 || hits[0].(map[string]any)["type"] != "person" {
		t.Errorf("type=person: %s", res.raw)
	}
	b.do("GET", "/api/v1/search?q=chen&type=film", "other/viewer", nil).want(t, 422)
}
