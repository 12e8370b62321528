package storetest

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/search"
	"github.com/silkbridge/silkbridge/internal/search/relevance"
	"github.com/silkbridge/silkbridge/internal/store"
)

func init() {
	Register("Search", func(t *testing.T, open func(t testing.TB) *store.DB) { exerciseSearch(t, open, NewSearchBundle) })
	Register("SearchInMemory", func(t *testing.T, open func(t testing.TB) *store.DB) { exerciseSearch(t, open, NewMemorySearchBundle) })
}

// bundleMaker wires search over a database: over the stored index
// (NewSearchBundle) or over an in-memory copy of it (NewMemorySearchBundle).
type bundleMaker func(t testing.TB, db *store.DB) *SearchBundle

func exerciseSearch(t *testing.T, open func(t testing.TB) *store.DB, nb bundleMaker) {
	t.Run("RelevanceSuite", func(t *testing.T) { exerciseRelevance(t, open, nb) })
	t.Run("OnlyReadableTitlesInHitsTotalsAndFacets", func(t *testing.T) { exerciseSearchAccess(t, open, nb) })
	t.Run("FiltersNarrowHitsAndFacets", func(t *testing.T) { exerciseSearchFilters(t, open, nb) })
	t.Run("ChangesAreFollowed", func(t *testing.T) { exerciseSearchFollow(t, open, nb) })
	t.Run("TitleMadePrivateLeavesHitsAtOnce", func(t *testing.T) { exerciseSearchPrivateAtOnce(t, open, nb) })
	t.Run("MissingOrOutdatedIndexIsRebuilt", func(t *testing.T) { exerciseSearchRepair(t, open, nb) })
	t.Run("RebuildKeepsEveryWordInTheVocabulary", func(t *testing.T) { exerciseRebuildVocabulary(t, open, nb) })
	t.Run("PagesVisitEveryHitOnce", func(t *testing.T) { exerciseSearchPages(t, open, nb) })
	t.Run("SuggestCompletesTheLastWord", func(t *testing.T) { exerciseSuggest(t, open, nb) })
	t.Run("UnusableQueriesAreInvalid", func(t *testing.T) { exerciseSearchInvalid(t, open, nb) })
	t.Run("OnlyUnknownWordsAreTakenForTypos", func(t *testing.T) { exerciseSearchTypos(t, open, nb) })
}

// SearchBundle is a database with the catalogue and search wired over it.
type SearchBundle struct {
	*Services
	Search  *search.Service
	Indexer *search.Indexer
	// Memory is the in-memory copy of the index searches go through, or
	// nil when they read the stored index; MemoryPeople the same for people.
	Memory       *search.MemoryIndex
	MemoryPeople *search.MemoryPeople
}

// NewSearchBundle seeds the organisations of SeedOrgs and wires search.
func NewSearchBundle(t testing.TB, db *store.DB) *SearchBundle {
	t.Helper()
	s := NewServices(db)
	SeedOrgs(t, s)
	return &SearchBundle{Services: s, Search: search.NewService(db), Indexer: search.NewIndexer(db, search.IndexerConfig{})}
}

// NewMemorySearchBundle is NewSearchBundle with searches answered from an
// in-memory copy of the index, which Sync loads and brings up to date.
func NewMemorySearchBundle(t testing.TB, db *store.DB) *SearchBundle {
	b := NewSearchBundle(t, db)
	b.Memory = search.NewMemoryIndex(db, db, search.MemoryConfig{})
	b.Search.WithMemoryIndex(b.Memory)
	return b
}

// Sync brings the index, and the in-memory copy if any, up to date.
func (b *SearchBundle) Sync(t testing.TB) {
	t.Helper()
	ctx := context.Background()
	if err := b.Indexer.Sync(ctx); err != nil {
		t.Fatalf("index: %v", err)
	}
	if b.Memory != nil {
		syncCopy(t, b.Memory.Stats().Loaded, b.Memory.Load, b.Memory.Follow)
	}
	if b.MemoryPeople != nil {
		syncCopy(t, b.MemoryPeople.Stats().Loaded, b.MemoryPeople.Load, b.MemoryPeople.Follow)
	}
}

// syncCopy loads an in-memory copy, or brings a loaded one up to date.
func syncCopy(t testing.TB, loaded bool, load, follow func(context.Context) error) {
	t.Helper()
	if !loaded {
		follow = load
	}
	if err := follow(context.Background()); err != nil {
		t.Fatalf("in-memory index: %v", err)
	}
}

