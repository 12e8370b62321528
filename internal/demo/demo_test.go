package demo_test

import (
	"context"
	"testing"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/demo"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

func TestLoadTwiceDoesNotDuplicate(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		db := open(t)
		ctx := context.Background()
		first, err := demo.Load(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		second, err := demo.Load(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		tokens := auth.NewTokenService(db)
		if _, err := tokens.Authenticate(ctx, first[0].Token); err == nil {
			t.Error("the previous run's demo token still works")
		}
		p, err := tokens.Authenticate(ctx, second[0].Token)
		if err != nil {
			t.Fatal(err)
		}
		items, _, err := catalog.NewService(db).List(auth.WithPrincipal(ctx, p), catalog.ListParams{}, []string{"ru"})
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != len(demo.Titles) {
			t.Fatalf("after two loads %s sees %d titles, want %d", p.Org, len(items), len(demo.Titles))
		}
		orgs, _ := db.OrgList(ctx)
		if len(orgs) != len(demo.Orgs) {
			t.Fatalf("%d organisations, want %d", len(orgs), len(demo.Orgs))
		}
	})
}
