package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/audit"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/people"
	"github.com/silkbridge/silkbridge/internal/search"
	"github.com/silkbridge/silkbridge/internal/search/relevance"
	"github.com/silkbridge/silkbridge/internal/store"
)

func init() {
	Register("People", exercisePeople)
	Register("PeopleSearchInMemory", func(t *testing.T, open func(t testing.TB) *store.DB) {
		nb := NewMemoryPeopleBundle
		t.Run("SearchFindsPeopleAcrossScripts", func(t *testing.T) { exercisePeopleSearch(t, open, nb) })
		t.Run("RelevanceSuitePeople", func(t *testing.T) { exercisePeopleRelevance(t, open, nb) })
		t.Run("TwoCommonNames", func(t *testing.T) { exercisePeopleSearchMerge(t, open, nb) })
		t.Run("SameLists", func(t *testing.T) { exercisePeopleSearchSameLists(t, open, nb) })
	})
}

func exercisePeople(t *testing.T, open func(t testing.TB) *store.DB) {
	t.Run("CreateSuggestsNamesAndPatchConfirms", func(t *testing.T) { exercisePeopleSuggest(t, open) })
	t.Run("ProfileVisibilityAsTitles", func(t *testing.T) { exercisePeopleVisibility(t, open) })
	t.Run("PrivateFieldsAccessMatrix", func(t *testing.T) { exercisePeoplePrivate(t, open) })
	t.Run("BadInputStoresNothing", func(t *testing.T) { exercisePeopleBadInput(t, open) })
	t.Run("CreditsOrderedAndShownToReaders", func(t *testing.T) { exercisePeopleCredits(t, open) })
	t.Run("ErasureLeavesNoTraceInAnyTable", func(t *testing.T) { exercisePeopleErasure(t, open) })
	t.Run("SearchFindsPeopleAcrossScripts", func(t *testing.T) { exercisePeopleSearch(t, open, NewPeopleBundle) })
	t.Run("ListPagesAndFilters", func(t *testing.T) { exercisePeopleList(t, open) })
	t.Run("RelevanceSuitePeople", func(t *testing.T) { exercisePeopleRelevance(t, open, NewPeopleBundle) })
}

// exercisePeopleRelevance runs the people queries of the relevance suite
// over its catalogue with its people and their directing credits.
func exercisePeopleRelevance(t *testing.T, open func(t testing.TB) *store.DB, nb peopleMaker) {
	b := nb(t, open(t))
	ed := As("cmg", auth.RoleEditor)
	key, titleID := map[string]string{}, map[string]string{}
	for _, f := range relevance.Titles() {
		ti := b.Create(t, "cmg", f)
		key[ti.ID] = "title:" + relevance.Key(f)
		titleID[relevance.Key(f)] = ti.ID
	}
	fixture, queries := relevance.People()
	credits := map[string][]people.TitleCredit{}
	for _, fp := range fixture {
		locs := map[string]people.PersonName{}
		for tag, n := range fp.Names {
			locs[tag] = people.PersonName{Name: n}
		}
		p := b.MustCreatePerson(t, ed, people.PersonFields{Localizations: locs, Visibility: "public", Roles: []people.PersonRole{"director"}})
		key[p.ID] = "person:" + fp.Key
		for _, tk := range fp.Directed {
			id, ok := titleID[tk]
			if !ok {
				t.Fatalf("%s directed unknown fixture title %q", fp.Key, tk)
			}
			credits[id] = append(credits[id], people.TitleCredit{Role: "director", PersonID: p.ID})
		}
	}
	for id, cs := range credits {
		if _, err := b.People.SetCredits(ed, id, cs, nil); err != nil {
			t.Fatal(err)
		}
	}
	b.Sync(t)
	passed := 0
	for _, q := range queries {
		res, err := b.Search.Search(As("other", auth.RoleViewer), search.Params{Query: q.Q, Limit: 5, Type: q.Type})
		if err != nil {
			t.Fatalf("%q: %v", q.Q, err)
		}
		got := "(nothing)"
		if len(res.Hits) > 0 {
			got = key[res.Hits[0].ID]
		}
		if got != q.Want {
			t.Errorf("%q → %s, want %s (%s)", q.Q, got, q.Want, q.Why)
			continue
		}
		passed++
	}
	t.Logf("people relevance: %d of %d queries find the expected person or title first", passed, len(queries))
	if len(queries) < 20 {
		t.Fatalf("only %d people queries", len(queries))
	}
}