// Create stores a title as an editor of org.
func (b *SearchBundle) Create(t testing.TB, org string, f catalog.Fields) *catalog.Title {
	t.Helper()
	ti, err := b.Catalog.Create(As(org, auth.RoleEditor), f)
	if err != nil {
		t.Fatalf("create %v: %v", f.Localizations, err)
	}
	return ti
}

// Find searches as a viewer of org and returns the result.
func (b *SearchBundle) Find(t testing.TB, org, q string, filter search.Filter) *search.ResultPage {
	t.Helper()
	res, err := b.Search.Search(As(org, auth.RoleViewer), search.Params{Query: q, Limit: 50, Filter: filter})
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	return res
}

func hitIDs(res *search.ResultPage) []string {
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	return ids
}

func exerciseRelevance(t *testing.T, open func(t testing.TB) *store.DB, nb bundleMaker) {
	b := nb(t, open(t))
	key := map[string]string{}
	for _, f := range relevance.Titles() {
		ti := b.Create(t, "cmg", f)
		key[ti.ID] = relevance.Key(f)
	}
	b.Sync(t)
	res, err := relevance.Evaluate(func(q string) ([]string, error) {
		r, err := b.Search.Search(As("other", auth.RoleViewer), search.Params{Query: q, Limit: 5})
		if err != nil {
			return nil, err
		}
		var keys []string
		for _, h := range r.Hits {
			keys = append(keys, key[h.ID])
		}
		return keys, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Failures {
		t.Error(f)
	}
	t.Logf("relevance: %d of %d queries find the expected title first", res.Passed, res.Total)
	if res.Total < 60 {
		t.Fatalf("the suite has %d queries; the issue asks for at least 60", res.Total)
	}
}

func silk(title string, vis catalog.Visibility) catalog.Fields {
	f := TitleFields(title, vis)
	f.Localizations["zh-Hans"] = catalog.Localization{Title: "丝绸" + title}
	return f
}

func exerciseSearchAccess(t *testing.T, open func(t testing.TB) *store.DB, nb bundleMaker) {
	b := nb(t, open(t))
	ids := map[catalog.Visibility]string{}
	for _, v := range catalog.Visibilities {
		f := silk("Silk "+string(v), v)
		f.Genres = []string{map[catalog.Visibility]string{"private": "crime", "partners": "war", "public": "drama"}[v]}
		ids[v] = b.Create(t, "cmg", f).ID
	}
	b.Sync(t)
	cases := []struct {
		org  string
		want []catalog.Visibility
	}{
		{"cmg", catalog.Visibilities},
		{"vgtrk", []catalog.Visibility{catalog.VisibilityPartners, catalog.VisibilityPublic}},
		{"other", []catalog.Visibility{catalog.VisibilityPublic}},
	}
	for _, c := range cases {
		for _, q := range []string{"silk", "丝绸", "sil"} {
			res := b.Find(t, c.org, q, search.Filter{})
			var want []string
			for _, v := range c.want {
				want = append(want, ids[v])
			}
			got := hitIDs(res)
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) || res.Total != len(want) {
				t.Errorf("%s searching %q: hits %v (total %d), want %v", c.org, q, got, res.Total, want)
			}
			genres := 0
			for _, g := range res.Facets.Genre {
				genres += g.Count
			}
			if genres != len(want) || len(res.Facets.Genre) != len(want) {
				t.Errorf("%s searching %q: genre facets %+v count titles it may not read", c.org, q, res.Facets.Genre)
			}
		}
		sug, err := b.Search.Suggest(As(c.org, auth.RoleViewer), "sil", nil)
		if err != nil || len(sug) != len(c.want) {
			t.Errorf("%s suggest: %d hits, %v; want %d", c.org, len(sug), err, len(c.want))
		}
	}
}

func exerciseSearchFilters(t *testing.T, open func(t testing.TB) *store.DB, nb bundleMaker) {
	b := nb(t, open(t))
	mk := func(title string, kind catalog.Kind, year int, genre, country string, producers ...string) string {
		f := silk(title, catalog.VisibilityPublic)
		f.Kind, f.ProductionYear, f.Genres, f.Countries, f.Producers = kind, year, []string{genre}, []string{country}, producers
		return b.Create(t, "cmg", f).ID
	}
	film2020 := mk("Silk Road", catalog.KindFilm, 2020, "drama", "CN", "cmg")
	series2021 := mk("Silk Series", catalog.KindSeries, 2021, "history", "RU", "cmg", "vgtrk")
	film2023 := mk("Silk Again", catalog.KindFilm, 2023, "history", "CN", "cmg")
	b.Sync(t)
	cases := []struct {
		name   string
		filter search.Filter
		want   []string
	}{
		{"kind", search.Filter{Kind: "film"}, []string{film2020, film2023}},
		{"genre", search.Filter{Genre: "history"}, []string{series2021, film2023}},
		{"years", search.Filter{YearFrom: 2021, YearTo: 2022}, []string{series2021}},
		{"producer", search.Filter{Producer: "vgtrk"}, []string{series2021}},
		{"country", search.Filter{Country: "CN", YearFrom: 2021}, []string{film2023}},
	}
	for _, c := range cases {
		res := b.Find(t, "other", "silk", c.filter)
		got, want := hitIDs(res), slices.Clone(c.want)
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) || res.Total != len(want) {
			t.Errorf("%s: hits %v total %d, want %v", c.name, got, res.Total, want)
		}
	}
	res := b.Find(t, "other", "silk", search.Filter{})
	facet := func(list []search.FacetValue) string { return fmt.Sprint(list) }
	if got := facet(res.Facets.Kind); got != "[{film 2} {series 1}]" {
		t.Errorf("kind facet = %s", got)
	}
	if got := facet(res.Facets.Producer); got != "[{cmg 3} {vgtrk 1}]" {
		t.Errorf("producer facet = %s", got)
	}
	if got := facet(res.Facets.Country); got != "[{CN 2} {RU 1}]" {
		t.Errorf("country facet = %s", got)
	}
	if len(res.Facets.Year) != 3 || len(res.Facets.Genre) != 2 {
		t.Errorf("year/genre facets = %v %v", res.Facets.Year, res.Facets.Genre)
	}
}

