package auth

import (
	"sync"
	"time"
)

// TokenCacheTTL bounds how long a process keeps a token's stored record
// after reading it. Every request still verifies the secret against the
// record's HMAC in constant time; the cache saves only the database read. A
// token revoked through this process stops working at once (Revoke drops
// it); one revoked through another process of the deployment (another
// server, the CLI) stops working here within TokenCacheTTL.
const TokenCacheTTL = 2 * time.Second

// tokenCacheMax bounds the cache. Only records whose secret just verified
// are added, so a flood of made-up ids or secrets adds nothing.
const tokenCacheMax = 10000

type tokenCache struct {
	mu sync.Mutex
	m  map[string]cachedToken
}

type cachedToken struct {
	t     *Token
	until time.Time
}

func (c *tokenCache) get(id string, now time.Time) *Token {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[id]
	if !ok || now.After(e.until) {
		return nil
	}
	return e.t
}

func (c *tokenCache) put(t *Token, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= tokenCacheMax {
		c.m = map[string]cachedToken{} // every entry expires within seconds anyway
	}
	c.m[t.ID] = cachedToken{t: t, until: now.Add(TokenCacheTTL)}
}

func (c *tokenCache) drop(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, id)
}
