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
		markOwn(org, &rs[i])
	}
}

func markOwn(org string, r *Reason) {
	switch r.Code {
	case ExclusiveLicence, NonExclusiveLicence:
		r.Own = org != "" && (r.Licensee == org || r.Holder == org)
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
			markOwn(p.Org, &r)
			ae.Refs[i] = r
		}
	}
	return err
}
