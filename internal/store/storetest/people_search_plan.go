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

func init() { Register("PeopleSearchLeavesOutEmptyParts", exercisePeopleSearchEmptyParts) }

// exercisePeopleSearchEmptyParts asks for Chinese names typed in Cyrillic,
// the last word a prefix. A Cyrillic prefix also asks its romanization
// class (^цзя), where no key is ever Cyrillic, and a query word may have
// alternatives no one has: the store leaves out what it counted empty, and
// the people found must be the same.
func exercisePeopleSearchEmptyParts(t *testing.T, open func(t testing.TB) *store.DB) {
	b := NewPeopleBundle(t, open(t))
	cmg := As("cmg", auth.RoleEditor)
	id := map[string]string{}
	for _, name := range []string{"Ли Цзя", "Ли Цзянь", "Ли Мин", "Ван Цзя", "Ли Хуа", "Чжао Цзя"} {
		p := b.MustCreatePerson(t, cmg, people.PersonFields{Localizations: names("ru", name), Visibility: people.Visibility("public")})
		id[p.ID] = name
	}
	b.Sync(t)
	found := func(hits []search.Hit) map[string]bool {
		got := map[string]bool{}
		for _, h := range hits {
			got[id[h.ID]] = true
		}
		return got
	}
	viewer := As("other", auth.RoleViewer)
	for _, c := range []struct {
		q    string
		want []string
	}{
		{"Ли Цзя", []string{"Ли Цзя", "Ли Цзянь"}},
		{"Чжао Ц", []string{"Чжао Цзя"}},
		{"Ли Щъ", nil},
	} {
		hits, err := b.Search.SuggestPeople(viewer, c.q, []string{"ru"})
		if err != nil {
			t.Fatalf("suggest %q: %v", c.q, err)
		}
		got := found(hits)
		for _, w := range c.want {
			if !got[w] {
				t.Errorf("suggest %q: %v, missing %s", c.q, got, w)
			}
		}
		if len(got) != len(c.want) {
			t.Errorf("suggest %q: %v, want only %v", c.q, got, c.want)
		}
	}
	res, err := b.Search.Search(viewer, search.Params{Query: "Ли Хуа", Limit: 10, Type: search.TypePerson})
	if err != nil {
		t.Fatal(err)
	}
	if got := found(res.Hits); len(got) != 1 || !got["Ли Хуа"] {
		t.Errorf("search Ли Хуа: %v, want Ли Хуа alone", got)
	}
}