func exerciseSearchFollow(t *testing.T, open func(t testing.TB) *store.DB, nb bundleMaker) {
	b := nb(t, open(t))
	b.Sync(t)
	ctx := As("cmg", auth.RoleEditor)
	ti := b.Create(t, "cmg", silk("Moonlight Caravan", catalog.VisibilityPublic))
	if res := b.Find(t, "other", "caravan", search.Filter{}); res.Total != 0 {
		t.Fatalf("found before indexing: %v", hitIDs(res))
	}
	b.Sync(t)
	if res := b.Find(t, "other", "caravan", search.Filter{}); !slices.Equal(hitIDs(res), []string{ti.ID}) {
		t.Fatalf("created title not found: %v", hitIDs(res))
	}
	if _, err := b.Catalog.Patch(ctx, ti.ID, map[string]any{"localizations": map[string]any{"en": map[string]any{"title": "Sunrise Caravel"}, "ru": nil, "zh-Hans": nil}}, ""); err != nil {
		t.Fatal(err)
	}
	b.Sync(t)
	if res := b.Find(t, "other", "moonlight", search.Filter{}); res.Total != 0 {
		t.Errorf("old title still found after a change")
	}
	if res := b.Find(t, "other", "caravel", search.Filter{}); res.Total != 1 {
		t.Errorf("changed title not found")
	}
	if err := b.Catalog.Delete(ctx, ti.ID, ""); err != nil {
		t.Fatal(err)
	}
	b.Sync(t)
	if res := b.Find(t, "other", "caravel", search.Filter{}); res.Total != 0 {
		t.Errorf("deleted title still found: %v", hitIDs(res))
	}
}

