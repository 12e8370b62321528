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

func init() {
	Register("PeopleSearchMerge", func(t *testing.T, open func(t testing.TB) *store.DB) {
		exercisePeopleSearchMerge(t, open, NewPeopleBundle)
	})
	Register("PeopleSearchSameLists", func(t *testing.T, open func(t testing.TB) *store.DB) {
		exercisePeopleSearchSameLists(t, open, NewPeopleBundle)
	})
}

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
func exercisePeopleSearchMerge(t *testing.T, open func(t testing.TB) *store.DB, nb peopleMaker) {
	if testing.Short() {
		t.Skip("creates 4,225 people")
	}
	b := nb(t, open(t))
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
		got := personHitIDs(t, b, c.q)
		if w := want(c.given, c.surname); !slices.Equal(got, w) {
			t.Errorf("%q: %d people, want the first %d readable by id (got first %v, want first %v)", c.q, len(got), len(w), first(got), first(w))
		}
	}
}

// personHitIDs returns the ids of the first 50 people another
// organisation's viewer finds by q, sorted.
func personHitIDs(t *testing.T, b *PeopleBundle, q string) []string {
	t.Helper()
	res, err := b.Search.Search(As("other", auth.RoleViewer), search.Params{Query: q, Limit: 50, Type: search.TypePerson})
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	slices.Sort(ids)
	return ids
}

func first(ids []string) string {
	if len(ids) == 0 {
		return "none"
	}
	return ids[0]
}

// exercisePeopleSearchSameLists checks a given name typed in Latin before
// a common surname ("oleg smirnov"). Most people have a Latin and a
// Cyrillic name, so the given name's stem (~oleg, of Oleg) and its
// romanization (^oleg, of Олег) list nearly the same people, and the store
// leaves to the first list a person both list (sameLists). The answer must
// still be every readable Oleg Smirnov and none other, whether they have
// both names or only one, with another organisation's private ones holding
// the lowest ids.
func exercisePeopleSearchSameLists(t *testing.T, open func(t testing.TB) *store.DB, nb peopleMaker) {
	if testing.Short() {
		t.Skip("creates 1,202 people")
	}
	b := nb(t, open(t))
	cmg, vgtrk := As("cmg", auth.RoleEditor), As("vgtrk", auth.RoleEditor)
	surnames := [][2]string{{"Petrov", "Петров"}, {"Sokolov", "Соколов"}, {"Volkov", "Волков"}, {"Orlov", "Орлов"}}
	type entry struct {
		id, given, surname string
		public             bool
	}
	var all []entry
	// script: 0 both names; 1 only the Latin one (no Cyrillic name is
	// suggested for it), so only ~oleg lists an Oleg; 2 both, the Latin one
	// spelt another way (Oleh), so only ^oleg lists an Oleg.
	person := func(ctx context.Context, vis string, given, surname [2]string, script int) {
		loc := names("en", given[0]+" "+surname[0], "ru", given[1]+" "+surname[1])
		switch {
		case script == 1:
			delete(loc, "ru")
		case script == 2 && given[0] == "Oleg":
			loc["en"] = people.PersonName{Name: "Oleh " + surname[0]}
		}
		p := b.MustCreatePerson(t, ctx, people.PersonFields{Localizations: loc, Visibility: people.Visibility(vis)})
		all = append(all, entry{p.ID, given[0], surname[0], vis == "public"})
	}
	oleg, smirnov, ivan := [2]string{"Oleg", "Олег"}, [2]string{"Smirnov", "Смирнов"}, [2]string{"Ivan", "Иван"}
	person(vgtrk, "private", oleg, smirnov, 0)
	person(vgtrk, "private", oleg, smirnov, 2)
	// 600 Olegs: most with both names, so ~oleg and ^oleg list nearly
	// the same people, and some whom only one of the two lists holds; nine
	// of them Smirnovs, three of each kind.
	for i := range 600 {
		s, script := surnames[i%len(surnames)], 0
		if i%30 == 1 {
			script = 1
		} else if i%30 == 2 {
			script = 2
		}
		if i%67 <= 2 && i < 201 {
			s, script = smirnov, i%67
		}
		person(cmg, "public", oleg, s, script)
		person(cmg, "public", ivan, smirnov, 0)
	}
	b.Sync(t)
	for _, c := range []struct{ q, given, surname string }{
		{"oleg smirnov", "Oleg", "Smirnov"},
		{"oleg smirn", "Oleg", "Smirn"},
		{"oleg petrov", "Oleg", "Petrov"}, // many: the first 50 by id
	} {
		var want []string
		for _, e := range all {
			if e.public && e.given == c.given && strings.HasPrefix(e.surname, c.surname) {
				want = append(want, e.id)
			}
		}
		slices.Sort(want)
		want = want[:min(len(want), 50)]
		if got := personHitIDs(t, b, c.q); !slices.Equal(got, want) {
			t.Errorf("%q: %d people, want %d (got first %v, want first %v)", c.q, len(got), len(want), first(got), first(want))
		}
	}
}
