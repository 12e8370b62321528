package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/people"
	"github.com/silkbridge/silkbridge/internal/search"
	"github.com/silkbridge/silkbridge/internal/store"
)

func init() {
	Register("SearchMemoryPeopleAgreesWithStore", exerciseMemoryPeopleAgrees)
}

// exerciseMemoryPeopleAgrees fills a directory where names repeat as real
// ones do (in three scripts, with the names the service suggests in the
// others, owned by three organisations with every visibility), and checks
// that people search and suggestions through the in-memory copy give what
// they give through the store, hit for hit and score for score, for every
// word, full name and word prefix as three viewers: once loaded, and again
// after people were added, renamed, hidden and erased and the copy followed
// the people change log. Before it follows, the copy must leave look-ups to
// the database.
func exerciseMemoryPeopleAgrees(t *testing.T, open func(t testing.TB) *store.DB) {
	db := open(t)
	b := NewPeopleBundle(t, db)
	r := rand.New(rand.NewPCG(17, 4))
	var made []*people.Person
	for range 420 {
		made = append(made, b.MustCreatePerson(t, As(pick(r, "cmg", "vgtrk", "other"), auth.RoleEditor), directoryPerson(r)))
	}
	// Titles directed by some of the public ones, found through their names.
	var public []*people.Person
	for _, p := range made {
		if p.Visibility == "public" {
			public = append(public, p)
		}
	}
	var films []string
	for i := range 60 {
		owner := pick(r, "cmg", "vgtrk")
		ti := b.Create(t, owner, TitleFields(fmt.Sprintf("Agreement film %d", i), catalog.Visibility(pick(r, "public", "partners", "private"))))
		credits := []people.TitleCredit{{Role: "director", PersonID: public[r.IntN(len(public))].ID}}
		if i%3 == 0 {
			credits = append(credits, people.TitleCredit{Role: "director", PersonID: public[r.IntN(len(public))].ID})
		}
		if _, err := b.People.SetCredits(As(owner, auth.RoleEditor), ti.ID, credits, nil); err != nil {
			t.Fatal(err)
		}
		films = append(films, ti.ID)
	}
	b.Sync(t)
	mem := search.NewMemoryPeople(db, db, search.MemoryConfig{})
	titles := search.NewMemoryIndex(db, db, search.MemoryConfig{})
	for _, load := range []func(context.Context) error{mem.Load, titles.Load} {
		if err := load(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	stored, inMemory := search.NewService(db), search.NewService(db).WithMemoryIndex(titles).WithMemoryPeople(mem)
	queries := directoryQueries(t, db)
	comparePeopleSearch(t, stored, inMemory, queries, "loaded")
	if st := mem.Stats(); st.Deferred != 0 || st.Answered == 0 || st.Live != len(made) {
		t.Fatalf("after loading: %+v, want every look-up answered in memory and %d people", st, len(made))
	}
	if st := titles.Stats(); st.Deferred != 0 || st.Answered == 0 {
		t.Fatalf("after loading, title look-ups (those of directors' titles among them): %+v, want all in memory", st)
	}

	// Changes: new people (with the ids of people.NewID, after every other),
	// renamed ones, one hidden from partners, erased ones.
	for range 40 {
		made = append(made, b.MustCreatePerson(t, As(pick(r, "cmg", "vgtrk"), auth.RoleEditor), directoryPerson(r)))
	}
	for i, p := range made[:30] {
		admin := As(p.Owner, auth.RoleAdmin)
		var err error
		switch i % 3 {
		case 0:
			_, err = b.People.Patch(admin, p.ID, map[string]any{"localizations": map[string]any{"en": map[string]any{"name": "Renamed Kowalczyk " + fmt.Sprint(i)}}}, "")
		case 1:
			_, err = b.People.Patch(admin, p.ID, map[string]any{"visibility": "private"}, "")
		case 2:
			_, err = b.People.Erase(admin, p.ID, "")
		}
		if err != nil {
			t.Fatalf("change %d: %v", i, err)
		}
	}
	// New directors for some titles, and a title hidden: changes of the
	// catalogue, which the title copy follows.
	for i, id := range films[:12] {
		editor := As(mustTitleOwner(t, b, id), auth.RoleEditor)
		var err error
		if i%4 == 3 {
			_, err = b.Catalog.Patch(editor, id, map[string]any{"visibility": catalog.VisibilityPrivate}, "")
		} else {
			_, err = b.People.SetCredits(editor, id, []people.TitleCredit{{Role: "director", PersonID: public[len(public)-1-i].ID}}, nil)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	before, beforeTitles := mem.Stats(), titles.Stats()
	comparePeopleSearch(t, stored, inMemory, queries[:5], "changed, not followed")
	if after := mem.Stats(); after.Answered != before.Answered || after.Deferred == before.Deferred {
		t.Fatalf("with changes not followed the copy answered: %+v then %+v", before, after)
	}
	if after := titles.Stats(); after.Answered != beforeTitles.Answered {
		t.Fatalf("with credits changed and not followed the title copy answered: %+v then %+v", beforeTitles, after)
	}
	b.Sync(t)
	for _, follow := range []func(context.Context) error{mem.Follow, titles.Follow} {
		if err := follow(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	queries = append(directoryQueries(t, db), "kowalczyk", "Renamed Kowalczyk 3", "renamed kowa")
	before, beforeTitles = mem.Stats(), titles.Stats()
	comparePeopleSearch(t, stored, inMemory, queries, "followed")
	if after := mem.Stats(); after.Deferred != before.Deferred {
		t.Fatalf("after following, look-ups went to the database: %+v then %+v", before, after)
	}
	if after := titles.Stats(); after.Deferred != beforeTitles.Deferred {
		t.Fatalf("after following, title look-ups went to the database: %+v then %+v", beforeTitles, after)
	}
	if hits := searchHits(t, inMemory, "vgtrk", "kowalczyk", "suggest"); len(hits) == 0 {
		t.Fatal("the renamed people are not found by their new name, so the comparison proves little")
	}
}

// comparePeopleSearch runs every query as a people search and as
// suggestions, as three viewers, through both services.
func comparePeopleSearch(t *testing.T, stored, inMemory *search.Service, queries []string, when string) {
	t.Helper()
	compared, nonEmpty, directed := 0, 0, 0
	for _, q := range queries {
		for _, viewer := range []string{"cmg", "vgtrk", "other"} {
			for _, how := range []string{"people", "suggest", "everything"} {
				want, got := searchHits(t, stored, viewer, q, how), searchHits(t, inMemory, viewer, q, how)
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%s: %q as %s (%s): in memory\n%v\nstored\n%v", when, q, viewer, how, got, want)
				}
				compared++
				if len(want) > 0 {
					nonEmpty++
				}
				for _, h := range want {
					if strings.HasPrefix(h, "title ") {
						directed++
					}
				}
			}
		}
	}
	if nonEmpty < compared/3 || len(queries) > 5 && directed < 20 {
		t.Fatalf("%s: only %d of %d look-ups found anyone, %d titles by their directors, so the comparison proves little",
			when, nonEmpty, compared, directed)
	}
}

// searchHits runs q as a people search, as people suggestions, or as a
// search of everything (titles, people, and titles by their directors).
func searchHits(t *testing.T, s *search.Service, viewer, q, how string) []string {
	t.Helper()
	ctx := As(viewer, auth.RoleViewer)
	var hits []search.Hit
	switch how {
	case "suggest":
		_, ps, err := s.SuggestAll(ctx, q, []string{"en"}, false, true)
		if err != nil {
			t.Fatalf("suggest %q: %v", q, err)
		}
		hits = ps
	default:
		typ := search.TypePerson
		if how == "everything" {
			typ = ""
		}
		res, err := s.Search(ctx, search.Params{Query: q, Type: typ, Limit: 50, Prefs: []string{"en"}})
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		hits = res.Hits
	}
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = fmt.Sprintf("%s %s %s %s %.3f", h.Type, h.ID, h.Name, h.Title, h.Score)
	}
	return out
}

func mustTitleOwner(t *testing.T, b *PeopleBundle, id string) string {
	t.Helper()
	ti, err := b.Catalog.Get(As("cmg", auth.RoleAdmin), id, nil)
	if err != nil {
		ti, err = b.Catalog.Get(As("vgtrk", auth.RoleAdmin), id, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return ti.Owner
}

// Names drawn with a skew, so that some words belong to more people than a
// search returns (50).
var (
	directorySurnamesZh = []string{"王", "王", "王", "王", "李", "李", "张", "刘", "陈", "杨", "赵", "黄"}
	directoryGivenZh    = []string{"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "秀英", "建华"}
	directorySurnamesRu = []string{"Иванов", "Иванов", "Иванов", "Смирнов", "Смирнов", "Кузнецов", "Попов", "Соколов"}
	directoryGivenRuM   = []string{"Александр", "Сергей", "Олег", "Дмитрий", "Андрей"}
	directoryGivenRuF   = []string{"Ольга", "Анна", "Елена", "Мария"}
	directorySurnamesEn = []string{"Smith", "Jones", "Brown", "Taylor"}
	directoryGivenEn    = []string{"John", "Mary", "Olivia", "James"}
)

func pick(r *rand.Rand, from ...string) string { return from[r.IntN(len(from))] }

func directoryPerson(r *rand.Rand) people.PersonFields {
	var name, lang string
	switch x := r.IntN(10); {
	case x < 5:
		name, lang = pick(r, directorySurnamesZh...)+pick(r, directoryGivenZh...), "zh-Hans"
	case x < 9:
		surname := pick(r, directorySurnamesRu...)
		given := pick(r, directoryGivenRuM...)
		if r.IntN(2) == 0 {
			surname, given = surname+"а", pick(r, directoryGivenRuF...)
		}
		name, lang = given+" "+surname, "ru"
	default:
		name, lang = pick(r, directoryGivenEn...)+" "+pick(r, directorySurnamesEn...), "en"
	}
	f := people.PersonFields{Localizations: map[string]people.PersonName{lang: {Name: name}},
		Visibility: people.Visibility(pick(r, "public", "public", "partners", "private"))}
	if r.IntN(8) == 0 {
		f.Org = pick(r, "cmg", "vgtrk")
	}
	return f
}

// directoryQueries are every word of every stored name, every full name,
// and the first two thirds of every word (a prefix for suggestions).
func directoryQueries(t *testing.T, db *store.DB) []string {
	t.Helper()
	srcs, err := db.PeopleSource(context.Background(), nil, "", 10000)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var out []string
	add := func(q string) {
		if q != "" && !seen[q] {
			seen[q] = true
			out = append(out, q)
		}
	}
	for _, s := range srcs {
		for _, name := range s.Names {
			add(name)
			for _, w := range strings.Fields(name) {
				add(w)
				rs := []rune(w)
				add(string(rs[:max(1, len(rs)*2/3)]))
			}
		}
	}
	slices.Sort(out)
	return out
}