func exerciseSearchRepair(t *testing.T, open func(t testing.TB) *store.DB, nb bundleMaker) {
	db := open(t)
	b := nb(t, db)
	ti := b.Create(t, "cmg", silk("Lantern Festival", catalog.VisibilityPublic))
	b.Sync(t)
	ctx := context.Background()
	breakIndex := map[store.Dialect][]string{
		store.SQLite:   {`DROP TABLE search_fts`},
		store.Postgres: {`DROP TABLE search_docs`},
	}
	for _, q := range breakIndex[db.Dialect()] {
		if _, err := db.Writer().ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	_, err := b.Search.Search(As("other", auth.RoleViewer), search.Params{Query: "lantern"})
	switch {
	case b.Memory == nil && err == nil:
		t.Fatal("search on a missing index succeeded; the test did not break it")
	case b.Memory != nil && err != nil:
		t.Fatalf("the in-memory copy is current, yet a search needed the stored index: %v", err)
	}
	// A fresh indexer, as after a restart, and the running one both repair it.
	for _, ix := range []*search.Indexer{search.NewIndexer(db, search.IndexerConfig{}), b.Indexer} {
		if err := ix.Sync(ctx); err != nil {
			t.Fatalf("indexer did not repair the index: %v", err)
		}
		if res := b.Find(t, "other", "lantern", search.Filter{}); !slices.Equal(hitIDs(res), []string{ti.ID}) {
			t.Fatalf("after repair: %v", hitIDs(res))
		}
	}
	// An index built by another analyzer version is rebuilt too.
	if err := db.SearchIndexSetState(ctx, search.IndexStatus{Analyzer: "old", Watermark: 0}); err != nil {
		t.Fatal(err)
	}
	b.Sync(t)
	st, err := db.SearchIndexStatus(ctx)
	if err != nil || st.Analyzer != search.AnalyzerVersion {
		t.Fatalf("status after rebuild = %+v, %v", st, err)
	}
	if res := b.Find(t, "other", "festival", search.Filter{}); res.Total != 1 {
		t.Fatalf("after analyzer rebuild: total %d", res.Total)
	}
}

func exerciseSearchPages(t *testing.T, open func(t testing.TB) *store.DB, nb bundleMaker) {
	b := nb(t, open(t))
	for i := range 23 {
		b.Create(t, "cmg", silk(fmt.Sprintf("Silk %d", i), catalog.VisibilityPublic))
	}
	b.Sync(t)
	seen := map[string]bool{}
	cursor := ""
	for page := 0; page < 10; page++ {
		res, err := b.Search.Search(As("other", auth.RoleViewer), search.Params{Query: "silk", Limit: 10, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 23 {
			t.Fatalf("total = %d, want 23", res.Total)
		}
		for _, h := range res.Hits {
			if seen[h.ID] {
				t.Fatalf("hit %s on two pages", h.ID)
			}
			seen[h.ID] = true
		}
		if cursor = res.NextCursor; cursor == "" {
			break
		}
	}
	if len(seen) != 23 {
		t.Fatalf("pages covered %d hits, want 23", len(seen))
	}
}

func exerciseSuggest(t *testing.T, open func(t testing.TB) *store.DB, nb bundleMaker) {
	b := nb(t, open(t))
	for i := range 14 {
		b.Create(t, "cmg", silk(fmt.Sprintf("Silkworm %d", i), catalog.VisibilityPublic))
	}
	red := TitleFields("Red Silk", catalog.VisibilityPublic)
	red.Localizations["zh-Hans"] = catalog.Localization{Title: "红丝绸"}
	red.Localizations["ru"] = catalog.Localization{Title: "Красный шёлк"}
	redID := b.Create(t, "cmg", red).ID
	b.Sync(t)
	cases := []struct{ q, lang, highlight string }{
		{"hongs", "zh-Hans", "<mark>红丝</mark>绸"},
		{"Красный ш", "ru", "<mark>Красный</mark> <mark>шёлк</mark>"},
		{"红", "zh-Hans", "<mark>红</mark>丝绸"},
		{"red si", "en", "<mark>Red</mark> <mark>Silk</mark>"},
	}
	for _, c := range cases {
		hits, err := b.Search.Suggest(As("other", auth.RoleViewer), c.q, []string{"en"})
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) == 0 || hits[0].ID != redID || hits[0].MatchedLanguage != c.lang || hits[0].Highlight != c.highlight || hits[0].Title != "Red Silk" {
			t.Errorf("suggest %q = %+v, want Red Silk matched in %s as %s", c.q, hits, c.lang, c.highlight)
		}
	}
	hits, err := b.Search.Suggest(As("other", auth.RoleViewer), "silkw", nil)
	if err != nil || len(hits) != search.SuggestLimit {
		t.Errorf("suggest returned %d hits, %v; want the limit %d", len(hits), err, search.SuggestLimit)
	}
}

func exerciseSearchInvalid(t *testing.T, open func(t testing.TB) *store.DB, nb bundleMaker) {
	b := nb(t, open(t))
	b.Sync(t)
	ctx := As("other", auth.RoleViewer)
	for _, p := range []search.Params{{Query: ""}, {Query: "«»!?"}, {Query: "silk", Cursor: "garbage"}} {
		if _, err := b.Search.Search(ctx, p); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("search %+v: err = %v, want invalid", p, err)
		}
	}
	if _, err := b.Search.Search(context.Background(), search.Params{Query: "silk"}); !apperr.Is(err, apperr.Unauthenticated) {
		t.Errorf("anonymous search: %v", err)
	}
}

// exerciseSearchTypos checks that a word in the index is searched as it is,
// and one that is not is taken for a typo of its neighbours.
func exerciseSearchTypos(t *testing.T, open func(t testing.TB) *store.DB, nb bundleMaker) {
	b := nb(t, open(t))
	solaris := b.Create(t, "cmg", TitleFields("Solaris", catalog.VisibilityPublic)).ID
	solarus := b.Create(t, "cmg", TitleFields("Solarus", catalog.VisibilityPublic)).ID
	b.Sync(t)
	ids := func(q string) []string {
		res, err := b.Search.Search(As("other", auth.RoleViewer), search.Params{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, h := range res.Hits {
			out = append(out, h.ID)
		}
		sort.Strings(out)
		return out
	}
	want := []string{solaris, solarus}
	sort.Strings(want)
	if got := ids("solarys"); !slices.Equal(got, want) {
		t.Errorf("solarys (in no title) found %v, want both neighbours %v", got, want)
	}
	if got := ids("solaris"); !slices.Equal(got, []string{solaris}) {
		t.Errorf("solaris (a title's word) found %v, want only Solaris %s", got, solaris)
	}
}

// exerciseSearchPrivateAtOnce: a title its owner makes private is no longer
// shown to another organisation even before the index has followed the
// change (an index entry may carry the title's visibility of a moment ago).
func exerciseSearchPrivateAtOnce(t *testing.T, open func(t testing.TB) *store.DB, nb bundleMaker) {
	b := nb(t, open(t))
	ti := b.Create(t, "cmg", silk("Amber Lighthouse", catalog.VisibilityPublic))
	b.Sync(t)
	if res := b.Find(t, "other", "amber lighthouse", search.Filter{}); !slices.Equal(hitIDs(res), []string{ti.ID}) {
		t.Fatalf("public title not found: %v", hitIDs(res))
	}
	if _, err := b.Catalog.Patch(As("cmg", auth.RoleEditor), ti.ID, map[string]any{"visibility": catalog.VisibilityPrivate}, ""); err != nil {
		t.Fatal(err)
	}
	if res := b.Find(t, "other", "amber lighthouse", search.Filter{}); len(res.Hits) != 0 {
		t.Errorf("a title made private is still shown before the index follows: %v", hitIDs(res))
	}
	if res := b.Find(t, "cmg", "amber lighthouse", search.Filter{}); !slices.Equal(hitIDs(res), []string{ti.ID}) {
		t.Errorf("its owner no longer finds it: %v", hitIDs(res))
	}
	b.Sync(t)
	if res := b.Find(t, "other", "amber lighthouse", search.Filter{}); res.Total != 0 || len(res.Hits) != 0 {
		t.Errorf("after the index followed: total %d, hits %v", res.Total, hitIDs(res))
	}
}

// exerciseRebuildVocabulary: a rebuild in batches of two titles, where every
// title shares one word and has one of its own, leaves every word in the
// vocabulary (a rebuild holds its words back and writes each once at the
// end): a typo in the shared word and a prefix of each title's own word
// still find it.
func exerciseRebuildVocabulary(t *testing.T, open func(t testing.TB) *store.DB, nb bundleMaker) {
	db := open(t)
	b := nb(t, db)
	own := []string{"harbour", "lantern", "meadow", "orchard", "glacier", "tempest", "willow"}
	ids := map[string]string{}
	for _, w := range own {
		ids[w] = b.Create(t, "cmg", TitleFields("Crimson "+strings.ToUpper(w[:1])+w[1:], catalog.VisibilityPublic)).ID
	}
	if n, err := search.Rebuild(context.Background(), db, 2); err != nil || n != len(own) {
		t.Fatalf("rebuild: %d titles, %v", n, err)
	}
	// The reset dropped the vocabulary's index by reversed words; the
	// rebuild's end must have made it again, or every typo look-up after
	// it would scan the words of one length.
	q := `SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'search_terms_runes_rev'`
	if db.Dialect() == store.Postgres {
		q = `SELECT COUNT(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname = 'search_terms_runes_rev'`
	}
	var indexes int
	if err := db.Writer().QueryRowContext(context.Background(), q).Scan(&indexes); err != nil || indexes != 1 {
		t.Fatalf("the vocabulary's reversed-word index after a rebuild: %d, %v", indexes, err)
	}
	for _, w := range own {
		if res := b.Find(t, "other", "crimsom "+w, search.Filter{}); len(res.Hits) == 0 || res.Hits[0].ID != ids[w] {
			t.Errorf("typo in the shared word with %q: %v", w, hitIDs(res))
		}
		hits, err := b.Search.Suggest(As("other", auth.RoleViewer), "crimson "+w[:4], nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) == 0 || hits[0].ID != ids[w] {
			t.Errorf("completing %q: %v", w[:4], hits)
		}
	}
}
