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

func init() { Register("PeopleSearchSameLists", exercisePeopleSearchSameLists) }

// exercisePeopleSearchSameLists checks a given name typed in Latin before
// a common surname ("oleg smirnov"). Most people have a Latin and a
// Cyrillic name, so the given name's stem (~oleg, of Oleg) and its
// romanization (^oleg, of Олег) list nearly the same people, and the store
// leaves to the first list a person both list (sameLists). The answer must
// still be every readable Oleg Smirnov and none other, whether they have
// both names or only one, with another organisation's private ones holding
// the lowest ids.
func exercisePeopleSearchSameLists(t *testing.T, open func(t testing.TB) *store.DB) {
	if testing.Short() {
		t.Skip("creates 1,202 people")
	}
	b := NewPeopleBundle(t, open(t))
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
		res, err := b.Search.Search(As("other", auth.RoleViewer), search.Params{Query: c.q, Limit: 50, Type: search.TypePerson})
		if err != nil {
			t.Fatalf("search %q: %v", c.q, err)
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.ID)
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%q: %d people, want %d (got first %v, want first %v)", c.q, len(got), len(want), first(got), first(want))
		}
	}
}
