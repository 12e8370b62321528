package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/people"
	"github.com/silkbridge/silkbridge/internal/search"
	"github.com/silkbridge/silkbridge/internal/search/relevance"
	"github.com/silkbridge/silkbridge/internal/store"
)

func init() { Register("SearchMemoryAgreesWithStoredIndex", exerciseSearchMemoryAgrees) }

// exerciseSearchMemoryAgrees runs every relevance query, and its prefixes
// as suggestions, for viewers of three organisations through the stored
// index and through the in-memory copy, and compares what they answer: the
// same totals and facets on both engines, and on SQLite, whose stored index
// ranks candidates as the copy does, the same hits in the same order. The
// copy must have answered every look-up itself; a change it has not
// followed sends look-ups to the database, until it follows.
func exerciseSearchMemoryAgrees(t *testing.T, open func(t testing.TB) *store.DB) {
	db := open(t)
	stored := NewSearchBundle(t, db)
	for i, f := range relevance.Titles() {
		f.Visibility = []catalog.Visibility{catalog.VisibilityPublic, catalog.VisibilityPartners, catalog.VisibilityPrivate}[i%3]
		f.Producers = append(f.Producers, []string{"cmg", "vgtrk", "other"}[i%4%3])
		f.Genres = []string{[]string{"drama", "history", "war"}[i%5%3]}
		stored.Create(t, []string{"cmg", "vgtrk"}[i%2], f)
	}
	stored.Sync(t)
	mem := search.NewMemoryIndex(db, db, search.MemoryConfig{})
	ctx := context.Background()
	if err := mem.Load(ctx); err != nil {
		t.Fatal(err)
	}
	inMemory := search.NewService(db).WithMemoryIndex(mem)
	sameRanks := db.Dialect() == store.SQLite

	compare := func(org, q string, filter search.Filter) {
		t.Helper()
		as := As(org, auth.RoleViewer)
		p := search.Params{Query: q, Limit: 20, Filter: filter}
		want, err1 := stored.Search.Search(as, p)
		got, err2 := inMemory.Search(as, p)
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("%s %q: stored index %v, in memory %v", org, q, err1, err2)
		}
		if err1 != nil {
			return
		}
		if got.Total != want.Total || fmt.Sprint(got.Facets) != fmt.Sprint(want.Facets) {
			t.Errorf("%s %q %+v: in memory total %d facets %v; stored %d %v", org, q, filter, got.Total, got.Facets, want.Total, want.Facets)
		}
		gotIDs, wantIDs := hitIDs(got), hitIDs(want)
		if !sameRanks && want.Total > 50 {
			return // the stored index's own rank picks which 50 are re-ranked
		}
		if !sameRanks {
			slices.Sort(gotIDs)
			slices.Sort(wantIDs)
		}
		if !slices.Equal(gotIDs, wantIDs) {
			t.Errorf("%s %q %+v: in memory %v; stored %v", org, q, filter, gotIDs, wantIDs)
		}
		sg, err1 := stored.Search.Suggest(as, q, nil)
		mg, err2 := inMemory.Suggest(as, q, nil)
		if err1 != nil || err2 != nil {
			return
		}
		if sameRanks && fmt.Sprint(sg) != fmt.Sprint(mg) {
			t.Errorf("%s suggest %q: in memory %v; stored %v", org, q, mg, sg)
		}
	}
	for _, org := range []string{"cmg", "vgtrk", "other"} {
		for _, rq := range relevance.Queries() {
			compare(org, rq.Q, search.Filter{})
			if rs := []rune(rq.Q); len(rs) > 2 {
				compare(org, string(rs[:len(rs)-1]), search.Filter{})
			}
		}
		for _, f := range []search.Filter{{Kind: "film"}, {Genre: "war"}, {Producer: "vgtrk"}, {YearFrom: 1990, YearTo: 2010}} {
			compare(org, "the", f)
			compare(org, "красный", f)
		}
	}
	// The look-ups themselves, where the service's re-ranking cannot hide
	// a difference in the index's own rank or in which matches a cap keeps.
	for _, rq := range lookupQueries() {
		pq, err := search.ParseQuery(rq, search.ModeSearch)
		if err != nil {
			continue
		}
		var terms [][]search.Alt
		for _, term := range pq.Terms {
			terms = append(terms, term.Alts())
		}
		for _, org := range []string{"cmg", "vgtrk", "other"} {
			for _, c := range []struct{ limit, offset, cap int }{{50, 0, 500}, {5, 0, 500}, {5, 3, 500}, {3, 0, 7}} {
				f := search.Find{Viewer: org, Terms: terms, Limit: c.limit, Offset: c.offset, Cap: c.cap}
				want, err1 := db.SearchMatches(ctx, f)
				got, err2 := mem.SearchMatches(ctx, f)
				if err1 != nil || err2 != nil {
					t.Fatalf("%q: %v, %v", rq, err1, err2)
				}
				if c.cap < 500 && !sameRanks {
					continue // which matches a cap keeps follows each index's own order
				}
				if got.Total != want.Total || fmt.Sprint(got.Facets) != fmt.Sprint(want.Facets) {
					t.Errorf("matches %s %q %+v: in memory total %d %v; stored %d %v", org, rq, c, got.Total, got.Facets, want.Total, want.Facets)
				}
				if sameRanks && fmt.Sprint(got.Top) != fmt.Sprint(want.Top) {
					t.Errorf("matches %s %q %+v: in memory %v; stored %v", org, rq, c, got.Top, want.Top)
				}
				if !sameRanks {
					continue
				}
				wantFind, err1 := db.SearchFind(ctx, f)
				gotFind, err2 := mem.SearchFind(ctx, f)
				if err1 != nil || err2 != nil || fmt.Sprint(gotFind) != fmt.Sprint(wantFind) {
					t.Errorf("find %s %q %+v: in memory %v (%v); stored %v (%v)", org, rq, c, gotFind, err2, wantFind, err1)
				}
			}
		}
	}

	st := mem.Stats()
	if st.Answered == 0 || st.Deferred != 0 {
		t.Fatalf("look-ups answered in memory %d, passed to the database %d; want all in memory", st.Answered, st.Deferred)
	}

	// A change the copy has not followed: look-ups go to the database
	// (which joins the title's current visibility) until it follows.
	ti := stored.Create(t, "cmg", silk("Quartz Meridian", catalog.VisibilityPublic))
	stored.Sync(t)
	viewer := As("other", auth.RoleViewer)
	res, err := inMemory.Search(viewer, search.Params{Query: "quartz meridian"})
	if err != nil || !slices.Equal(hitIDs(res), []string{ti.ID}) {
		t.Fatalf("a title created since the copy loaded: %v, %v", hitIDs(res), err)
	}
	if after := mem.Stats(); after.Deferred == 0 {
		t.Fatalf("the copy answered with a change it had not followed")
	}
	if err := mem.Follow(ctx); err != nil {
		t.Fatal(err)
	}
	before := mem.Stats()
	res, err = inMemory.Search(viewer, search.Params{Query: "quartz meridian"})
	if err != nil || !slices.Equal(hitIDs(res), []string{ti.ID}) {
		t.Fatalf("after following: %v, %v", hitIDs(res), err)
	}
	if after := mem.Stats(); after.Answered == before.Answered || after.Deferred != before.Deferred {
		t.Fatalf("after following, the copy did not answer: %+v then %+v", before, after)
	}
	if after := mem.Stats(); after.Live != len(relevance.Titles())+1 {
		t.Fatalf("the copy holds %d titles, want %d", after.Live, len(relevance.Titles())+1)
	}
}