// PeopleBundle is a database with catalogue, people and search wired over it.
type PeopleBundle struct {
	*SearchBundle
	People *people.Service
	Hosts  *FakeHosts
}

// FakeHosts is a Hosts the tests set by hand (the exchange domain's stand-in).
type FakeHosts struct{ ByPerson map[string][]string }

// HostsOf returns the hosts set for id.
func (h *FakeHosts) HostsOf(_ context.Context, id string) ([]string, error) {
	return h.ByPerson[id], nil
}

// NewPeopleBundle seeds organisations and wires the services.
func NewPeopleBundle(t testing.TB, db *store.DB) *PeopleBundle {
	return peopleBundleOver(db, NewSearchBundle(t, db))
}

// NewMemoryPeopleBundle is NewPeopleBundle with titles and people searched
// through in-memory copies of their indexes, which Sync loads and brings up
// to date.
func NewMemoryPeopleBundle(t testing.TB, db *store.DB) *PeopleBundle {
	b := NewMemorySearchBundle(t, db)
	mem := search.NewMemoryPeople(db, db, search.MemoryConfig{})
	b.MemoryPeople = mem
	b.Search.WithMemoryPeople(mem)
	t.Cleanup(func() {
		if st := mem.Stats(); st.Answered == 0 {
			t.Errorf("no people look-up was answered in memory (%d by the database): the test did not test the copy", st.Deferred)
		}
	})
	return peopleBundleOver(db, b)
}

func peopleBundleOver(db *store.DB, b *SearchBundle) *PeopleBundle {
	h := &FakeHosts{ByPerson: map[string][]string{}}
	return &PeopleBundle{SearchBundle: b, People: people.NewService(db, b.Catalog, h), Hosts: h}
}

// peopleMaker wires people over a database: NewPeopleBundle or
// NewMemoryPeopleBundle.
type peopleMaker func(t testing.TB, db *store.DB) *PeopleBundle

// User acts as a signed-in user of org.
func User(org string, role auth.Role, email string) context.Context {
	return auth.WithPrincipal(context.Background(), &auth.Principal{Org: org, Role: role, UserID: "u-" + email, Name: email})
}

// MustCreatePerson creates a person as ctx.
func (b *PeopleBundle) MustCreatePerson(t testing.TB, ctx context.Context, f people.PersonFields) *people.Person {
	t.Helper()
	p, err := b.People.Create(ctx, f)
	if err != nil {
		t.Fatalf("create person %v: %v", f.Localizations, err)
	}
	return p
}

func names(kv ...string) map[string]people.PersonName {
	out := map[string]people.PersonName{}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = people.PersonName{Name: kv[i+1]}
	}
	return out
}

func exercisePeopleSuggest(t *testing.T, open func(t testing.TB) *store.DB) {
	b := NewPeopleBundle(t, open(t))
	ctx := As("cmg", auth.RoleEditor)
	p := b.MustCreatePerson(t, ctx, people.PersonFields{Localizations: names("zh-Hans", "陈思诚"), Roles: []people.PersonRole{"director"}, Visibility: "public"})
	if l := p.Localizations["en"]; l.Name != "Chen Sicheng" || !l.Suggested {
		t.Errorf("en = %+v, want suggested Chen Sicheng", l)
	}
	if l := p.Localizations["ru"]; l.Name != "Чэнь Сычэн" || !l.Suggested {
		t.Errorf("ru = %+v, want suggested Чэнь Сычэн", l)
	}
	if p.Localizations["zh-Hans"].Suggested {
		t.Error("the typed name is flagged as a suggestion")
	}
	got, err := b.People.Get(As("other", auth.RoleViewer), p.ID, []string{"ru"})
	if err != nil || got.DisplayName != "Чэнь Сычэн" || !got.Localizations["ru"].Suggested {
		t.Fatalf("stored suggestion: %+v %v", got, err)
	}
	// Editing a suggested name confirms it; an explicit false confirms as is.
	p2, err := b.People.Patch(ctx, p.ID, map[string]any{"localizations": map[string]any{
		"ru": map[string]any{"name": "Чэнь Сычэн", "suggested": false},
		"en": map[string]any{"name": "Sicheng Chen"},
	}}, catalog.ETag(p.Version))
	if err != nil {
		t.Fatal(err)
	}
	if p2.Localizations["ru"].Suggested || p2.Localizations["en"].Suggested || p2.Localizations["en"].Name != "Sicheng Chen" {
		t.Errorf("after confirming: %+v", p2.Localizations)
	}
	if _, err := b.People.Patch(ctx, p.ID, map[string]any{"roles": []any{"actor"}}, catalog.ETag(p.Version)); !apperr.Is(err, apperr.PreconditionFailed) {
		t.Errorf("stale If-Match: %v, want precondition failed", err)
	}
	ru := b.MustCreatePerson(t, ctx, people.PersonFields{Localizations: names("ru", "Олег Добродеев")})
	if ru.Localizations["zh-Hans"].Name != "奥列格·多布罗杰耶夫" || ru.Localizations["en"].Name != "Oleg Dobrodeev" {
		t.Errorf("Russian name suggestions: %+v", ru.Localizations)
	}
}

