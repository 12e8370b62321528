package storetest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
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
	// forget deletes sort keys as a catalogue from before they existed (or
	// before a sort language was added) lacks them, and marks the catalogue
	// as not yet filled, as migration 00095 does for such a catalogue.
	forget := func(t *testing.T, s *Services, where string) {
		t.Helper()
		if err := s.DB.ExecForTest(context.Background(), `DELETE FROM title_sort_keys WHERE `+where); err != nil {
			t.Fatal(err)
		}
		if err := s.DB.ResetTitleSortKeys(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	byID := func(ids map[string]string, names map[string]string) []string {
		var keys []string
		for en := range names {
			keys = append(keys, ids[en])
		}
		slices.Sort(keys)
		var out []string
		for _, id := range keys {
			for en, name := range names {
				if ids[en] == id {
					out = append(out, name)
				}
			}
		}
		return out
	}
	t.Run("TitlesLackingAKeyFollowTheKeyedOnesByIdPageByPage", func(t *testing.T) {
		s, ctx, ids := setup(t)
		forget(t, s, `lang = 'ru' AND title_id IN ('`+ids["My Country, My Parents"]+`', '`+ids["Red Silk"]+`')`)
		unkeyed := byID(ids, map[string]string{"My Country, My Parents": "Аврора", "Red Silk": "Ёлки"})
		want := append([]string{"Ветер", "Жара"}, unkeyed...)
		// A page of 1 or 2 ends on the boundary; a page of 3 crosses it
		// and leaves a cursor among the titles without a key.
		for _, limit := range []int{1, 2, 3, 50} {
			if got := list(t, s, ctx, catalog.ListParams{Sort: catalog.SortTitle, Limit: limit}, "ru"); !slices.Equal(got, want) {
				t.Errorf("ru, %d a page: %q, want %q", limit, got, want)
			}
		}
		// By year: the keyed Жара (2025) and Ветер (no year), newest
		// first, then the others by id.
		for _, limit := range []int{1, 3, 50} {
			if got := list(t, s, ctx, catalog.ListParams{Sort: catalog.SortYear, Limit: limit}, "ru"); !slices.Equal(got, append([]string{"Жара", "Ветер"}, unkeyed...)) {
				t.Errorf("ru by year, %d a page: %q, want Жара, Ветер, %q", limit, got, unkeyed)
			}
		}
		if got := list(t, s, ctx, catalog.ListParams{Sort: catalog.SortTitle, Year: 2025, Limit: 1}, "ru"); !slices.Equal(got, []string{"Жара", "Ёлки"}) {
			t.Errorf("ru, 2025 only: %q", got)
		}
		// Other languages keep their keys and their order.
		if got := list(t, s, ctx, catalog.ListParams{Sort: catalog.SortTitle, Limit: 1}, "zh-Hans"); !slices.Equal(got, []string{"红丝绸", "里斯本丸沉没", "唐探1900", "我和我的父辈"}) {
			t.Errorf("zh-Hans: %q", got)
		}
		// No keys at all: every title, by id.
		forget(t, s, `lang = 'ru'`)
		all := byID(ids, map[string]string{"My Country, My Parents": "Аврора", "Red Silk": "Ёлки", "Detective Chinatown 1900": "Жара", "The Sinking of the Lisbon Maru": "Ветер"})
		for _, limit := range []int{1, 3} {
			if got := list(t, s, ctx, catalog.ListParams{Sort: catalog.SortTitle, Limit: limit}, "ru"); !slices.Equal(got, all) {
				t.Errorf("no ru keys, %d a page: %q, want %q", limit, got, all)
			}
		}
	})
	t.Run("MigrateLeavesMissingKeysToTheFillWhichRestoresTheOrder", func(t *testing.T) {
		s, ctx, ids := setup(t)
		if f, err := s.DB.TitleSortKeysStatus(ctx); err != nil || !f.Complete {
			t.Fatalf("a catalogue whose every write stored keys: %+v, %v", f, err)
		}
		forget(t, s, `1 = 1`)
		if err := s.DB.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		if f, err := s.DB.TitleSortKeysStatus(ctx); err != nil || f.Complete {
			t.Fatalf("after migrate: %+v, %v; want keys still missing", f, err)
		}
		all := byID(ids, map[string]string{"My Country, My Parents": "Аврора", "Red Silk": "Ёлки", "Detective Chinatown 1900": "Жара", "The Sinking of the Lisbon Maru": "Ветер"})
		if got := list(t, s, ctx, catalog.ListParams{Sort: catalog.SortTitle, Limit: 2}, "ru"); !slices.Equal(got, all) {
			t.Fatalf("migrate filled keys (or lost titles): %q, want by id %q", got, all)
		}
		var seen []store.TitleSortFill
		if err := s.DB.FillTitleSortKeys(context.Background(), func(f store.TitleSortFill) error { seen = append(seen, f); return nil }); err != nil {
			t.Fatal(err)
		}
		if len(seen) == 0 || !seen[len(seen)-1].Complete || seen[len(seen)-1].Done != 4 || seen[len(seen)-1].Total != 4 {
			t.Fatalf("progress: %+v", seen)
		}
		if f, err := s.DB.TitleSortKeysStatus(ctx); err != nil || !f.Complete {
			t.Fatalf("after the fill: %+v, %v", f, err)
		}
		for lang, want := range map[string][]string{
			"ru":      {"Аврора", "Ветер", "Ёлки", "Жара"},
			"zh-Hans": {"红丝绸", "里斯本丸沉没", "唐探1900", "我和我的父辈"},
		} {
			if got := list(t, s, ctx, catalog.ListParams{Sort: catalog.SortTitle, Limit: 1}, lang); !slices.Equal(got, want) {
				t.Errorf("%s after the fill: %q, want %q", lang, got, want)
			}
		}
		// One language's keys lost (as when a sort language is added).
		forget(t, s, `lang = 'ru'`)
		if err := s.DB.FillTitleSortKeys(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
		if got := list(t, s, ctx, catalog.ListParams{Sort: catalog.SortYear, Limit: 1}, "ru"); !slices.Equal(got, []string{"Ёлки", "Жара", "Аврора", "Ветер"}) {
			t.Fatalf("after a language's keys were lost and filled: %q", got)
		}
	})
	t.Run("TwoFillsAtOnceShareTheWork", func(t *testing.T) {
		// Two servers (a job rescued while still running): both end
		// without error and between them walk every title once.
		s, ctx, _ := setup(t)
		var jsonl []byte
		for i := range 296 {
			line, err := json.Marshal(TitleFields(fmt.Sprintf("Film %03d", i), catalog.VisibilityPartners))
			if err != nil {
				t.Fatal(err)
			}
			jsonl = append(append(jsonl, line...), '\n')
		}
		if _, err := s.Catalog.Import(ctx, bytes.NewReader(jsonl)); err != nil {
			t.Fatal(err)
		}
		forget(t, s, `1 = 1`)
		errs := make(chan error, 2)
		for range 2 {
			go func() { errs <- s.DB.FillTitleSortKeys(context.Background(), nil) }()
		}
		for range 2 {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		if f, err := s.DB.TitleSortKeysStatus(ctx); err != nil || !f.Complete || f.Done != 300 {
			t.Fatalf("after two fills: %+v, %v; want complete, 300 walked", f, err)
		}
		got := list(t, s, ctx, catalog.ListParams{Sort: catalog.SortTitle, Limit: 200}, "ru")
		var fixture []string
		for _, title := range got {
			if !strings.HasPrefix(title, "Film ") {
				fixture = append(fixture, title)
			}
		}
		if len(got) != 300 || !slices.Equal(fixture, []string{"Аврора", "Ветер", "Ёлки", "Жара"}) {
			t.Fatalf("after two fills: %d titles, fixture in order %q", len(got), fixture)
		}
	})
	t.Run("UpgradeMarksOnlyACatalogueWithEveryKeyComplete", func(t *testing.T) {
		for _, lose := range []bool{false, true} {
			s, ctx, ids := setup(t)
			bg := context.Background()
			if err := s.DB.MigrateDownTo(bg, 90); err != nil {
				t.Fatal(err)
			}
			if lose {
				// Stored by a build before 00090 and never filled.
				if err := s.DB.ExecForTest(bg, `DELETE FROM title_sort_keys WHERE title_id = '`+ids["Red Silk"]+`'`); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.DB.Migrate(bg); err != nil {
				t.Fatal(err)
			}
			if f, err := s.DB.TitleSortKeysStatus(ctx); err != nil || f.Complete == lose {
				t.Errorf("keys lost %v: after the upgrade %+v, %v", lose, f, err)
			}
			if got := list(t, s, ctx, catalog.ListParams{Sort: catalog.SortTitle, Limit: 1}, "en"); len(got) != 4 {
				t.Errorf("keys lost %v: listed %q", lose, got)
			}
		}
	})
	t.Run("FillWorksInBatchesAndResumesWhereItStopped", func(t *testing.T) {
		s, ctx, _ := setup(t)
		var jsonl []byte
		for i := range 446 {
			line, err := json.Marshal(TitleFields(fmt.Sprintf("Film %03d", i), catalog.VisibilityPartners))
			if err != nil {
				t.Fatal(err)
			}
			jsonl = append(append(jsonl, line...), '\n')
		}
		if n, err := s.Catalog.Import(ctx, bytes.NewReader(jsonl)); err != nil || n != 446 {
			t.Fatalf("import: %d, %v", n, err)
		}
		forget(t, s, `1 = 1`)
		// One batch, then the process dies: the next fill (another
		// process) goes on from where the first stopped.
		f, err := s.DB.FillTitleSortKeysBatch(context.Background())
		if err != nil || f.Complete || f.Done == 0 || f.Done >= 450 || f.Total != 450 {
			t.Fatalf("first batch: %+v, %v", f, err)
		}
		first := f.Done
		// Listing while half filled: every title once, the keyed first.
		seen := map[string]int{}
		p := catalog.ListParams{Sort: catalog.SortTitle, Limit: 50}
		var order []string
		for page := 0; ; page++ {
			items, next, err := s.Catalog.List(ctx, p, []string{"ru"})
			if err != nil || page > 20 {
				t.Fatalf("page %d: %v", page, err)
			}
			for _, ti := range items {
				seen[ti.ID]++
				order = append(order, ti.ID)
			}
			if next == "" {
				break
			}
			p.After = next
		}
		if len(seen) != 450 || len(order) != 450 {
			t.Fatalf("half filled: %d titles listed, %d distinct; want 450 once each", len(order), len(seen))
		}
		if tail := order[first:]; !slices.IsSorted(tail) {
			t.Errorf("titles without keys are not in id order")
		}
		if head, tail := slices.Clone(order[:first]), order[first:]; slices.Max(order[:first]) > slices.Min(tail) {
			slices.Sort(head)
			t.Errorf("the first batch did not walk the lowest ids (keyed %d, up to %s; unkeyed from %s)", len(head), head[len(head)-1], slices.Min(tail))
		}
		var batches int
		for f = (store.TitleSortFill{}); !f.Complete; batches++ {
			if f, err = s.DB.FillTitleSortKeysBatch(context.Background()); err != nil {
				t.Fatal(err)
			}
			if batches > 10 {
				t.Fatal("the fill does not end")
			}
		}
		// Walking on from the first batch's end, not from the start: the
		// rest in batches of the first's size, then one finding no more.
		if want := int((450-first+first-1)/first) + 1; batches != want || f.Done != 450 || f.Total != 450 {
			t.Errorf("resumed fill: %d batches walked %d of %d titles, want %d batches, 450 of 450", batches, f.Done, f.Total, want)
		}
		got := list(t, s, ctx, catalog.ListParams{Sort: catalog.SortTitle, Limit: 200}, "ru")
		var fixture, films []string
		for _, title := range got {
			if strings.HasPrefix(title, "Film ") {
				films = append(films, title)
			} else {
				fixture = append(fixture, title)
			}
		}
		if len(films) != 446 || !slices.IsSorted(films) || !slices.Equal(fixture, []string{"Аврора", "Ветер", "Ёлки", "Жара"}) {
			t.Errorf("after the fill: %d films (sorted: %v), fixture %q", len(films), slices.IsSorted(films), fixture)
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
