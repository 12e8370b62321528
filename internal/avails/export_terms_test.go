package avails_test

import (
	"testing"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/avails"
	"github.com/silkbridge/silkbridge/internal/licensing"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// TestExportCarriesLicencePrice: a licence concluded at a fee exports it in
// PriceType/PriceValue/PriceCurrency; one concluded on a minimum guarantee
// also says so, with the share, in OtherTerms.
func TestExportCarriesLicencePrice(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		x := storetest.NewLicensingFixture(t, open(t))
		vg, cm := storetest.As("vgtrk", auth.RoleEditor), storetest.As("cmg", auth.RoleEditor)
		conclude := func(in licensing.SubmitInput) {
			t.Helper()
			r, err := x.Licensing.Submit(vg, in)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := x.Licensing.Accept(cm, r.ID, licensing.Move{}); err != nil {
				t.Fatal(err)
			}
		}
		fee := storetest.RussianFreeTV(x.Film)
		fee.Deal = licensing.Deal{Fee: &licensing.Money{Amount: "1200000", Currency: "CNY"}}
		conclude(fee)
		mg := storetest.RussianFreeTV(x.Film)
		mg.Territories, mg.Exclusive = []string{"KZ"}, false
		mg.Deal = licensing.Deal{MinimumGuarantee: &licensing.Money{Amount: "1000", Currency: "BHD"}, RevenueSharePercent: "12.5"}
		conclude(mg)

		svc := avails.NewService(x.Rights, x.Catalog).WithDeals(x.Licensing)
		for _, format := range []avails.Format{avails.TSV, avails.XLSX} {
			data, _, err := svc.Export(cm, avails.ExportOptions{Kind: rights.KindLicences, Format: format})
			if err != nil {
				t.Fatal(err)
			}
			byTerritory := map[string]*avails.Row{}
			rows := readAny(t, data, format)[0].Rows
			for i := range rows {
				byTerritory[rows[i].Get("Territory")] = &rows[i]
			}
			ru, kz := byTerritory["RU"], byTerritory["KZ"]
			if ru == nil || ru.Get("PriceType") != "LicenseFee" || ru.Get("PriceValue") != "1200000.00" || ru.Get("PriceCurrency") != "CNY" ||
				ru.Get("OtherTerms") != "" {
				t.Fatalf("%s fee row = %v", format, ru)
			}
			if kz == nil || kz.Get("PriceValue") != "1000.000" || kz.Get("PriceCurrency") != "BHD" ||
				kz.Get("OtherTerms") != "MinimumGuarantee; RevenueShare 12.5%" {
				t.Fatalf("%s guarantee row = %v", format, kz)
			}
		}
		// Without a deal reader the columns stay empty.
		data, _, err := avails.NewService(x.Rights, x.Catalog).Export(cm, avails.ExportOptions{Kind: rights.KindLicences, Format: avails.TSV})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range readAny(t, data, avails.TSV)[0].Rows {
			if r.Get("PriceValue") != "" {
				t.Fatalf("price without deals: %v", r)
			}
		}
	})
}
