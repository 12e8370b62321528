package demo_test

import (
	"context"
	"testing"

	"github.com/silkbridge/silkbridge/internal/demo"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// The demo's two public figures load once, under their published names, with
// no private data.
func TestDemoPeople(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		ctx := context.Background()
		db := open(t)
		for range 2 {
			if _, err := demo.Load(ctx, db); err != nil {
				t.Fatal(err)
			}
		}
		for en, want := range map[string][2]string{"Shen Haixiong": {"慎海雄", "Шэнь Хайсюн"}, "Oleg Dobrodeev": {"奥列格·多布罗杰耶夫", "Олег Добродеев"}} {
			p, err := db.PersonGet(ctx, demo.PersonID(en))
			if err != nil {
				t.Fatalf("%s: %v", en, err)
			}
			if p.Localizations["zh-Hans"].Name != want[0] || p.Localizations["ru"].Name != want[1] || p.Private != nil || p.Visibility != "public" {
				t.Errorf("%s: %+v", en, p)
			}
		}
	})
}
