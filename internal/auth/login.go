package auth

import (
	"strings"
	"sync"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

// LoginLimiter slows password guessing: after Max failed sign-ins for one
// account from one address within Window, further attempts for that pair are
// refused until the window has passed. A second, looser budget per address
// (PerAddress) stops one client from spraying guesses across many accounts.
//
// An attempt is counted as a failure before its password is checked
// (Reserve) and forgiven if it succeeds (Succeed): checking first and
// recording after would let N concurrent guesses all pass the check before
// any is recorded. It is in memory, per process: a restart forgives.
type LoginLimiter struct {
	Max        int
	PerAddress int
	Window     time.Duration

	mu    sync.Mutex
	now   func() time.Time
	fails map[string][]time.Time
	// maxKeys bounds the limiter's memory under a flood of distinct keys.
	maxKeys int
}

// NewLoginLimiter returns a limiter allowing 5 failures per account and
// address, and 50 per address, in 15 minutes.
func NewLoginLimiter() *LoginLimiter {
	return &LoginLimiter{Max: 5, PerAddress: 50, Window: 15 * time.Minute, now: time.Now, fails: map[string][]time.Time{}, maxKeys: 100000}
}

// Reserve counts one attempt against the account+address pair and the
// address, atomically with checking their budgets, and returns TooMany
// without counting when either is used up. Call it before checking the
// password, and Succeed when the password was right.
func (l *LoginLimiter) Reserve(email, addr string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	pair, byAddr := pairKey(email, addr), "a:"+addr
	if len(l.recent(pair, now)) >= l.Max || len(l.recent(byAddr, now)) >= l.PerAddress {
		return apperr.New(apperr.TooMany, "too many failed sign-ins; wait %d minutes and try again", int(l.Window.Minutes()))
	}
	if len(l.fails) >= l.maxKeys {
		l.shrink(now)
	}
	for _, k := range []string{pair, byAddr} {
		l.fails[k] = append(l.fails[k], now)
	}
	return nil
}

// Succeed forgives a reserved attempt that signed in: the pair's failures
// are forgotten and the address gets its reservation back.
func (l *LoginLimiter) Succeed(email, addr string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.fails, pairKey(email, addr))
	byAddr := "a:" + addr
	if n := len(l.fails[byAddr]); n > 0 {
		l.fails[byAddr] = l.fails[byAddr][:n-1]
	}
}

// Release gives a reserved attempt back without judging it (the password
// could not be checked, e.g. the database did not answer).
func (l *LoginLimiter) Release(email, addr string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range []string{pairKey(email, addr), "a:" + addr} {
		if n := len(l.fails[k]); n > 0 {
			l.fails[k] = l.fails[k][:n-1]
		}
	}
}

// shrink drops expired keys and, if the table is still full, pair keys
// (address keys stay, so a flood of accounts cannot reset an address's cap).
func (l *LoginLimiter) shrink(now time.Time) {
	for k := range l.fails {
		l.recent(k, now)
	}
	for k := range l.fails {
		if len(l.fails) < l.maxKeys/2 {
			return
		}
		if !strings.HasPrefix(k, "a:") {
			delete(l.fails, k)
		}
	}
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
