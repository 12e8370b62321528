package rights

import (
	"context"
	"errors"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
)

// MarkOwn flags the reasons whose licence in the way is org's own: granted to
// it (its licensee) or by it (the holder that licensed it). Interfaces say so
// ("your own exclusive licence") instead of naming the reader as a stranger.
func MarkOwn(org string, rs []Reason) {
	for i := range rs {
		switch rs[i].Code {
		case ExclusiveLicence, NonExclusiveLicence:
			rs[i].Own = org != "" && (rs[i].Licensee == org || rs[i].Holder == org)
		}
	}
}

// OwnConflict marks, in a Conflict's reasons, the licences in the way that
// are the caller's own (MarkOwn for the principal in ctx), so a refused
// holding, licence or request says "your own licence" like an availability
// answer does. Any other error, and nil, pass through unchanged.
func OwnConflict(ctx context.Context, err error) error {
	var ae *apperr.Error
	p := auth.FromContext(ctx)
	if p == nil || !errors.As(err, &ae) || ae.Code != apperr.Conflict {
		return err
	}
	for i, ref := range ae.Refs {
		if r, ok := ref.(Reason); ok {
			rs := []Reason{r}
			MarkOwn(p.Org, rs)
			ae.Refs[i] = rs[0]
		}
	}
	return err
}
