package avails_test

import (
	"strconv"
	"strings"
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

// TestLagCells: StartLag and EndLag beside a condition are kept and
// exported again; beside a date they move the date; a bad lag, or a lag
// with nothing to count from, is refused naming its cell. The export
// re-imports with no change.
func TestLagCells(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b := setup(t, open)
		ctx := storetest.As("cmg", auth.RoleEditor)
		head := "Territory\tLicenseType\tStart\tStartLag\tEnd\tEndLag\tContentID\tAvailID\n"
		tsv := head +
			"RU\tSVOD\tTheatrical\tp30d\tOpen\t\t" + b.film + "\tL-1\n" + // line 2: kept
			"RU\tAVOD\t2026-01-31\tP1M\t2026-12-31\tP1D\t" + b.film + "\tL-2\n" + // line 3: dates moved
			"RU\tEST\t2026-01-01\t30 days\tOpen\t\t" + b.film + "\tL-3\n" + // line 4: not a duration
			"RU\tTVOD\t2026-01-01\t\tOpen\tP1D\t" + b.film + "\tL-4\n" // line 5: nothing to count from
		rep, err := b.avails.Import(ctx, []byte(tsv), avails.ImportOptions{Kind: rights.KindHoldings, KeepGoodRows: true})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, e := range rep.Errors {
			got[strconv.Itoa(e.Row)+":"+e.Column] = true
		}
		if !got["4:StartLag"] || !got["5:EndLag"] || len(rep.Errors) != 2 || rep.Created != 2 {
			t.Fatalf("report = %+v", rep)
		}
		hs, _ := b.rights.Holdings(ctx, b.film)
		byKey := map[string]*rights.Holding{}
		for _, h := range hs {
			byKey[h.AvailID] = h
		}
		if h := byKey["L-1"]; h == nil || h.Avail == nil || h.Avail.StartCondition != "Theatrical" || h.Avail.StartLag != "P30D" {
			t.Fatalf("L-1 = %+v", h)
		}
		if h := byKey["L-2"]; h == nil || h.Start != "2026-02-28" || h.End == nil || *h.End != "2027-01-01" || h.Avail != nil {
			t.Fatalf("L-2 = %+v", h)
		}
		out, _, err := b.avails.Export(ctx, avails.ExportOptions{Kind: rights.KindHoldings, Format: avails.TSV, Sheet: "movies"})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(out), "\tTheatrical\tP30D\tOpen\t\t") {
			t.Fatalf("export lost the lag:\n%s", out)
		}
		rep, err = b.avails.Import(ctx, out, avails.ImportOptions{Kind: rights.KindHoldings})
		if err != nil || len(rep.Errors) != 0 || rep.Created != 0 {
			t.Fatalf("re-import = %+v, %v", rep, err)
		}
		again, _, _ := b.avails.Export(ctx, avails.ExportOptions{Kind: rights.KindHoldings, Format: avails.TSV, Sheet: "movies"})
		if string(again) != string(out) {
			t.Fatalf("round trip changed the records:\n%s\n---\n%s", out, again)
		}
	})
}