func exercisePeopleVisibility(t *testing.T, open func(t testing.TB) *store.DB) {
	b := NewPeopleBundle(t, open(t))
	ids := map[catalog.Visibility]string{}
	for _, v := range catalog.Visibilities {
		ids[v] = b.MustCreatePerson(t, As("vgtrk", auth.RoleEditor), people.PersonFields{Localizations: names("en", "P "+string(v)), Visibility: v}).ID
	}
	for _, c := range []struct {
		org  string
		want []catalog.Visibility
	}{
		{"vgtrk", catalog.Visibilities},
		{"cmg", []catalog.Visibility{"partners", "public"}},
		{"other", []catalog.Visibility{"public"}},
	} {
		for _, v := range catalog.Visibilities {
			_, err := b.People.Get(As(c.org, auth.RoleViewer), ids[v], nil)
			if want := slices.Contains(c.want, v); (err == nil) != want {
				t.Errorf("%s reads %s person: %v, want readable=%v", c.org, v, err, want)
			}
			if err != nil && !apperr.Is(err, apperr.NotFound) {
				t.Errorf("%s reads %s person: %v, want not found", c.org, v, err)
			}
		}
		list, _, err := b.People.List(As(c.org, auth.RoleViewer), people.ListParams{}, nil)
		if err != nil || len(list) != len(c.want) {
			t.Errorf("%s lists %d people (%v), want %d", c.org, len(list), err, len(c.want))
		}
	}
	if _, err := b.People.Patch(As("cmg", auth.RoleAdmin), ids["public"], map[string]any{"roles": []any{"actor"}}, ""); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("another organisation edits: %v, want forbidden", err)
	}
}

// privateValues are distinctive strings the erasure test looks for.
var privateValues = people.PrivateData{
	DateOfBirth: "1971-03-09", PassportNumber: "EJ7734512", PassportExpiry: "2031-08-30",
	Phone: "+7 495 555 0199", Email: "l.kovaleva.private@example.org", Needs: "Needs a vegetarian zebrafinch menu",
}

