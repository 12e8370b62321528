package licensing

import (
	"testing"

	"github.com/silkbridge/silkbridge/internal/money"
	"github.com/silkbridge/silkbridge/internal/rights"
)

// FuzzDealNormalize: no input panics, every refusal is coded, and a deal
// that passes is canonical: its amounts parse back in their currency (as the
// store does), instalments fit the sum and Normalize changes nothing more.
func FuzzDealNormalize(f *testing.F) {
	f.Add("1200000", "CNY", "", "", "2025-10-01", "600000", "2025-08-15", "subtitle", "RU")
	f.Add("15000000.5", "RUB", "mg", "12.50", "2025-02-30", "1.5e6", "", "audio", "")
	f.Add("10", "JPY", "", "", "", "", "soon", "dvd", "english!")
	f.Fuzz(func(t *testing.T, amount, cur, kind, share, due, pay, delivery, material, lang string) {
		d := Deal{RevenueSharePercent: share, DeliveryDeadline: delivery}
		m := &Money{Amount: amount, Currency: cur}
		if kind == "mg" {
			d.MinimumGuarantee = m
		} else {
			d.Fee = m
		}
		if due != "" || pay != "" {
			d.Payments = []Payment{{Due: due, Amount: pay}}
		}
		if material != "" {
			d.Materials = []Material{{Kind: material, Language: lang}}
		}
		errs := d.Normalize()
		for _, e := range errs {
			if e.Code == "" || e.Field == "" {
				t.Fatalf("uncoded field error %+v", e)
			}
		}
		if len(errs) > 0 {
			return
		}
		sum := d.Sum()
		a, p := money.Parse(sum.Amount, sum.Currency)
		if p != nil || a.String() != sum.Amount {
			t.Fatalf("accepted sum %+v does not parse back: %+v", sum, p)
		}
		for _, py := range d.Payments {
			b, p := money.Parse(py.Amount, sum.Currency)
			if p != nil || b.Minor > a.Minor {
				t.Fatalf("accepted instalment %+v of %+v", py, sum)
			}
		}
		before := *d.clone()
		if errs := d.Normalize(); len(errs) > 0 || len(Diff(rights.Terms{}, before, rights.Terms{}, d)) != 0 {
			t.Fatalf("normalizing twice changed %+v into %+v (%v)", before, d, errs)
		}
	})
}
