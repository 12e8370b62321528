package storetest

import (
	"fmt"
	"testing"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/licensing"
	"github.com/silkbridge/silkbridge/internal/store"
)

func init() { Register("LicensingTerms", exerciseLicensingTerms) }

func exerciseLicensingTerms(t *testing.T, open func(t testing.TB) *store.DB) {
	t.Run("CounterChangesFeeAndCurrencyAndTheLicenceCarriesIt", func(t *testing.T) { termsCounterAccept(t, open(t)) })
	t.Run("BadTermsAreRefusedAndNothingIsWritten", func(t *testing.T) { termsRefused(t, open(t)) })
	t.Run("RequestsWithoutMoneyStayAsTheyWere", func(t *testing.T) { termsNone(t, open(t)) })
}

// CNYDeal is a request's opening deal: a flat fee of 1 200 000.00 yuan in two
// instalments, delivery by mid-August, a mezzanine and Russian subtitles.
func CNYDeal() licensing.Deal {
	return licensing.Deal{Fee: &licensing.Money{Amount: "1200000", Currency: "CNY"},
		Payments:         []licensing.Payment{{Due: "2025-10-01", Amount: "600000.00"}, {Due: "2025-09-01", Amount: "600000"}},
		DeliveryDeadline: "2025-08-15",
		Materials:        []licensing.Material{{Kind: "mezzanine"}, {Kind: "subtitle", Language: "RU"}}}
}