func exercisePeoplePrivate(t *testing.T, open func(t testing.TB) *store.DB) {
	b := NewPeopleBundle(t, open(t))
	priv := privateValues
	if _, err := b.People.Create(As("vgtrk", auth.RoleEditor), people.PersonFields{Localizations: names("ru", "Лидия Ковалёва"), Private: &priv}); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("an editor sets private fields: %v, want forbidden", err)
	}
	p := b.MustCreatePerson(t, As("vgtrk", auth.RoleAdmin), people.PersonFields{Localizations: names("ru", "Лидия Ковалёва"),
		Org: "vgtrk", Visibility: "public", Private: &priv, Coordinators: []string{"Coord@VGTRK.example"}})
	b.Hosts.ByPerson[p.ID] = []string{"other"} // "other" hosts her in an exchange
	cases := []struct {
		name string
		ctx  context.Context
		want bool
	}{
		{"own admin", As("vgtrk", auth.RoleAdmin), true},
		{"own editor", As("vgtrk", auth.RoleEditor), false},
		{"own viewer", As("vgtrk", auth.RoleViewer), false},
		{"named coordinator (user)", User("vgtrk", auth.RoleViewer, "coord@vgtrk.example"), true},
		{"coordinator's address on a token", As("vgtrk", auth.RoleViewer), false},
		{"someone else of the org", User("vgtrk", auth.RoleEditor, "x@vgtrk.example"), false},
		{"host admin", As("other", auth.RoleAdmin), true},
		{"host editor", As("other", auth.RoleEditor), false},
		{"partner admin, not hosting", As("cmg", auth.RoleAdmin), false},
	}
	for _, c := range cases {
		got, err := b.People.Get(c.ctx, p.ID, nil)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if (got.Private != nil) != c.want || (len(got.Coordinators) > 0) != c.want {
			t.Errorf("%s sees private=%v coordinators=%v, want %v", c.name, got.Private, got.Coordinators, c.want)
		}
		if c.want && *got.Private != priv {
			t.Errorf("%s: private = %+v", c.name, got.Private)
		}
	}
	// Lists never carry private data.
	list, _, _ := b.People.List(As("vgtrk", auth.RoleAdmin), people.ListParams{}, nil)
	for _, q := range list {
		if q.Private != nil || q.Coordinators != nil {
			t.Errorf("list shows private data: %+v", q)
		}
	}
	// Every read is audited, with field names and no values.
	entries, err := audit.NewService(b.DB).List(As("vgtrk", auth.RoleAdmin), audit.ListParams{Entity: "person", EntityID: p.ID})
	if err != nil {
		t.Fatal(err)
	}
	reads := 0
	for _, e := range entries {
		if e.Action == "person.private_read" {
			reads++
		}
		if strings.Contains(string(e.Changes), priv.PassportNumber) || strings.Contains(string(e.Changes), "Лидия") {
			t.Errorf("audit entry holds personal data: %s", e.Changes)
		}
	}
	if reads != 3 { // own admin, coordinator, host admin
		t.Errorf("%d private reads audited, want 3", reads)
	}
	// Only private writers change private data.
	if _, err := b.People.Patch(As("vgtrk", auth.RoleEditor), p.ID, map[string]any{"private": map[string]any{"phone": "+7 1"}}, ""); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("editor changes private: %v", err)
	}
	if _, err := b.People.Patch(As("other", auth.RoleAdmin), p.ID, map[string]any{"private": map[string]any{"needs": "wheelchair"}}, ""); err != nil {
		t.Errorf("host admin changes private: %v", err)
	}
	// Export: admins of the home organisation only.
	if _, err := b.People.Export(As("other", auth.RoleAdmin), p.ID); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("host exports: %v", err)
	}
	ex, err := b.People.Export(As("vgtrk", auth.RoleAdmin), p.ID)
	if err != nil || ex.Person.Private == nil || ex.Person.Private.Needs != "wheelchair" {
		t.Errorf("export: %+v %v", ex, err)
	}
	// ErasePrivate (the exchange's retention job) removes only private data.
	if err := b.People.ErasePrivate(context.Background(), p.ID); err != nil {
		t.Fatal(err)
	}
	got, _ := b.People.Get(As("vgtrk", auth.RoleAdmin), p.ID, nil)
	if got.Private != nil || got.Coordinators != nil || got.Localizations["ru"].Name != "Лидия Ковалёва" {
		t.Errorf("after ErasePrivate: %+v", got)
	}
}

func exercisePeopleBadInput(t *testing.T, open func(t testing.TB) *store.DB) {
	b := NewPeopleBundle(t, open(t))
	ctx := As("cmg", auth.RoleAdmin)
	long := strings.Repeat("陈", 10000)
	for _, c := range []struct {
		field string
		f     people.PersonFields
	}{
		{"localizations.zh-Hans.name", people.PersonFields{Localizations: names("zh-Hans", long)}},
		{"roles[0]", people.PersonFields{Localizations: names("en", "A"), Roles: []people.PersonRole{"astronaut"}}},
		{"localizations.xx-!!", people.PersonFields{Localizations: names("xx-!!", "A")}},
		{"languages[1]", people.PersonFields{Localizations: names("en", "A"), Languages: []string{"ru", "not a tag"}}},
		{"localizations", people.PersonFields{}},
		{"org", people.PersonFields{Localizations: names("en", "A"), Org: "nosuch"}},
		{"private.passport_expiry", people.PersonFields{Localizations: names("en", "A"), Private: &people.PrivateData{PassportExpiry: "2030-13-01"}}},
		{"private.email", people.PersonFields{Localizations: names("en", "A"), Private: &people.PrivateData{Email: "no at sign"}}},
		{"visibility", people.PersonFields{Localizations: names("en", "A"), Visibility: "secret"}},
	} {
		_, err := b.People.Create(ctx, c.f)
		var ae *apperr.Error
		if !errorsAs(err, &ae) || ae.Code != apperr.Invalid || !hasField(ae, c.field) {
			t.Errorf("%s: %v, want invalid naming the field", c.field, err)
		}
	}
	list, _, _ := b.People.List(ctx, people.ListParams{}, nil)
	if len(list) != 0 {
		t.Errorf("bad input stored %d people", len(list))
	}
}

