package avails_test

import (
	"context"
	"testing"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/avails"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// TestImportKeepsOwnLicencesBacked: where the importer granted licences on
// the title, each chunk reads the whole hierarchy (not only the rows it
// replaces), so a row that would leave a licence outside the importer's
// holdings is refused, and the others apply.
func TestImportKeepsOwnLicencesBacked(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b := setup(t, open)
		ctx := storetest.As("cmg", auth.RoleEditor)
		first := header + "ntv\tWORLD\t\tMovie\tCreate\tFreeTV\t2025-01-01\tOpen\t" + b.film + "\tW-1\tNo\t\t\n"
		if rep, err := b.avails.Import(ctx, []byte(first), avails.ImportOptions{Kind: rights.KindHoldings}); err != nil || !rep.Committed {
			t.Fatalf("first import = %+v, %v", rep, err)
		}
		lic := rights.LicenceInput{Licensee: "ntv", Terms: rights.Terms{Territories: []string{"RU"}, Media: []rights.Media{rights.FreeTV},
			Start: "2025-06-01", End: sp("2025-12-31")}}
		if _, err := b.rights.AddLicence(ctx, b.film, lic); err != nil {
			t.Fatal(err)
		}
		// W-1 narrowed to China would leave the Russian licence unbacked;
		// W-2 is a new holding beside it.
		second := header +
			"ntv\tCN\t\tMovie\tUpdate\tFreeTV\t2025-01-01\tOpen\t" + b.film + "\tW-1\tNo\t\t\n" +
			"ntv\tDE\t\tMovie\tCreate\tSVOD\t2025-01-01\tOpen\t" + b.film + "\tW-2\tNo\t\t\n"
		rep, err := b.avails.Import(ctx, []byte(second), avails.ImportOptions{Kind: rights.KindHoldings, KeepGoodRows: true})
		if err != nil || !rep.Committed || rep.Created != 1 || rep.Updated != 0 || len(rep.Errors) != 1 || rep.Errors[0].Row != 2 {
			t.Fatalf("second import = %+v, %v", rep, err)
		}
		hs, _ := b.svc.DB.HoldingsOf(context.Background(), "cmg")
		if len(hs) != 2 {
			t.Fatalf("holdings = %+v", hs)
		}
		for _, h := range hs {
			if h.AvailID == "W-1" && h.Territories[0] != "WORLD" {
				t.Fatalf("the refused row changed W-1: %+v", h)
			}
		}
	})
}
