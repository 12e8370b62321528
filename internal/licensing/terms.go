package licensing

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/langtag"
	"github.com/silkbridge/silkbridge/internal/media"
	"github.com/silkbridge/silkbridge/internal/money"
)

// Deal is the money and delivery side of a request's terms, beside the
// rights (territories, media, window). Amounts are decimal strings on the
// wire and integer minor units in the store; a deal has a flat fee, or a
// minimum guarantee with an optional revenue share, or no money at all.
type Deal struct {
	Fee                 *Money `json:"fee,omitempty" doc:"A flat licence fee; excludes minimum_guarantee"`
	MinimumGuarantee    *Money `json:"minimum_guarantee,omitempty" doc:"A minimum guarantee, recouped from the revenue share"`
	RevenueSharePercent string `json:"revenue_share_percent,omitempty" pattern:"^[0-9]{1,3}(\\.[0-9]{1,2})?$" doc:"The licensor's share of revenue, more than 0 and at most 100, up to 2 decimals, e.g. \"12.5\"; only with a minimum guarantee"`
	// Payments are instalments in the currency of the fee or guarantee, in
	// due-date order; together at most the fee or guarantee (the rest may
	// fall due on other terms, e.g. on delivery).
	Payments         []Payment  `json:"payments,omitempty" maxItems:"24" doc:"Instalments of the fee or guarantee, in its currency; their sum may not exceed it"`
	DeliveryDeadline string     `json:"delivery_deadline,omitempty" doc:"Last day for the licensor to deliver the materials, YYYY-MM-DD"`
	Materials        []Material `json:"materials,omitempty" maxItems:"50" doc:"What the licensor delivers"`
}

// Money is an amount as the API carries it.
type Money struct {
	Amount   string `json:"amount" pattern:"^[0-9]{1,16}(\\.[0-9]{1,4})?$" doc:"Decimal string with at most the currency's decimals (CNY 2, JPY 0, BHD 3), e.g. \"1200000.00\"; never a number"`
	Currency string `json:"currency" pattern:"^[A-Z]{3}$" doc:"ISO 4217 code, e.g. CNY"`
}

// Payment is one instalment.
type Payment struct {
	Due    string `json:"due" doc:"YYYY-MM-DD"`
	Amount string `json:"amount" pattern:"^[0-9]{1,16}(\\.[0-9]{1,4})?$" doc:"Decimal string in the currency of the fee or guarantee"`
}

// Material is one deliverable: an asset kind and, for subtitles, audio and
// dubbed versions, its language.
type Material struct {
	Kind     string `json:"kind" enum:"mezzanine,proxy,trailer,poster,still,audio,document,press_kit,subtitle" doc:"Asset kind"`
	Language string `json:"language,omitempty" maxLength:"35" doc:"BCP-47 tag; required for subtitle"`
}

// Codes of the deal rules (besides money.* and percent.*).
const (
	CodeFeeOrGuarantee   = "deal.fee_or_guarantee" // both a fee and a minimum guarantee
	CodeShareNeedsMG     = "deal.share_needs_guarantee"
	CodePaymentsNeedSum  = "deal.payments_need_amount" // instalments without a fee or guarantee
	CodePaymentsExceed   = "deal.payments_exceed"      // Params: total, limit, currency
	CodeDate             = "date.invalid"              // Params: value
	CodeMaterialKind     = "deal.material_kind"        // Params: kind
	CodeMaterialLanguage = "deal.material_language"    // subtitle without a language
	CodeMaterialTwice    = "deal.material_duplicate"
	CodeLanguage         = "language.invalid" // Params: language
)

// MaterialKinds are the deliverables a deal can name: the media asset kinds.
func MaterialKinds() []string {
	out := make([]string, len(media.Kinds))
	for i, k := range media.Kinds {
		out[i] = string(k)
	}
	return out
}

// Empty reports whether the deal names nothing.
func (d *Deal) Empty() bool {
	return d.Fee == nil && d.MinimumGuarantee == nil && d.RevenueSharePercent == "" && len(d.Payments) == 0 &&
		d.DeliveryDeadline == "" && len(d.Materials) == 0
}

// Sum returns the fee or the minimum guarantee, whichever the deal has.
func (d *Deal) Sum() *Money {
	if d.Fee != nil {
		return d.Fee
	}
	return d.MinimumGuarantee
}