func hasField(e *apperr.Error, field string) bool {
	for _, f := range e.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

func exercisePeopleCredits(t *testing.T, open func(t testing.TB) *store.DB) {
	b := NewPeopleBundle(t, open(t))
	ed := As("cmg", auth.RoleEditor)
	title := b.Create(t, "cmg", TitleFields("Red Silk", catalog.VisibilityPublic))
	dir := b.MustCreatePerson(t, ed, people.PersonFields{Localizations: names("zh-Hans", "陈思诚"), Visibility: "public"})
	actor := b.MustCreatePerson(t, ed, people.PersonFields{Localizations: names("en", "An Actor"), Visibility: "public"})
	hidden := b.MustCreatePerson(t, ed, people.PersonFields{Localizations: names("en", "Private Composer")})
	in := []people.TitleCredit{
		{Role: "director", PersonID: dir.ID},
		{Role: "cast", PersonID: actor.ID, Character: map[string]string{"en": "Pilot", "ru": "Лётчик"}},
		{Role: "composer", PersonID: hidden.ID},
	}
	if _, err := b.People.SetCredits(As("vgtrk", auth.RoleEditor), title.ID, in, nil); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("non-owner sets credits: %v", err)
	}
	if _, err := b.People.SetCredits(ed, title.ID, []people.TitleCredit{{Role: "gaffer", PersonID: dir.ID}}, nil); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("unknown credit role: %v", err)
	}
	if _, err := b.People.SetCredits(ed, title.ID, []people.TitleCredit{{Role: "director", PersonID: "nobody"}}, nil); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("unknown person: %v", err)
	}
	if _, err := b.People.SetCredits(ed, title.ID, in, []string{"en"}); err != nil {
		t.Fatal(err)
	}
	own, _ := b.People.Credits(ed, title.ID, []string{"en"})
	if len(own) != 3 || own[0].Name != "Chen Sicheng" || own[1].Character["ru"] != "Лётчик" || own[2].Role != "composer" {
		t.Errorf("owner's credits: %+v", own)
	}
	seen, _ := b.People.Credits(As("other", auth.RoleViewer), title.ID, []string{"ru"})
	if len(seen) != 2 || seen[0].Name != "Чэнь Сычэн" {
		t.Errorf("other's credits (private composer hidden): %+v", seen)
	}
	pc, err := b.People.PersonCredits(As("other", auth.RoleViewer), dir.ID, []string{"en"})
	if err != nil || len(pc) != 1 || pc[0].Title != "Red Silk" || pc[0].Role != "director" {
		t.Errorf("person's credits: %+v %v", pc, err)
	}
}

func errorsAs(err error, target **apperr.Error) bool {
	e, ok := err.(*apperr.Error)
	if ok {
		*target = e
	}
	return ok
}

