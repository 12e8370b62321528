package licensing

import (
	"context"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/rights"
)

// LicenceDeals returns the deal terms of those of ls that the caller's
// organisation is a party to, by licence id. Money is between the two
// parties: others who may read a licence see its rights, not its price.
func (s *Service) LicenceDeals(ctx context.Context, ls []*rights.Licence) (map[string]*Deal, error) {
	p, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, l := range ls {
		if l.Licensor == p.Org || l.Licensee == p.Org {
			ids = append(ids, l.ID)
		}
	}
	if len(ids) == 0 {
		return map[string]*Deal{}, nil
	}
	return s.store.LicenceDeals(ctx, ids)
}
