package auth

import (
	"sync"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

// LoginLimiter slows password guessing: after Max failed sign-ins for one
// account from one address within Window, further attempts for that pair are
// refused until the window has passed. A second, looser budget per address
// (PerAddress) stops one client from spraying guesses across many accounts.
// It is in memory: a restart forgives, which is acceptable for a single node.
type LoginLimiter struct {
	Max        int
	PerAddress int
	Window     time.Duration

	mu    sync.Mutex
	now   func() time.Time
	fails map[string][]time.Time
}

// NewLoginLimiter returns a limiter allowing 5 failures per account and
// address, and 50 per address, in 15 minutes.
func NewLoginLimiter() *LoginLimiter {
	return &LoginLimiter{Max: 5, PerAddress: 50, Window: 15 * time.Minute, now: time.Now, fails: map[string][]time.Time{}}
}

// Allow returns TooMany when the account+address pair or the address has
// used up its failures.
func (l *LoginLimiter) Allow(email, addr string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if len(l.recent(pairKey(email, addr), now)) >= l.Max || len(l.recent("a:"+addr, now)) >= l.PerAddress {
		return apperr.New(apperr.TooMany, "too many failed sign-ins; wait %d minutes and try again", int(l.Window.Minutes()))
	}
	return nil
}

// Fail records a failed sign-in.
func (l *LoginLimiter) Fail(email, addr string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if len(l.fails) > 100000 { // bound memory under a flood of distinct keys
		l.fails = map[string][]time.Time{}
	}
	for _, k := range []string{pairKey(email, addr), "a:" + addr} {
		l.fails[k] = append(l.recent(k, now), now)
	}
}

// Succeed forgets the failures of an account+address pair.
func (l *LoginLimiter) Succeed(email, addr string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.fails, pairKey(email, addr))
}

func (l *LoginLimiter) recent(key string, now time.Time) []time.Time {
	kept := l.fails[key][:0]
	for _, t := range l.fails[key] {
		if now.Sub(t) < l.Window {
			kept = append(kept, t)
		}
	}
	if len(kept) == 0 {
		delete(l.fails, key)
		return nil
	}
	l.fails[key] = kept
	return kept
}

func pairKey(email, addr string) string { return "p:" + NormalizeEmail(email) + "\x00" + addr }
