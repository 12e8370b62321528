package demo

import (
	"context"

	"github.com/google/uuid"

	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/people"
)

// PersonID returns the id of a demo person by their English name.
func PersonID(en string) string { return uuid.NewSHA1(namespace, []byte("person:"+en)).String() }

// Person is a demo person and the organisation whose directory holds them.
type Person struct {
	Owner string
	people.PersonFields
}

// People are the two public figures shared/demo/facts.md names, with public
// profile fields only (names as published, role, organisation). The report
// names no director of the demo films, so no credits are loaded.
var People = []Person{
	{"cmg", people.PersonFields{
		Org: "cmg", Roles: []people.PersonRole{"executive"}, Languages: []string{"zh"}, Visibility: catalog.VisibilityPublic,
		Localizations: map[string]people.PersonName{
			"zh-Hans": {Name: "慎海雄", Biography: "中央广播电视总台台长，中共中央宣传部副部长。"},
			"en":      {Name: "Shen Haixiong", Biography: "President of China Media Group (CMG); vice minister of the Publicity Department of the CPC Central Committee."},
			"ru":      {Name: "Шэнь Хайсюн", Biography: "Президент Медиакорпорации Китая, заместитель заведующего Отделом пропаганды ЦК КПК."},
		},
	}},
	{"vgtrk", people.PersonFields{
		Org: "vgtrk", Roles: []people.PersonRole{"executive"}, Languages: []string{"ru"}, Visibility: catalog.VisibilityPublic,
		Localizations: map[string]people.PersonName{
			"ru":      {Name: "Олег Добродеев", Biography: "Генеральный директор ВГТРК."},
			"en":      {Name: "Oleg Dobrodeev", Biography: "CEO of VGTRK."},
			"zh-Hans": {Name: "奥列格·多布罗杰耶夫", Biography: "全俄国家电视广播公司总裁。"},
		},
	}},
}

// loadPeople creates the demo people that are missing, when the store keeps
// a directory.
func loadPeople(ctx context.Context, st Stores) error { return createPeople(ctx, st, People) }
