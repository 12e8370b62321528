package media

import (
	"context"
	"time"

	"github.com/silkbridge/silkbridge/internal/rights"
)

// RightsLicences answers licence questions from the rights records: a
// licence on the title (or on its season or series) naming the organisation
// as licensee, whose window contains the day.
type RightsLicences struct{ Rights *rights.Service }

// HoldsActiveLicence implements LicenceChecker.
func (r RightsLicences) HoldsActiveLicence(ctx context.Context, titleID, org string, day time.Time) (bool, error) {
	ls, err := r.Rights.Licences(ctx, titleID)
	if err != nil {
		return false, err
	}
	today := day.UTC().Format(time.DateOnly)
	for _, l := range ls {
		if l.Licensee == org && l.Start <= today && (l.End == nil || today <= *l.End) {
			return true, nil
		}
	}
	return false, nil
}
