package avails

import (
	"context"
	"strings"

	"github.com/silkbridge/silkbridge/internal/licensing"
	"github.com/silkbridge/silkbridge/internal/rights"
)

// DealReader gives the deal terms of licences to the parties of each
// (licensing.Service).
type DealReader interface {
	LicenceDeals(ctx context.Context, ls []*rights.Licence) (map[string]*licensing.Deal, error)
}

// WithDeals makes exports carry the price of licences concluded with deal
// terms (see priceCells).
func (s *Service) WithDeals(d DealReader) *Service {
	s.deals = d
	return s
}

// licenceDeals returns the deals of ls the caller may see; none without a reader.
func (s *Service) licenceDeals(ctx context.Context, ls []*rights.Licence) (map[string]*licensing.Deal, error) {
	if s.deals == nil || len(ls) == 0 {
		return map[string]*licensing.Deal{}, nil
	}
	return s.deals.LicenceDeals(ctx, ls)
}

// priceCells writes a licence's money terms in EMA's pricing columns.
// EMA's term vocabulary names the price of a licence LicenseFee (WSP, SRP
// and Tier are retail prices, not what a broadcaster pays), and has no term
// for a minimum guarantee or a revenue share. So a flat fee is PriceType
// LicenseFee with its amount and currency; a minimum guarantee is the same
// (it is the least fee payable), and OtherTerms says that it is a minimum
// guarantee and gives the share. Amounts are the decimal strings of the
// deal, never re-formatted through floats.
func priceCells(c map[string]string, d *licensing.Deal) {
	if d == nil {
		return
	}
	sum := d.Sum()
	if sum == nil {
		return
	}
	c["PriceType"], c["PriceValue"], c["PriceCurrency"] = "LicenseFee", sum.Amount, sum.Currency
	if d.MinimumGuarantee != nil {
		other := []string{"MinimumGuarantee"}
		if d.RevenueSharePercent != "" {
			other = append(other, "RevenueShare "+d.RevenueSharePercent+"%")
		}
		c["OtherTerms"] = strings.Join(other, "; ")
	}
}
