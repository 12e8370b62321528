package server

import (
	"fmt"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/silkbridge/silkbridge/internal/auth"
)

// rateLimiter keeps two token buckets a request must both pass: one per
// client address and one per credential (the API token's id, or the web
// session). The address bucket is what stops a flood of made-up credentials
// (random token secrets, junk Authorization headers, random cookies): they
// all share their sender's budget. The credential bucket stops one token
// from being spread over many addresses. Requests without a credential pass
// the address bucket only.
type rateLimiter struct {
	rps     rate.Limit
	burst   int
	clients clientResolver

	mu      sync.Mutex
	buckets map[string]*bucket
	maxKeys int
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

func newRateLimiter(rps float64, burst int, trusted []netip.Prefix) *rateLimiter {
	if rps <= 0 {
		rps = 50
	}
	if burst <= 0 {
		burst = 200
	}
	return &rateLimiter{rps: rate.Limit(rps), burst: burst, clients: clientResolver{trusted},
		buckets: map[string]*bucket{}, maxKeys: 100000}
}

func (l *rateLimiter) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		addr := l.clients.resolve(r)
		if !l.allow(addressKey(addr), credentialKey(r)) {
			w.Header().Set("Retry-After", "1")
			w.Header().Set("Content-Type", "application/problem+json")
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, `{"title":"Too Many Requests","status":429,"detail":"rate limit exceeded; retry after a second","code":"too_many_requests"}`)
			return
		}
		if addr.IsValid() {
			r = r.WithContext(WithClientAddr(r.Context(), addr.String()))
		}
		next.ServeHTTP(w, r)
	})
}

// allow takes a token from the address bucket and, when there is a
// credential, from its bucket; both must have one.
func (l *rateLimiter) allow(addrKey, credKey string) bool {
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.take(addrKey, now) {
		return false
	}
	return credKey == "" || l.take(credKey, now)
}

func (l *rateLimiter) take(key string, now time.Time) bool {
	b, ok := l.buckets[key]
	if !ok {
		if len(l.buckets) >= l.maxKeys {
			l.shrink(now)
		}
		b = &bucket{lim: rate.NewLimiter(l.rps, l.burst)}
		l.buckets[key] = b
	}
	b.seen = now
	return b.lim.AllowN(now, 1)
}

// shrink keeps memory bounded. A bucket idle long enough to have refilled is
// the same as a new one, so dropping it forgets nothing; if every bucket is
// busy (a flood from very many addresses), arbitrary ones are dropped, which
// forgives those clients some requests but never grows the table.
func (l *rateLimiter) shrink(now time.Time) {
	refill := time.Duration(float64(l.burst)/float64(l.rps)*float64(time.Second)) + time.Second
	for k, b := range l.buckets {
		if now.Sub(b.seen) > refill {
			delete(l.buckets, k)
		}
	}
	for k := range l.buckets {
		if len(l.buckets) < l.maxKeys*9/10 {
			break
		}
		delete(l.buckets, k)
	}
}

// addressKey is the bucket of a client address. IPv6 clients are counted
// per /64, the block one subscriber usually gets, or changing the last bits
// of the address would be a fresh budget.
func addressKey(a netip.Addr) string {
	if !a.IsValid() {
		return "ip:unknown"
	}
	if a.Is6() {
		p, _ := a.Prefix(64)
		return "ip:" + p.String()
	}
	return "ip:" + a.String()
}

// credentialKey is the bucket of the credential a request carries: the id of
// a well-formed API token, or the web session cookie. Anything else (a junk
// Authorization header) has no credential bucket and spends only its
// address's budget, so varying it gains nothing.
func credentialKey(r *http.Request) string {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, tok, _ := strings.Cut(h, " ")
		if strings.EqualFold(scheme, "Bearer") {
			if id := auth.TokenIDOf(strings.TrimSpace(tok)); id != "" {
				return "t:" + id
			}
		}
		return ""
	}
	if c, err := r.Cookie("sb_session"); err == nil && len(c.Value) >= 32 {
		return "s:" + c.Value[:16]
	}
	return ""
}
