package web

import (
	"strings"
	"unicode"

	"golang.org/x/text/number"

	"github.com/silkbridge/silkbridge/internal/licensing"
	"github.com/silkbridge/silkbridge/internal/money"
	"github.com/silkbridge/silkbridge/internal/rights"
)

// DealItem is one line of a deal as the request page shows it.
type DealItem struct {
	ID     string // element id, for tests and links
	Label  string
	Values []string
}

// ChangeRow is one field a counter changed, in words.
type ChangeRow struct {
	Field, Label, Old, New string
}

// StepDeal is the deal of one step of the history and what it changed.
type StepDeal struct {
	Heading string
	Items   []DealItem
	Changes []ChangeRow
}

// DealItems are the standing deal's lines; none for a request without money
// or delivery terms.
func (v *RequestView) DealItems() []DealItem {
	if v.Req == nil {
		return nil
	}
	return dealItems(v.Base, v.Req.Deal, "deal-")
}

// StepDeal returns, for the step numbered seq, its deal (on the opening
// request) or the changes it made (on a counter).
func (v *RequestView) StepDeal(seq int) *StepDeal {
	if v.Req == nil {
		return nil
	}
	var prev *licensing.Step
	for _, st := range v.Req.History {
		if st.Seq == seq {
			return stepDeal(v.Base, prev, st)
		}
		if st.Terms != nil && st.Action != licensing.Accept {
			prev = st
		}
	}
	return nil
}

func stepDeal(b *Base, prev, st *licensing.Step) *StepDeal {
	if st.Terms == nil || st.Action == licensing.Accept {
		return nil
	}
	deal := func(s *licensing.Step) licensing.Deal {
		if s == nil || s.Deal == nil {
			return licensing.Deal{}
		}
		return *s.Deal
	}
	out := &StepDeal{Heading: b.T("terms.changes")}
	if st.Action != licensing.Counter || prev == nil {
		out.Items = dealItems(b, deal(st), "")
		return out
	}
	for _, c := range st.Changes {
		out.Changes = append(out.Changes, ChangeRow{Field: c.Field, Label: b.T("terms.field." + c.Field),
			Old: fieldText(b, c.Field, *prev.Terms, deal(prev)), New: fieldText(b, c.Field, *st.Terms, deal(st))})
	}
	return out
}

// dealItems words a deal's lines; idPrefix, when set, gives each an element id.
func dealItems(b *Base, d licensing.Deal, idPrefix string) []DealItem {
	var out []DealItem
	add := func(field string, values ...string) {
		id := ""
		if idPrefix != "" {
			id = idPrefix + strings.ReplaceAll(field, "_", "-")
		}
		out = append(out, DealItem{ID: id, Label: b.T("terms.field." + field), Values: values})
	}
	if d.Fee != nil {
		add("fee", moneyText(b, d.Fee))
	}
	if d.MinimumGuarantee != nil {
		add("minimum_guarantee", moneyText(b, d.MinimumGuarantee))
	}
	if d.RevenueSharePercent != "" {
		add("revenue_share_percent", percentText(b, d.RevenueSharePercent))
	}
	if len(d.Payments) > 0 {
		add("payments", paymentLines(b, d)...)
	}
	if d.DeliveryDeadline != "" {
		add("delivery_deadline", b.PartialDate(d.DeliveryDeadline))
	}
	if len(d.Materials) > 0 {
		add("materials", materialsText(b, d.Materials))
	}
	return out
}

// fieldText words one field of a proposal, for a change's old and new sides.
func fieldText(b *Base, field string, t rights.Terms, d licensing.Deal) string {
	none := b.T("terms.none")
	row := rightsRow(b, "", "", "", t, "")
	switch field {
	case "territories", "except_territories":
		return row.Territories
	case "media":
		return row.Media
	case "languages":
		return row.Languages
	case "start", "end":
		return row.Window
	case "exclusive":
		if t.Exclusive {
			return b.T("rights.exclusive")
		}
		return b.T("rights.nonexclusive")
	case "holdbacks":
		return b.T("terms.holdbacks", "Count", b.Num(len(t.Holdbacks)))
	case "fee":
		if d.Fee != nil {
			return moneyText(b, d.Fee)
		}
	case "minimum_guarantee":
		if d.MinimumGuarantee != nil {
			return moneyText(b, d.MinimumGuarantee)
		}
	case "revenue_share_percent":
		if d.RevenueSharePercent != "" {
			return percentText(b, d.RevenueSharePercent)
		}
	case "payments":
		if len(d.Payments) > 0 {
			return strings.Join(paymentLines(b, d), "; ")
		}
	case "delivery_deadline":
		if d.DeliveryDeadline != "" {
			return b.PartialDate(d.DeliveryDeadline)
		}
	case "materials":
		if len(d.Materials) > 0 {
			return materialsText(b, d.Materials)
		}
	}
	return none
}

// moneyText shows an amount in the reader's conventions (1 200 000,00 ₽ in
// Russian, ¥1,200,000.00 in Chinese).
func moneyText(b *Base, m *licensing.Money) string {
	a, p := money.Parse(m.Amount, m.Currency)
	if p != nil {
		return keepTogether(m.Amount + " " + m.Currency)
	}
	return keepTogether(money.Display(a, b.Lang))
}

// keepTogether joins an amount's parts (digit groups, currency) with
// no-break spaces, so a narrow screen wraps before or after an amount, never
// inside it ("1 200 000,00" split over two lines reads as two sums).
func keepTogether(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) && r != '\u202f' && r != '\u2007' { // those two never break already
			return '\u00a0'
		}
		return r
	}, s)
}

// percentText shows a share with the reader's decimal mark.
func percentText(b *Base, share string) string {
	return b.T("terms.percent", "Value", strings.Replace(share, ".", decimalMark(b.Localizer), 1))
}

// decimalMark is the locale's decimal separator, found by formatting 1.0
// from integers (no float involved).
func decimalMark(l *Localizer) string {
	s := l.printer.Sprint(number.Decimal(1, number.Scale(1)))
	if len(s) < 3 {
		return "."
	}
	return s[1 : len(s)-1]
}

func paymentLines(b *Base, d licensing.Deal) []string {
	cur := ""
	if s := d.Sum(); s != nil {
		cur = s.Currency
	}
	out := make([]string, 0, len(d.Payments))
	for _, p := range d.Payments {
		out = append(out, b.T("terms.payment", "Due", b.PartialDate(p.Due),
			"Amount", moneyText(b, &licensing.Money{Amount: p.Amount, Currency: cur})))
	}
	return out
}

func materialsText(b *Base, ms []licensing.Material) string {
	parts := make([]string, 0, len(ms))
	for _, m := range ms {
		s := b.T("media.kind." + m.Kind)
		if m.Language != "" {
			s = b.T("terms.material.inlanguage", "Kind", s, "Language", b.Language(m.Language))
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, b.T("terms.listsep"))
}
