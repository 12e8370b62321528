package httpapi

import (
	"context"

	"github.com/silkbridge/silkbridge/internal/licensing"
	"github.com/silkbridge/silkbridge/internal/rights"
)

// LicenceView is a licence with, for its two parties, the money and delivery
// terms it was concluded on (licences accepted from requests).
type LicenceView struct {
	*rights.Licence
	*licensing.Deal
}

// withDeals adds to ls the deals the caller may see: its own organisation's,
// as licensor or licensee. Without the licensing service licences show bare.
func (a *API) withDeals(ctx context.Context, ls []*rights.Licence) ([]*LicenceView, error) {
	out := make([]*LicenceView, len(ls))
	for i, l := range ls {
		out[i] = &LicenceView{Licence: l}
	}
	if a.deps.Licensing == nil || len(ls) == 0 {
		return out, nil
	}
	deals, err := a.deps.Licensing.LicenceDeals(ctx, ls)
	if err != nil {
		return nil, err
	}
	for _, v := range out {
		v.Deal = deals[v.ID]
	}
	return out, nil
}
