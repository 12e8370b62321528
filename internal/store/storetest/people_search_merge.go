package storetest

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/people"
	"github.com/silkbridge/silkbridge/internal/search"
	"github.com/silkbridge/silkbridge/internal/store"
)

func init() { Register("PeopleSearchMerge", exercisePeopleSearchMerge) }

// exercisePeopleSearchMerge checks the queries of two common names, which
// the store answers by merging the names' id lists once each has more than
// two thousand entries (above the store's threshold): a pair with many
// people in common gives the first readable ones by id, even when another
// organisation's private entries hold the lowest ids; a pair with few gives
// them all, one with none gives none; a prefix last word finds the people
// of every word it begins. Half of each name's people are stored in Latin
// and half in Cyrillic, so a Latin query finds each half by a different
// key ("~olga" and the transliteration "^olga"), and a word's alternatives
// must be united.
func exercisePeopleSearchMerge(t *testing.T, open func(t testing.TB) *store.DB) {
	if testing.Short() {
		t.Skip("creates 4,225 people")
	}
	b := NewPeopleBundle(t, open(t))
	cmg, vgtrk := As("cmg", auth.RoleEditor), As("vgtrk", auth.RoleEditor)
	type entry struct {
		id, name string // name in Latin
		public   bool
	}
	var all []entry
	cyrillic := map[string]string{"Olga Volkova": "Ольга Волкова", "Anna Petrova": "Анна Петрова", "Olga Petrova": "Ольга Петрова"}
	n := 0
	person := func(ctx context.Context, name, vis string) {
		loc := names("en", name)
		if n++; n%2 == 0 {
			loc = names("ru", cyrillic[name])
		}
		p := b.MustCreatePerson(t, ctx, people.PersonFields{Localizations: loc, Visibility: people.Visibility(vis)})
		all = append(all, entry{p.ID, name, vis == "public"})
	}
	// Another organisation's private Olga Volkovas first, so they hold
	// the lowest ids; then 2,080 public Olga Volkovas, 2,080 Anna
	// Petrovas and five Olga Petrovas.
	for range 60 {
		person(vgtrk, "Olga Volkova", "private")
	}
	for i := range 2080 {
		person(cmg, "Olga Volkova", "public")
		person(cmg, "Anna Petrova", "public")
		if i%400 == 7 {
			person(cmg, "Olga Petrova", "public")
		}
	}
	b.Sync(t)
	// want is what a search must give: the first 50 people by id whose
	// name has the given name and a surname starting with surname, and
	// that another organisation's viewer may read.
	want := func(given, surname string) []string {
		var ids []string
		for _, e := range all {
			g, s, _ := strings.Cut(e.name, " ")
			if e.public && g == given && strings.HasPrefix(s, surname) {
				ids = append(ids, e.id)
			}
		}
		slices.Sort(ids)
		return ids[:min(len(ids), 50)]
	}
	for _, c := range []struct{ q, given, surname string }{
		{"olga volkova", "Olga", "Volkova"}, // many in common, private ones first
		{"olga petrova", "Olga", "Petrova"}, // five in common
		{"anna volkova", "Anna", "Volkova"}, // none in common
		{"olga volk", "Olga", "Volk"},       // prefix last words
		{"anna petr", "Anna", "Petr"},
		{"anna volk", "Anna", "Volk"},
		{"volkova olga", "Olga", "Volkova"}, // the other order
	} {
		res, err := b.Search.Search(As("other", auth.RoleViewer), search.Params{Query: c.q, Limit: 50, Type: search.TypePerson})
		if err != nil {
			t.Fatalf("search %q: %v", c.q, err)
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.ID)
		}
		slices.Sort(got)
		if w := want(c.given, c.surname); !slices.Equal(got, w) {
			t.Errorf("%q: %d people, want the first %d readable by id (got first %v, want first %v)", c.q, len(got), len(w), first(got), first(w))
		}
	}
}

func first(ids []string) string {
	if len(ids) == 0 {
		return "none"
	}
	return ids[0]
}
