package storetest

import (
	"context"

	"testing"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/people"
	"github.com/silkbridge/silkbridge/internal/search"
	"github.com/silkbridge/silkbridge/internal/store"
)

func init() { Register("PeopleSearchPlans", exercisePeopleSearchPlans) }

// exercisePeopleSearchPlans checks that a people query finds the same people
// whichever of its words is read first (the store starts from the rarest) and
// whichever order they are typed in, and that a common name alone still
// gives a full page of readable people when others' private entries come
// first in id order.
func exercisePeopleSearchPlans(t *testing.T, open func(t testing.TB) *store.DB) {
	b := NewPeopleBundle(t, open(t))
	cmg, vgtrk := As("cmg", auth.RoleEditor), As("vgtrk", auth.RoleEditor)
	given := []string{"Иван", "Пётр", "Сергей", "Алексей", "Дмитрий", "Андрей", "Михаил", "Николай"}
	person := func(ctx context.Context, name, vis string) *people.Person {
		return b.MustCreatePerson(t, ctx, people.PersonFields{Localizations: names("ru", name), Visibility: people.Visibility(vis)})
	}
	// Private entries of another organisation first, so they hold the
	// lowest ids.
	for i := range 30 {
		person(vgtrk, given[i%len(given)]+" Смирнов", "private")
	}
	hidden := person(vgtrk, "Аркадий Смирнов", "private")
	for i := range 40 {
		person(cmg, given[i%len(given)]+" Смирнов", "public")
	}
	want := map[string]bool{}
	for range 3 {
		want[person(cmg, "Аркадий Смирнов", "public").ID] = true
	}
	b.Sync(t)
	find := func(q string, limit int) []search.Hit {
		t.Helper()
		res, err := b.Search.Search(As("other", auth.RoleViewer), search.Params{Query: q, Limit: limit, Type: search.TypePerson})
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		return res.Hits
	}
	for _, q := range []string{"Аркадий Смирнов", "Смирнов Аркадий", "Смирнов Арка", "Arkadij Smirnov", "smirnov arkadiy"} {
		hits := find(q, 10)
		got := map[string]bool{}
		for _, h := range hits {
			got[h.ID] = true
			if h.ID == hidden.ID {
				t.Errorf("%q found another organisation's private entry", q)
			}
		}
		if len(got) != len(want) {
			t.Errorf("%q: %d people %v, want the %d readable Аркадий Смирнов", q, len(got), hits, len(want))
		}
		for id := range want {
			if !got[id] {
				t.Errorf("%q: missing %s", q, id)
			}
		}
	}
	all := find("Смирнов", 50)
	if len(all) != 43 {
		t.Errorf("Смирнов: %d people, want all 43 readable ones", len(all))
	}
	for _, h := range all {
		if h.ID == hidden.ID {
			t.Errorf("Смирнов found another organisation's private entry")
		}
	}
}