func exercisePeopleErasure(t *testing.T, open func(t testing.TB) *store.DB) {
	db := open(t)
	b := NewPeopleBundle(t, db)
	admin := As("vgtrk", auth.RoleAdmin)
	priv := privateValues
	bio := "Grew up beside the Quillingham lighthouse"
	p := b.MustCreatePerson(t, admin, people.PersonFields{
		Localizations: map[string]people.PersonName{"ru": {Name: "Лидия Ковалёва", Biography: bio}, "en": {Name: "Lidiia Zaborskaya-Kovaleva"}},
		Org:           "vgtrk", Visibility: "public", Private: &priv, Coordinators: []string{"coord@vgtrk.example"},
	})
	title := b.Create(t, "vgtrk", TitleFields("Erasure Film", catalog.VisibilityPublic))
	if _, err := b.People.SetCredits(As("vgtrk", auth.RoleEditor), title.ID, []people.TitleCredit{{Role: "director", PersonID: p.ID}}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := b.People.Get(admin, p.ID, nil); err != nil { // an audited read
		t.Fatal(err)
	}
	b.Sync(t)
	secrets := []string{priv.DateOfBirth, priv.PassportNumber, priv.PassportExpiry, priv.Phone, priv.Email, "zebrafinch",
		"Quillingham", "Ковалёва", "ковалёва", "Zaborskaya", "zaborskaya", "coord@vgtrk.example"}
	if found := scanAllTables(t, db, secrets); len(found) == 0 {
		t.Fatal("the test finds nothing before erasure, so it proves nothing")
	}
	if _, err := b.People.Erase(As("vgtrk", auth.RoleEditor), p.ID, ""); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("an editor erases: %v", err)
	}
	e, err := b.People.Erase(admin, p.ID, catalog.ETag(p.Version))
	if err != nil {
		t.Fatal(err)
	}
	if !e.Erased || !strings.HasPrefix(e.DisplayName, "Person ") {
		t.Errorf("erased person: %+v", e)
	}
	b.Sync(t)
	for _, f := range scanAllTables(t, db, secrets) {
		t.Errorf("after erasure: %s", f)
	}
	cs, _ := b.People.Credits(As("other", auth.RoleViewer), title.ID, nil)
	if len(cs) != 1 || cs[0].PersonID != p.ID || !cs[0].Erased || cs[0].Name != e.DisplayName {
		t.Errorf("credit after erasure: %+v", cs)
	}
	if _, err := b.People.Patch(admin, p.ID, map[string]any{"roles": []any{"actor"}}, ""); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("patching an erased person: %v", err)
	}
}

