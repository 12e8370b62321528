package auth

import (
	"context"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

// RequireWriterOf returns the caller if it is a writer (admin or editor) of
// org, the organisation a record belongs to. Otherwise it answers Forbidden;
// refusal and args say who may make the change, so each record type keeps
// its own wording while the rule stays in one place.
func RequireWriterOf(ctx context.Context, org, refusal string, args ...any) (*Principal, error) {
	p, err := Require(ctx)
	if err != nil {
		return nil, err
	}
	if err := p.RequireWrite(); err != nil {
		return nil, err
	}
	if p.Org != org {
		return nil, apperr.New(apperr.Forbidden, refusal, args...)
	}
	return p, nil
}
