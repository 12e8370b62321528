package avails_test

import (
	"strconv"
	"testing"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/avails"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// TestWindowConditionCells: a condition in the wrong column, or a format
// profile outside the MDDF vocabulary, is refused naming its cell.
func TestWindowConditionCells(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b := setup(t, open)
		ctx := storetest.As("cmg", auth.RoleEditor)
		head := "Territory\tLicenseType\tFormatProfile\tStart\tEnd\tContentID\tAvailID\n"
		tsv := head +
			"RU\tSVOD\tHD\tOpen\t2027-01-01\t" + b.film + "\tC-1\n" + // line 2: Open is for End
			"RU\tSVOD\tHD\t2026-01-01\tImmediate\t" + b.film + "\tC-2\n" + // line 3: Immediate is for Start
			"RU\tSVOD\t4K\t2026-01-01\tOpen\t" + b.film + "\tC-3\n" + // line 4: not a FormatProfile
			"RU\tSVOD\tsd\tImmediate\tTBD\t" + b.film + "\tC-4\n" // line 5: good
		rep, err := b.avails.Import(ctx, []byte(tsv), avails.ImportOptions{Kind: rights.KindHoldings, KeepGoodRows: true})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, e := range rep.Errors {
			got[strconv.Itoa(e.Row)+":"+e.Column] = true
		}
		for _, want := range []string{"2:Start", "3:End", "4:FormatProfile"} {
			if !got[want] {
				t.Errorf("no error at %s: %+v", want, rep.Errors)
			}
		}
		if rep.Created != 1 || len(rep.Errors) != 3 {
			t.Fatalf("report = %+v", rep)
		}
		hs, _ := b.rights.Holdings(ctx, b.film)
		if len(hs) != 1 || hs[0].End != nil || hs[0].Avail.EndCondition != "TBD" || hs[0].Avail.FormatProfiles[0] != "SD" {
			t.Fatalf("holding = %+v", hs)
		}
	})
}