// Normalize validates the deal and rewrites it in canonical form (amounts
// with exactly their currency's decimals, shares without trailing zeros,
// canonical language tags, instalments by due date). Field errors carry
// codes and parameters so interfaces word them.
func (d *Deal) Normalize() apperr.Fields {
	var f apperr.Fields
	add := func(field, code string, params map[string]any, msg string) {
		f = append(f, apperr.FieldError{Field: field, Code: code, Params: params, Message: msg})
	}
	var sum *money.Amount
	for _, m := range []struct {
		name string
		v    *Money
	}{{"fee", d.Fee}, {"minimum_guarantee", d.MinimumGuarantee}} {
		if m.v == nil {
			continue
		}
		m.v.Currency = strings.TrimSpace(m.v.Currency)
		a, p := money.Parse(strings.TrimSpace(m.v.Amount), m.v.Currency)
		if p != nil {
			field := m.name + ".amount"
			if p.Code == money.CodeCurrency {
				field = m.name + ".currency"
			}
			add(field, p.Code, p.Params, p.Message)
			continue
		}
		m.v.Amount = a.String()
		if sum == nil {
			sum = &a
		}
	}
	if d.Fee != nil && d.MinimumGuarantee != nil {
		add("minimum_guarantee", CodeFeeOrGuarantee, nil, "a deal has a flat fee or a minimum guarantee, not both")
	}
	if d.RevenueSharePercent != "" {
		if d.MinimumGuarantee == nil {
			add("revenue_share_percent", CodeShareNeedsMG, nil, "a revenue share goes with a minimum guarantee")
		} else if p, prob := money.ParsePercent(strings.TrimSpace(d.RevenueSharePercent)); prob != nil {
			add("revenue_share_percent", prob.Code, prob.Params, prob.Message)
		} else {
			d.RevenueSharePercent = p.String()
		}
	}
	if len(d.Payments) > 0 && d.Fee == nil && d.MinimumGuarantee == nil {
		add("payments", CodePaymentsNeedSum, nil, "instalments need a fee or a minimum guarantee to pay")
	}
	var total int64
	paymentsOK := sum != nil
	for i := range d.Payments {
		p := &d.Payments[i]
		field := fmt.Sprintf("payments[%d]", i)
		if due, ok := normDate(p.Due); ok {
			p.Due = due
		} else {
			add(field+".due", CodeDate, map[string]any{"value": p.Due}, "not a date (YYYY-MM-DD)")
		}
		if sum == nil {
			continue
		}
		a, prob := money.Parse(strings.TrimSpace(p.Amount), sum.Currency)
		if prob != nil {
			add(field+".amount", prob.Code, prob.Params, prob.Message)
			paymentsOK = false
			continue
		}
		p.Amount, total = a.String(), total+a.Minor
	}
	if paymentsOK && total > sum.Minor {
		add("payments", CodePaymentsExceed, map[string]any{"total": money.Amount{Minor: total, Currency: sum.Currency}.String(),
			"limit": sum.String(), "currency": sum.Currency},
			fmt.Sprintf("the instalments add up to %s %s, more than the %s %s agreed",
				money.Amount{Minor: total, Currency: sum.Currency}, sum.Currency, sum, sum.Currency))
	}
	sort.SliceStable(d.Payments, func(i, j int) bool { return d.Payments[i].Due < d.Payments[j].Due })
	if d.DeliveryDeadline != "" {
		if day, ok := normDate(d.DeliveryDeadline); ok {
			d.DeliveryDeadline = day
		} else {
			add("delivery_deadline", CodeDate, map[string]any{"value": d.DeliveryDeadline}, "not a date (YYYY-MM-DD)")
		}
	}
	kinds := MaterialKinds()
	seen := map[Material]bool{}
	for i := range d.Materials {
		m := &d.Materials[i]
		field := fmt.Sprintf("materials[%d]", i)
		m.Kind = strings.TrimSpace(m.Kind)
		if !containsString(kinds, m.Kind) {
			add(field+".kind", CodeMaterialKind, map[string]any{"kind": m.Kind}, fmt.Sprintf("%q is not an asset kind", m.Kind))
			continue
		}
		if strings.TrimSpace(m.Language) != "" {
			tag, err := langtag.Canonical(m.Language)
			if err != nil {
				add(field+".language", CodeLanguage, map[string]any{"language": m.Language}, err.Error())
				continue
			}
			m.Language = tag
		} else if m.Kind == string(media.KindSubtitle) {
			add(field+".language", CodeMaterialLanguage, nil, "name the subtitles' language")
			continue
		} else {
			m.Language = ""
		}
		if seen[*m] {
			add(field, CodeMaterialTwice, nil, "listed twice")
		}
		seen[*m] = true
	}
	return f
}

// normDate accepts a calendar date YYYY-MM-DD and returns it as is.
func normDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	d, err := time.Parse(time.DateOnly, s)
	if err != nil || d.Format(time.DateOnly) != s {
		return "", false
	}
	return s, true
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// clone returns a deep copy, so a step's deal does not alias the request's.
func (d Deal) clone() *Deal {
	c := d
	if d.Fee != nil {
		x := *d.Fee
		c.Fee = &x
	}
	if d.MinimumGuarantee != nil {
		x := *d.MinimumGuarantee
		c.MinimumGuarantee = &x
	}
	c.Payments = append([]Payment(nil), d.Payments...)
	c.Materials = append([]Material(nil), d.Materials...)
	return &c
}
