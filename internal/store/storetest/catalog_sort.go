package storetest

import (
	"context"
	"slices"
	"testing"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/store"
)

func init() { Register("CatalogSort", exerciseCatalogSort) }

// sortFixture is four titles whose Russian and Chinese orders both differ
// from byte order: "Ёлки" starts with U+0401, before every other Cyrillic
// capital, yet sorts with Е; the Chinese titles' code points (唐 U+5510,
// 我 U+6211, 红 U+7EA2, 里 U+91CC) are not their pinyin order (hong, li,
// tang, wo).
var sortFixture = []struct {
	en, ru, zh string
	year       int
}{
	{"Detective Chinatown 1900", "Жара", "唐探1900", 2025},
	{"Red Silk", "Ёлки", "红丝绸", 2025},
	{"My Country, My Parents", "Аврора", "我和我的父辈", 2021},
	{"The Sinking of the Lisbon Maru", "Ветер", "里斯本丸沉没", 0},
}

func exerciseCatalogSort(t *testing.T, open func(t testing.TB) *store.DB) {
	setup := func(t *testing.T) (*Services, context.Context, map[string]string) {
		t.Helper()
		s := NewServices(open(t))
		SeedOrgs(t, s)
		ctx := As("cmg", auth.RoleEditor)
		ids := map[string]string{}
		for _, f := range sortFixture {
			fields := TitleFields(f.en, catalog.VisibilityPartners)
			fields.ProductionYear = f.year
			fields.Localizations = map[string]catalog.Localization{"en": {Title: f.en}, "ru": {Title: f.ru}, "zh-Hans": {Title: f.zh}}
			if f.en == "The Sinking of the Lisbon Maru" {
				l := fields.Localizations["en"]
				l.SortTitle = "Sinking of the Lisbon Maru, The"
				fields.Localizations["en"] = l
				fields.Countries = []string{"CN"}
			}
			ti, err := s.Catalog.Create(ctx, fields)
			if err != nil {
				t.Fatal(err)
			}
			ids[f.en] = ti.ID
		}
		return s, ctx, ids
	}
	list := func(t *testing.T, s *Services, ctx context.Context, p catalog.ListParams, lang string) []string {
		t.Helper()
		var out []string
		for page := 0; page < 10; page++ {
			items, next, err := s.Catalog.List(ctx, p, []string{lang})
			if err != nil {
				t.Fatalf("page %d: %v", page, err)
			}
			for _, ti := range items {
				out = append(out, ti.DisplayTitle)
			}
			if next == "" {
				return out
			}
			p.After = next
		}
		t.Fatal("paging does not end")
		return nil
	}
	t.Run("TitleOrderFollowsTheReadersCollationPageByPage", func(t *testing.T) {
		s, ctx, _ := setup(t)
		for lang, want := range map[string][]string{
			"ru":      {"Аврора", "Ветер", "Ёлки", "Жара"},
			"zh-Hans": {"红丝绸", "里斯本丸沉没", "唐探1900", "我和我的父辈"},
			"en":      {"Detective Chinatown 1900", "My Country, My Parents", "Red Silk", "The Sinking of the Lisbon Maru"},
		} {
			for _, limit := range []int{1, 3, 50} {
				if got := list(t, s, ctx, catalog.ListParams{Sort: catalog.SortTitle, Limit: limit}, lang); !slices.Equal(got, want) {
					t.Errorf("%s, %d a page: %q, want %q", lang, limit, got, want)
				}
			}
		}
	})
	t.Run("YearOrderIsNewestFirstThenTitle", func(t *testing.T) {
		s, ctx, _ := setup(t)
		want := []string{"Ёлки", "Жара", "Аврора", "Ветер"}
		for _, limit := range []int{1, 2, 50} {
			if got := list(t, s, ctx, catalog.ListParams{Sort: catalog.SortYear, Limit: limit}, "ru"); !slices.Equal(got, want) {
				t.Errorf("%d a page: %q, want %q", limit, got, want)
			}
		}
	})
	t.Run("ChangedOrderPutsTheLastEditFirst", func(t *testing.T) {
		s, ctx, ids := setup(t)
		if _, err := s.Catalog.Patch(ctx, ids["My Country, My Parents"], map[string]any{"production_year": 2022.0}, ""); err != nil {
			t.Fatal(err)
		}
		got := list(t, s, ctx, catalog.ListParams{Sort: catalog.SortChanged, Limit: 1}, "en")
		if len(got) != 4 || got[0] != "My Country, My Parents" || got[1] != "The Sinking of the Lisbon Maru" {
			t.Fatalf("recently changed first: %q", got)
		}
	})
	t.Run("CursorKeepsItsPlaceWhenTheTitleBeforeItChanges", func(t *testing.T) {
		s, ctx, ids := setup(t)
		p := catalog.ListParams{Sort: catalog.SortTitle, Limit: 2}
		first, next, err := s.Catalog.List(ctx, p, []string{"ru"})
		if err != nil || len(first) != 2 || next == "" {
			t.Fatalf("first page: %d, %q, %v", len(first), next, err)
		}
		// Renaming the last title of the page moves it to the end; the next
		// page still starts after where the first ended.
		if _, err := s.Catalog.Patch(ctx, ids["The Sinking of the Lisbon Maru"], map[string]any{
			"localizations": map[string]any{"ru": map[string]any{"title": "Ящик"}}}, ""); err != nil {
			t.Fatal(err)
		}
		p.After = next
		rest, _, err := s.Catalog.List(ctx, p, []string{"ru"})
		if err != nil || len(rest) != 2 || rest[0].DisplayTitle != "Ёлки" || rest[1].DisplayTitle != "Жара" {
			t.Fatalf("second page after a rename: %v, %v", titles(rest), err)
		}
	})
	t.Run("CursorOfAnotherOrderOrLanguageIsInvalid", func(t *testing.T) {
		s, ctx, _ := setup(t)
		_, next, err := s.Catalog.List(ctx, catalog.ListParams{Sort: catalog.SortTitle, Limit: 1}, []string{"ru"})
		if err != nil || next == "" {
			t.Fatal(err)
		}
		for name, p := range map[string]catalog.ListParams{
			"year":    {Sort: catalog.SortYear, After: next},
			"created": {After: next},
			"changed": {Sort: catalog.SortChanged, After: next},
		} {
			if _, _, err := s.Catalog.List(ctx, p, []string{"ru"}); !apperr.Is(err, apperr.Invalid) {
				t.Errorf("%s: err = %v, want invalid", name, err)
			}
		}
		if _, _, err := s.Catalog.List(ctx, catalog.ListParams{Sort: catalog.SortTitle, After: next}, []string{"zh-Hans"}); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("other language: err = %v, want invalid", err)
		}
	})
	t.Run("CountMatchesTheFilters", func(t *testing.T) {
		s, ctx, _ := setup(t)
		for _, c := range []struct {
			p    catalog.ListParams
			want int
		}{
			{catalog.ListParams{}, 4},
			{catalog.ListParams{Year: 2025}, 2},
			{catalog.ListParams{Country: "cn"}, 1},
			{catalog.ListParams{Genre: "comedy"}, 0},
			{catalog.ListParams{Producer: "vgtrk"}, 0},
		} {
			if n, err := s.Catalog.Count(ctx, c.p); err != nil || n != c.want {
				t.Errorf("%+v: count %d, %v; want %d", c.p, n, err, c.want)
			}
		}
		if n, err := s.Catalog.Count(As("other", auth.RoleViewer), catalog.ListParams{}); err != nil || n != 0 {
			t.Errorf("a stranger counts %d titles (%v), want 0", n, err)
		}
	})
	t.Run("BadFilterValuesAreFieldErrorsWithCodes", func(t *testing.T) {
		s, ctx, _ := setup(t)
		_, _, err := s.Catalog.List(ctx, catalog.ListParams{Genre: "opera", Country: "XX", Producer: "ghost", Year: 99, Kind: "play", Sort: "random"}, nil)
		var ae *apperr.Error
		if !apperr.Is(err, apperr.Invalid) || !errorsAs(err, &ae) {
			t.Fatalf("err = %v, want invalid", err)
		}
		got := map[string]string{}
		for _, f := range ae.Fields {
			got[f.Field] = f.Code
			if f.Params["value"] == "" {
				t.Errorf("%s carries no value param", f.Field)
			}
		}
		want := map[string]string{"query.genre": catalog.CodeFilterGenre, "query.country": catalog.CodeFilterCountry,
			"query.producer": catalog.CodeFilterOrg, "query.year": catalog.CodeFilterYear, "query.kind": catalog.CodeFilterKind,
			"query.sort": catalog.CodeFilterSort}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("field %s: code %q, want %q (all: %v)", k, got[k], v, got)
			}
		}
	})
	t.Run("MigrateGivesOldTitlesTheirKeys", func(t *testing.T) {
		s, ctx, _ := setup(t)
		if err := s.DB.ExecForTest(context.Background(), `DELETE FROM title_sort_keys`); err != nil {
			t.Fatal(err)
		}
		if err := s.DB.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		if got := list(t, s, ctx, catalog.ListParams{Sort: catalog.SortTitle}, "ru"); len(got) != 4 || got[0] != "Аврора" {
			t.Fatalf("after migrate: %q", got)
		}
		// One language's keys lost (as when a sort language is added):
		// the counts differ, so the fill walks the titles again.
		if err := s.DB.ExecForTest(context.Background(), `DELETE FROM title_sort_keys WHERE lang = 'ru'`); err != nil {
			t.Fatal(err)
		}
		if err := s.DB.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		if got := list(t, s, ctx, catalog.ListParams{Sort: catalog.SortTitle}, "ru"); len(got) != 4 || got[0] != "Аврора" {
			t.Fatalf("after a language's keys were lost: %q", got)
		}
	})
}

func titles(ts []*catalog.Title) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.DisplayTitle
	}
	return out
}