// lookupQueries are the relevance queries, the words of the fixture's
// titles one by one and the pinyin of its Chinese titles, which match
// several titles each through different classes of key: the index's own
// rank orders those.
func lookupQueries() []string {
	var out []string
	seen := map[string]bool{}
	add := func(q string) {
		if !seen[q] {
			seen[q] = true
			out = append(out, q)
		}
	}
	for _, rq := range relevance.Queries() {
		add(rq.Q)
	}
	for _, f := range relevance.Titles() {
		for _, l := range f.Localizations {
			for _, w := range strings.Fields(l.Title) {
				if rs := []rune(w); len(rs) > 3 {
					add(string(rs[:2])) // a Chinese word's first characters, or a short word
				}
				add(w)
			}
		}
		// Pinyin reaches Chinese titles by romanization and Latin ones
		// natively or by stem: matches of different weights.
		py := search.Pinyin(f.Localizations["zh-Hans"].Title)
		for i, syl := range py {
			add(syl)
			if i > 0 {
				add(py[i-1] + " " + syl)
			}
		}
	}
	return out
}

func init() { Register("SearchMemoryFollowsWhileSearched", exerciseSearchMemoryUnderWrites) }

// exerciseSearchMemoryUnderWrites searches the in-memory copies from two
// goroutines while titles and people are created, made private and deleted
// or erased and the copies follow (run with -race to check the locking),
// then checks the copies and the stored indexes agree on what each
// organisation finds.
func exerciseSearchMemoryUnderWrites(t *testing.T, open func(t testing.TB) *store.DB) {
	b := NewMemoryPeopleBundle(t, open(t))
	var ids []string
	for i := range 10 {
		ids = append(ids, b.Create(t, "cmg", silk(fmt.Sprintf("Cobalt %d", i), catalog.VisibilityPublic)).ID)
	}
	b.Sync(t)
	stop := make(chan struct{})
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			for {
				select {
				case <-stop:
					errs <- nil
					return
				default:
				}
				if _, err := b.Search.Search(As("other", auth.RoleViewer), search.Params{Query: "cobalt"}); err != nil {
					errs <- err
					return
				}
				if _, err := b.Search.Suggest(As("vgtrk", auth.RoleViewer), "coba", nil); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	editor, admin := As("cmg", auth.RoleEditor), As("vgtrk", auth.RoleAdmin)
	for i := range 12 {
		ids = append(ids, b.Create(t, "cmg", silk(fmt.Sprintf("Cobalt extra %d", i), catalog.VisibilityPartners)).ID)
		p := b.MustCreatePerson(t, admin, people.PersonFields{Localizations: names("en", fmt.Sprintf("Cobalt Person%c", 'a'+i)),
			Visibility: catalog.VisibilityPartners})
		var err error
		switch i % 3 {
		case 0:
			if _, err = b.Catalog.Patch(editor, ids[i], map[string]any{"visibility": catalog.VisibilityPrivate}, ""); err == nil {
				_, err = b.People.Patch(admin, p.ID, map[string]any{"visibility": "private"}, "")
			}
		case 1:
			if err = b.Catalog.Delete(editor, ids[i], ""); err == nil {
				_, err = b.People.Erase(admin, p.ID, "")
			}
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, follow := range []func(context.Context) error{b.Memory.Follow, b.MemoryPeople.Follow} {
			if err := follow(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
	}
	close(stop)
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatalf("search while the copy followed: %v", err)
		}
	}
	b.Sync(t)
	storedOnly := search.NewService(b.DB)
	for _, org := range []string{"cmg", "vgtrk", "other"} {
		p := search.Params{Query: "cobalt", Limit: 50}
		got, err1 := b.Search.Search(As(org, auth.RoleViewer), p)
		want, err2 := storedOnly.Search(As(org, auth.RoleViewer), p)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		g, w := hitIDs(got), hitIDs(want)
		slices.Sort(g)
		slices.Sort(w)
		if !slices.Equal(g, w) || len(w) == 0 {
			t.Errorf("%s: in memory %v, stored %v", org, g, w)
		}
	}
	if st := b.Memory.Stats(); st.Live != 10+12-4 {
		t.Errorf("the copy holds %d live titles, want %d", st.Live, 10+12-4)
	}
	if st := b.MemoryPeople.Stats(); st.Live != 12-4 {
		t.Errorf("the people copy holds %d live people, want %d", st.Live, 12-4)
	}
}
