package auth

import (
	"context"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

// legacySlots bounds concurrent argon2id verifications of tokens issued
// before HMAC hashing (each costs ~19 MiB and ~45 ms), process-wide, so a
// flood of guesses at an old token's id cannot allocate 19 MiB per request.
var legacySlots = make(chan struct{}, 2)

// legacyWait is how long a legacy verification queues for a slot before
// the request is refused as busy.
const legacyWait = 5 * time.Second

// authenticateLegacy checks a secret against an argon2id hash and, when it
// matches a live token, rewrites the row to the HMAC form so the next use
// takes the fast path.
func (s *TokenService) authenticateLegacy(ctx context.Context, t *Token, id, secret string) (*Principal, error) {
	bad := apperr.New(apperr.Unauthenticated, "invalid or revoked API token")
	if t == nil || t.RevokedAt != nil {
		return nil, bad
	}
	timer := time.NewTimer(legacyWait)
	defer timer.Stop()
	select {
	case legacySlots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-timer.C:
		return nil, apperr.New(apperr.TooMany, "too many API token checks at once; retry in a few seconds")
	}
	s.step("argon2id")
	ok, err := VerifySecret(secret, t.SecretHash)
	<-legacySlots
	if err != nil || !ok {
		return nil, bad
	}
	upgraded, err := s.hash(ctx, id, secret)
	if err != nil {
		return nil, err
	}
	if err := s.store.TokenUpgradeHash(ctx, id, t.SecretHash, upgraded); err != nil {
		return nil, err
	}
	s.step("upgraded")
	return t.principal(), nil
}
