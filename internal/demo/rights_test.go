package demo_test

import (
	"context"
	"testing"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/demo"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

func TestDemoRights(t *testing.T) {
	db := storetest.OpenSQLite(t)
	ctx := context.Background()
	for range 2 {
		if _, err := demo.Load(ctx, db); err != nil {
			t.Fatal(err)
		}
	}
	rs := rights.NewService(db, catalog.NewService(db))
	vg := auth.WithPrincipal(ctx, &auth.Principal{Org: "vgtrk", Role: auth.RoleViewer})
	hs, err := rs.Holdings(vg, demo.TitleID("Red Silk"))
	if err != nil || len(hs) != 2 {
		t.Fatalf("Red Silk holdings after two loads = %d, %v", len(hs), err)
	}
	ask := func(title, territory string, media rights.Media) *rights.Result {
		end := "2026-03-31"
		res, err := rs.Query(vg, rights.Query{Titles: []string{demo.TitleID(title)}, Territories: []string{territory},
			Media: []rights.Media{media}, Start: "2025-10-01", End: &end, Exclusive: true})
		if err != nil {
			t.Fatal(err)
		}
		return res.Results[0]
	}
	if r := ask("Detective Chinatown 1900", "RU", rights.FreeTV); !r.Available || r.Holder != "cmg" {
		t.Fatalf("CMG cannot license DC1900 for Russian free TV: %+v", r)
	}
	if r := ask("Red Silk", "CN", rights.Theatrical); r.Holder != "cmg" {
		t.Fatalf("Red Silk in China: %+v", r)
	}
	if r := ask("Red Silk", "RU", rights.SVOD); r.Holder != "vgtrk" {
		t.Fatalf("Red Silk in Russia: %+v", r)
	}
}
