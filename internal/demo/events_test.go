package demo_test

import (
	"context"
	"testing"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/demo"
	"github.com/silkbridge/silkbridge/internal/events"
	"github.com/silkbridge/silkbridge/internal/licensing"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// The demo festival is published, organised by CMG with VGTRK, shows the
// three films, and exactly one screening (My Country, My Parents) lacks rights.
func TestDemoFestival(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		db := open(t)
		ctx := context.Background()
		for range 2 {
			if _, err := demo.Load(ctx, db); err != nil {
				t.Fatal(err)
			}
		}
		cat := catalog.NewService(db)
		svc := storetest.NewEvents(db, cat, licensing.NewService(db, cat))
		p, err := svc.Public(ctx, demo.FestivalSlug)
		if err != nil || len(p.Screenings) != 3 || len(p.Titles) != 3 {
			t.Fatalf("public = %+v, %v", p, err)
		}
		e, _ := db.EventBySlug(ctx, demo.FestivalSlug)
		if e.Organiser != "cmg" || len(e.Partners) != 1 || e.Partners[0] != "vgtrk" || e.Override == nil {
			t.Fatalf("event = %+v", e)
		}
		checks, err := svc.Checks(storetest.As("vgtrk", auth.RoleViewer), e.ID)
		if err != nil {
			t.Fatal(err)
		}
		unlicensed := demo.TitleID("My Country, My Parents")
		ss, _ := db.ScreeningList(ctx, e.ID)
		for i, sc := range checks {
			has := false
			for _, c := range sc.Checks {
				has = has || c.Code == events.NoRights
			}
			if has != (ss[i].TitleID == unlicensed) {
				t.Errorf("screening of %s: no_rights %v", ss[i].TitleID, has)
			}
		}
	})
}
