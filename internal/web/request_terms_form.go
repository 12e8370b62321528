package web

import (
	"net/http"
	"strings"

	"github.com/silkbridge/silkbridge/internal/licensing"
	"github.com/silkbridge/silkbridge/internal/money"
)

// dealForm is the money and delivery side of a request or counter form.
type dealForm struct {
	Kind     string // "", "fee" or "mg"
	Amount   string
	Currency string
	Share    string
	Payments []paymentRow
	Delivery string
	// Materials are the checked asset kinds delivered without a language;
	// Subtitles and Dubs list the languages of subtitle and audio tracks.
	Materials []string
	Subtitles string
	Dubs      string
}

type paymentRow struct{ Due, Amount string }

// commonCurrencies come first in the currency list: the hub's partners deal
// in them most.
var commonCurrencies = []string{"CNY", "RUB", "USD", "EUR"}

// moreCurrencies follow them, alphabetically: other currencies partners meet.
var moreCurrencies = []string{"AED", "AUD", "BRL", "CAD", "CHF", "GBP", "HKD", "INR", "JPY", "KRW", "KZT", "SGD", "TRY", "UZS"}

func readDealForm(r *http.Request) *dealForm {
	f := &dealForm{Kind: r.PostFormValue("money_kind"), Amount: strings.TrimSpace(r.PostFormValue("amount")),
		Currency: r.PostFormValue("currency"), Share: strings.TrimSpace(r.PostFormValue("share")),
		Delivery: strings.TrimSpace(r.PostFormValue("delivery_deadline")), Materials: r.PostForm["material"],
		Subtitles: r.PostFormValue("subtitle_languages"), Dubs: r.PostFormValue("audio_languages")}
	dues, amounts := r.PostForm["pay_due"], r.PostForm["pay_amount"]
	for i := range dues {
		row := paymentRow{Due: strings.TrimSpace(dues[i])}
		if i < len(amounts) {
			row.Amount = strings.TrimSpace(amounts[i])
		}
		if row.Due != "" || row.Amount != "" {
			f.Payments = append(f.Payments, row)
		}
	}
	return f
}

// dealFormFrom fills the form with a deal (a counter starts from the standing one).
func dealFormFrom(d licensing.Deal) *dealForm {
	f := &dealForm{Delivery: d.DeliveryDeadline, Share: d.RevenueSharePercent}
	if s := d.Sum(); s != nil {
		f.Amount, f.Currency, f.Kind = s.Amount, s.Currency, "fee"
		if d.MinimumGuarantee != nil {
			f.Kind = "mg"
		}
	}
	for _, p := range d.Payments {
		f.Payments = append(f.Payments, paymentRow{Due: p.Due, Amount: p.Amount})
	}
	var subs, dubs []string
	for _, m := range d.Materials {
		switch {
		case m.Kind == "subtitle":
			subs = append(subs, m.Language)
		case m.Kind == "audio" && m.Language != "":
			dubs = append(dubs, m.Language)
		default:
			f.Materials = append(f.Materials, m.Kind)
		}
	}
	f.Subtitles, f.Dubs = strings.Join(subs, ", "), strings.Join(dubs, ", ")
	return f
}

// deal returns the form's deal for the domain to validate.
func (f *dealForm) deal() licensing.Deal {
	var d licensing.Deal
	if f == nil {
		return d
	}
	kind := f.Kind
	if kind == "" && f.Amount != "" {
		kind = "fee" // an amount typed without choosing its kind is a fee, not nothing
	}
	if kind == "fee" || kind == "mg" {
		m := &licensing.Money{Amount: f.Amount, Currency: f.Currency}
		if kind == "fee" {
			d.Fee = m
		} else {
			d.MinimumGuarantee = m
			d.RevenueSharePercent = f.Share
		}
	}
	for _, p := range f.Payments {
		d.Payments = append(d.Payments, licensing.Payment{Due: p.Due, Amount: p.Amount})
	}
	d.DeliveryDeadline = f.Delivery
	for _, k := range f.Materials {
		d.Materials = append(d.Materials, licensing.Material{Kind: k})
	}
	for _, l := range splitList(f.Subtitles) {
		d.Materials = append(d.Materials, licensing.Material{Kind: "subtitle", Language: l})
	}
	for _, l := range splitList(f.Dubs) {
		d.Materials = append(d.Materials, licensing.Material{Kind: "audio", Language: l})
	}
	return d
}

// PaymentRows are the schedule's rows plus an empty one to fill in.
func (f *dealForm) PaymentRows() []paymentRow {
	return append(append([]paymentRow(nil), f.Payments...), paymentRow{})
}

// DealFields is what the deal partial of a form needs.
type DealFields struct {
	*Base
	FormErrors
	F *dealForm
}

// Deal is the deal part of a terms form, for the deal partial.
func (t TermsFields) Deal() DealFields {
	f := t.F.Deal
	if f == nil {
		f = &dealForm{}
	}
	return DealFields{Base: t.Base, FormErrors: t.FormErrors, F: f}
}

// KindOptions are the choices of money terms.
func (d DealFields) KindOptions() []Option {
	var out []Option
	for _, k := range []string{"", "fee", "mg"} {
		key := "terms.kind.none"
		if k != "" {
			key = "terms.kind." + k
		}
		out = append(out, Option{Value: k, Label: d.T(key), Selected: d.F.Kind == k})
	}
	return out
}

// CurrencyOptions lists the common currencies first, then others; a
// currency the deal names that neither list has is kept.
func (d DealFields) CurrencyOptions() []Option {
	cur := d.F.Currency
	if cur == "" {
		cur = commonCurrencies[0]
	}
	var out []Option
	seen := false
	for _, c := range append(append([]string(nil), commonCurrencies...), moreCurrencies...) {
		out = append(out, Option{Value: c, Label: c, Selected: c == cur})
		seen = seen || c == cur
	}
	if !seen && money.Known(cur) {
		out = append(out, Option{Value: cur, Label: cur, Selected: true})
	}
	return out
}

// MaterialOptions are the checkboxes of deliverables without a language.
func (d DealFields) MaterialOptions() []Option {
	var out []Option
	for _, k := range licensing.MaterialKinds() {
		if k == "subtitle" {
			continue // named by language below
		}
		out = append(out, Option{Value: k, Label: d.T("media.kind." + k), Selected: contains(d.F.Materials, k)})
	}
	return out
}