func termsCounterAccept(t *testing.T, db *store.DB) {
	x := NewLicensingFixture(t, db)
	vg, cm := As("vgtrk", auth.RoleEditor), As("cmg", auth.RoleEditor)
	in := RussianFreeTV(x.Film)
	in.Deal = CNYDeal()
	r, err := x.Licensing.Submit(vg, in)
	if err != nil {
		t.Fatal(err)
	}
	// Stored canonical: exact decimals, instalments by due date, canonical tags.
	got, err := x.Licensing.Get(cm, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d := got.Deal; d.Fee == nil || *d.Fee != (licensing.Money{Amount: "1200000.00", Currency: "CNY"}) ||
		fmt.Sprint(d.Payments) != "[{2025-09-01 600000.00} {2025-10-01 600000.00}]" || d.DeliveryDeadline != "2025-08-15" ||
		fmt.Sprint(d.Materials) != "[{mezzanine } {subtitle ru}]" || got.History[0].Deal == nil || got.History[0].Deal.Fee.Amount != "1200000.00" {
		t.Fatalf("stored deal = %+v", d)
	}
	// CMG counters: a minimum guarantee in roubles with a revenue share, no
	// instalments, another deadline, Chinese subtitles added.
	counter := licensing.CounterInput{Terms: r.Terms, Message: "In roubles, with a share", Deal: licensing.Deal{
		MinimumGuarantee:    &licensing.Money{Amount: "15000000.5", Currency: "RUB"},
		RevenueSharePercent: "12.50", DeliveryDeadline: "2025-08-20",
		Materials: []licensing.Material{{Kind: "mezzanine"}, {Kind: "subtitle", Language: "ru"}, {Kind: "subtitle", Language: "zh-hans"}}}}
	r, err = x.Licensing.Counter(cm, r.ID, counter, "")
	if err != nil {
		t.Fatal(err)
	}
	if r.Fee != nil || r.MinimumGuarantee == nil || *r.MinimumGuarantee != (licensing.Money{Amount: "15000000.50", Currency: "RUB"}) ||
		r.RevenueSharePercent != "12.5" || len(r.Payments) != 0 {
		t.Fatalf("countered deal = %+v", r.Deal)
	}
	// The history says what the counter changed, field by field.
	ch := r.History[1].Changes
	fields := map[string]licensing.Change{}
	for _, c := range ch {
		fields[c.Field] = c
	}
	if len(ch) != 6 || fields["fee"].New != nil || fmt.Sprint(fields["fee"].Old) != "map[amount:1200000.00 currency:CNY]" ||
		fmt.Sprint(fields["minimum_guarantee"].New) != "map[amount:15000000.50 currency:RUB]" ||
		fields["revenue_share_percent"].New != "12.5" || fields["payments"].New != nil ||
		fields["delivery_deadline"].Old != "2025-08-15" || fields["delivery_deadline"].New != "2025-08-20" || fields["materials"].New == nil {
		t.Fatalf("changes = %+v", ch)
	}
	if r.History[0].Changes != nil {
		t.Fatalf("the request itself changed nothing: %+v", r.History[0].Changes)
	}
	// VGTRK counters back in yuan with a flat fee; CMG accepts.
	back := licensing.CounterInput{Terms: r.Terms, Deal: licensing.Deal{Fee: &licensing.Money{Amount: "1300000.00", Currency: "CNY"},
		Payments: []licensing.Payment{{Due: "2025-09-15", Amount: "1300000"}}}}
	if r, err = x.Licensing.Counter(vg, r.ID, back, ""); err != nil {
		t.Fatal(err)
	}
	if c := r.History[2].Changes; len(c) < 5 || c[0].Field != "fee" {
		t.Fatalf("second counter's changes = %+v", c)
	}
	if r, err = x.Licensing.Accept(cm, r.ID, licensing.Move{}); err != nil {
		t.Fatal(err)
	}
	ls, err := x.Rights.Licences(cm, x.Film)
	if err != nil || len(ls) != 1 {
		t.Fatalf("licences = %v, %v", ls, err)
	}
	deals, err := x.Licensing.LicenceDeals(cm, ls)
	if err != nil {
		t.Fatal(err)
	}
	d := deals[r.LicenceID]
	if d == nil || *d.Fee != (licensing.Money{Amount: "1300000.00", Currency: "CNY"}) || d.MinimumGuarantee != nil ||
		fmt.Sprint(d.Payments) != "[{2025-09-15 1300000.00}]" || d.DeliveryDeadline != "" || d.Materials != nil {
		t.Fatalf("licence deal = %+v", d)
	}
	// The acceptance step records the accepted deal; the earlier ones keep theirs.
	got, err = x.Licensing.Get(vg, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if h := got.History; h[3].Action != licensing.Accept || h[3].Deal == nil || h[3].Deal.Fee.Amount != "1300000.00" ||
		h[1].Deal.MinimumGuarantee.Currency != "RUB" || h[0].Deal.Fee.Currency != "CNY" {
		t.Fatalf("history deals = %+v %+v %+v", h[0].Deal, h[1].Deal, h[3].Deal)
	}
	// A third party that can read the licence does not see its price.
	if other, err := x.Licensing.LicenceDeals(As("other", auth.RoleAdmin), ls); err != nil || len(other) != 0 {
		t.Fatalf("other sees %v, %v", other, err)
	}
}

func termsRefused(t *testing.T, db *store.DB) {
	x := NewLicensingFixture(t, db)
	vg, cm := As("vgtrk", auth.RoleEditor), As("cmg", auth.RoleEditor)
	for _, tc := range []struct {
		name  string
		deal  licensing.Deal
		field string
		code  string
	}{
		{"float", licensing.Deal{Fee: &licensing.Money{Amount: "1.5e6", Currency: "CNY"}}, "fee.amount", "money.syntax"},
		{"three decimals in CNY", licensing.Deal{Fee: &licensing.Money{Amount: "10.005", Currency: "CNY"}}, "fee.amount", "money.decimals"},
		{"JPY with decimals", licensing.Deal{Fee: &licensing.Money{Amount: "1000.5", Currency: "JPY"}}, "fee.amount", "money.decimals"},
		{"unknown currency", licensing.Deal{Fee: &licensing.Money{Amount: "10", Currency: "ABC"}}, "fee.currency", "money.currency"},
		{"negative", licensing.Deal{Fee: &licensing.Money{Amount: "-10", Currency: "USD"}}, "fee.amount", "money.syntax"},
		{"fee and guarantee", licensing.Deal{Fee: &licensing.Money{Amount: "10", Currency: "USD"},
			MinimumGuarantee: &licensing.Money{Amount: "10", Currency: "USD"}}, "minimum_guarantee", licensing.CodeFeeOrGuarantee},
		{"share without guarantee", licensing.Deal{RevenueSharePercent: "10"}, "revenue_share_percent", licensing.CodeShareNeedsMG},
		{"share over 100", licensing.Deal{MinimumGuarantee: &licensing.Money{Amount: "10", Currency: "USD"}, RevenueSharePercent: "100.5"},
			"revenue_share_percent", "percent.range"},
		{"payments over the fee", licensing.Deal{Fee: &licensing.Money{Amount: "100", Currency: "USD"},
			Payments: []licensing.Payment{{Due: "2025-09-01", Amount: "60"}, {Due: "2025-10-01", Amount: "40.01"}}}, "payments", licensing.CodePaymentsExceed},
		{"due date garbage", licensing.Deal{Fee: &licensing.Money{Amount: "100", Currency: "USD"},
			Payments: []licensing.Payment{{Due: "2025-02-30", Amount: "60"}}}, "payments[0].due", licensing.CodeDate},
		{"payments without a sum", licensing.Deal{Payments: []licensing.Payment{{Due: "2025-09-01", Amount: "60"}}}, "payments", licensing.CodePaymentsNeedSum},
		{"delivery deadline garbage", licensing.Deal{DeliveryDeadline: "15.08.2025"}, "delivery_deadline", licensing.CodeDate},
		{"material kind", licensing.Deal{Materials: []licensing.Material{{Kind: "dvd"}}}, "materials[0].kind", licensing.CodeMaterialKind},
		{"subtitle without language", licensing.Deal{Materials: []licensing.Material{{Kind: "subtitle"}}}, "materials[0].language", licensing.CodeMaterialLanguage},
		{"bad language", licensing.Deal{Materials: []licensing.Material{{Kind: "audio", Language: "english!"}}}, "materials[0].language", licensing.CodeLanguage},
	} {
		in := RussianFreeTV(x.Film)
		in.Deal = tc.deal
		_, err := x.Licensing.Submit(vg, in)
		if !hasFieldCode(err, tc.field, tc.code) {
			t.Errorf("%s: submit err = %v", tc.name, err)
		}
	}
	if rs, err := x.Licensing.List(vg, licensing.ListParams{}); err != nil || len(rs) != 0 {
		t.Fatalf("refused requests were stored: %v %v", rs, err)
	}
	// A bad counter leaves the request as it was.
	in := RussianFreeTV(x.Film)
	in.Deal = CNYDeal()
	r, err := x.Licensing.Submit(vg, in)
	if err != nil {
		t.Fatal(err)
	}
	bad := licensing.CounterInput{Terms: r.Terms, Deal: licensing.Deal{Fee: &licensing.Money{Amount: "1000.5", Currency: "JPY"}}}
	if _, err := x.Licensing.Counter(cm, r.ID, bad, ""); !hasFieldCode(err, "fee.amount", "money.decimals") {
		t.Fatalf("bad counter: %v", err)
	}
	got, err := x.Licensing.Get(cm, r.ID)
	if err != nil || got.Version != 1 || got.Fee.Currency != "CNY" || len(got.History) != 1 {
		t.Fatalf("after a refused counter: %+v %v", got, err)
	}
}

func hasFieldCode(err error, field, code string) bool {
	var ae *apperr.Error
	if e, ok := err.(*apperr.Error); ok {
		ae = e
	}
	if ae == nil || ae.Code != apperr.Invalid {
		return false
	}
	for _, f := range ae.Fields {
		if f.Field == field && f.Code == code {
			return true
		}
	}
	return false
}

func termsNone(t *testing.T, db *store.DB) {
	x := NewLicensingFixture(t, db)
	vg, cm := As("vgtrk", auth.RoleEditor), As("cmg", auth.RoleEditor)
	r, err := x.Licensing.Submit(vg, RussianFreeTV(x.Film))
	if err != nil {
		t.Fatal(err)
	}
	if r, err = x.Licensing.Accept(cm, r.ID, licensing.Move{}); err != nil {
		t.Fatal(err)
	}
	if !r.Deal.Empty() || r.History[0].Deal != nil {
		t.Fatalf("deal = %+v", r.Deal)
	}
	ls, _ := x.Rights.Licences(cm, x.Film)
	if deals, err := x.Licensing.LicenceDeals(cm, ls); err != nil || len(deals) != 0 {
		t.Fatalf("deals = %v %v", deals, err)
	}
}
