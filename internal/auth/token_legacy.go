package auth

import (
	"context"
	"sync"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

// legacySlots bounds concurrent argon2id verifications of tokens issued
// before HMAC hashing (each costs ~19 MiB and ~45 ms of a core),
// process-wide, so a flood of guesses at an old token's id can neither
// allocate 19 MiB per request nor take more than one core.
var legacySlots = make(chan struct{}, 1)

// legacyFailures refuses argon2id checks for a token id after
// legacyMaxFailures wrong secrets within legacyFailWindow: guesses at an old
// token then cost nothing at all. Its owner may meet the same refusal while
// the guessing lasts; one success upgrades the token out of this path.
var legacyFailures = struct {
	sync.Mutex
	byID map[string][]time.Time
}{byID: map[string][]time.Time{}}

const (
	legacyMaxFailures = 10
	legacyFailWindow  = time.Minute
	legacyMaxIDs      = 10000
)

func legacyBlocked(id string, now time.Time) bool {
	legacyFailures.Lock()
	defer legacyFailures.Unlock()
	kept := legacyFailures.byID[id][:0]
	for _, t := range legacyFailures.byID[id] {
		if now.Sub(t) < legacyFailWindow {
			kept = append(kept, t)
		}
	}
	if len(kept) == 0 {
		delete(legacyFailures.byID, id)
		return false
	}
	legacyFailures.byID[id] = kept
	return len(kept) >= legacyMaxFailures
}

func legacyFailed(id string, now time.Time) {
	legacyFailures.Lock()
	defer legacyFailures.Unlock()
	if len(legacyFailures.byID) >= legacyMaxIDs { // bound memory; forgetting only re-allows a few checks
		clear(legacyFailures.byID)
	}
	legacyFailures.byID[id] = append(legacyFailures.byID[id], now)
}

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
	busy := apperr.New(apperr.TooMany, "too many API token checks; retry in a minute")
	if legacyBlocked(id, s.now()) {
		return nil, busy
	}
	timer := time.NewTimer(legacyWait)
	defer timer.Stop()
	select {
	case legacySlots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-timer.C:
		return nil, busy
	}
	if legacyBlocked(id, s.now()) { // guesses that queued while others failed
		<-legacySlots
		return nil, busy
	}
	s.step("argon2id")
	ok, err := VerifySecret(secret, t.SecretHash)
	<-legacySlots
	if err != nil || !ok {
		legacyFailed(id, s.now())
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