// scanAllTables reads every row of every table the database catalogue lists
// and reports where any of needles occurs.
func scanAllTables(t *testing.T, db *store.DB, needles []string) []string {
	t.Helper()
	ctx := context.Background()
	q := `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`
	if db.Dialect() == store.Postgres {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`
	}
	rows, err := db.Writer().QueryContext(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, n)
	}
	rows.Close()
	if len(tables) < 20 {
		t.Fatalf("only %d tables listed: %v", len(tables), tables)
	}
	var found []string
	for _, table := range tables {
		r, err := db.Writer().QueryContext(ctx, `SELECT * FROM "`+table+`"`)
		if err != nil {
			t.Fatalf("read %s: %v", table, err)
		}
		cols, _ := r.Columns()
		for r.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := r.Scan(ptrs...); err != nil {
				t.Fatalf("scan %s: %v", table, err)
			}
			for i, v := range vals {
				var s string
				switch x := v.(type) {
				case []byte:
					s = string(x)
				case nil:
					continue
				default:
					s = fmt.Sprint(x)
				}
				for _, n := range needles {
					if strings.Contains(s, n) {
						found = append(found, fmt.Sprintf("%s.%s holds %q", table, cols[i], n))
					}
				}
			}
		}
		r.Close()
	}
	return found
}

func exercisePeopleSearch(t *testing.T, open func(t testing.TB) *store.DB, nb peopleMaker) {
	b := nb(t, open(t))
	ed := As("cmg", auth.RoleEditor)
	chen := b.MustCreatePerson(t, ed, people.PersonFields{Localizations: names("zh-Hans", "陈思诚"), Visibility: "public", Roles: []people.PersonRole{"director"}})
	shen := b.MustCreatePerson(t, ed, people.PersonFields{Localizations: names("zh-Hans", "慎海雄"), Visibility: "public", Roles: []people.PersonRole{"executive"}})
	dob := b.MustCreatePerson(t, As("vgtrk", auth.RoleEditor), people.PersonFields{Localizations: names("ru", "Олег Добродеев"), Visibility: "partners"})
	secret := b.MustCreatePerson(t, ed, people.PersonFields{Localizations: names("zh-Hans", "陈思远"), Visibility: "private"})
	film := catalog.Fields{Kind: catalog.KindFilm, OriginalLanguage: "zh-Hans", Visibility: "public",
		Localizations: map[string]catalog.Localization{"zh-Hans": {Title: "测试影片"}, "en": {Title: "A Test Film"}}} // invented: the credit below is test data
	ti := b.Create(t, "cmg", film)
	if _, err := b.People.SetCredits(ed, ti.ID, []people.TitleCredit{{Role: "director", PersonID: chen.ID}}, nil); err != nil {
		t.Fatal(err)
	}
	b.Sync(t)
	find := func(org, q, typ string) []search.Hit {
		t.Helper()
		res, err := b.Search.Search(As(org, auth.RoleViewer), search.Params{Query: q, Limit: 10, Type: typ, Prefs: []string{"en"}})
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		return res.Hits
	}
	first := func(hits []search.Hit) string {
		if len(hits) == 0 {
			return "(nothing)"
		}
		return hits[0].Type + ":" + hits[0].ID
	}
	for _, c := range []struct{ q, want, why string }{
		{"陈思诚", "person:" + chen.ID, "hanzi"},
		{"chen sicheng", "person:" + chen.ID, "pinyin with a space"},
		{"Chen Sicheng", "person:" + chen.ID, "pinyin capitalised"},
		{"sicheng", "person:" + chen.ID, "given name alone"},
		{"Чэнь Сычэн", "person:" + chen.ID, "Palladius"},
		{"Сычэн", "person:" + chen.ID, "Palladius given name"},
		{"慎海雄", "person:" + shen.ID, "hanzi"},
		{"Shen Haixiong", "person:" + shen.ID, "pinyin"},
		{"Шэнь Хайсюн", "person:" + shen.ID, "Palladius"},
		{"haixi", "person:" + shen.ID, "partial name (prefix)"},
		{"Dobrodeev", "person:" + dob.ID, "ICAO Latin"},
		{"Добродеев", "person:" + dob.ID, "Cyrillic"},
		{"Доброд", "person:" + dob.ID, "partial Cyrillic (prefix)"},
		{"多布罗杰耶夫", "person:" + dob.ID, "Xinhua Chinese"},
		{"dobrodeyev", "person:" + dob.ID, "BGN romanization of the Cyrillic name"},
	} {
		if got := first(find("cmg", c.q, "")); got != c.want {
			t.Errorf("%q (%s) → %s, want %s", c.q, c.why, got, c.want)
		}
	}
	// A title by its director's name, in every script.
	for _, q := range []string{"Chen Sicheng", "陈思诚", "Чэнь Сычэн"} {
		hits := find("other", q, "title")
		if len(hits) != 1 || hits[0].ID != ti.ID || hits[0].Type != "title" {
			t.Errorf("title by director %q: %+v", q, hits)
		}
	}
	for _, h := range find("cmg", "陈思", "person") {
		if h.Type != "person" {
			t.Errorf("type=person gave %+v", h)
		}
	}
	if hits := find("other", "Добродеев", ""); len(hits) != 0 {
		t.Errorf("partners-only person found by a non-partner: %+v", hits)
	}
	for _, h := range find("other", "陈思远", "") {
		if h.ID == secret.ID {
			t.Errorf("private person found by another organisation")
		}
	}
	if hits := find("cmg", "陈思远", "person"); len(hits) != 1 || hits[0].ID != secret.ID || hits[0].Name != "Chen Siyuan" {
		t.Errorf("own private person: %+v", hits)
	}
	if _, err := b.Search.Search(As("cmg", auth.RoleViewer), search.Params{Query: "chen", Type: "film"}); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("bad type: %v", err)
	}
}

func exercisePeopleList(t *testing.T, open func(t testing.TB) *store.DB) {
	b := NewPeopleBundle(t, open(t))
	ed := As("cmg", auth.RoleEditor)
	for i := range 5 {
		role := people.PersonRole("actor")
		if i%2 == 0 {
			role = "director"
		}
		b.MustCreatePerson(t, ed, people.PersonFields{Localizations: names("en", fmt.Sprintf("Person %d", i)), Roles: []people.PersonRole{role}, Org: "cmg"})
	}
	seen := map[string]bool{}
	cursor := ""
	for pages := 0; ; pages++ {
		items, next, err := b.People.List(ed, people.ListParams{Limit: 2, After: cursor}, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range items {
			if seen[p.ID] {
				t.Errorf("%s twice", p.ID)
			}
			seen[p.ID] = true
		}
		if next == "" {
			break
		}
		cursor = next
	}
	if len(seen) != 5 {
		t.Errorf("pages visited %d people, want 5", len(seen))
	}
	dirs, _, _ := b.People.List(ed, people.ListParams{Role: "director"}, nil)
	if len(dirs) != 3 {
		t.Errorf("%d directors, want 3", len(dirs))
	}
	if _, _, err := b.People.List(ed, people.ListParams{After: "garbage"}, nil); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("bad cursor: %v", err)
	}
}
