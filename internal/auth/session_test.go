package auth

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"testing"
)

// memSessions is enough of a SessionStore for CSRF tokens.
type memSessions struct {
	SessionStore
	secret []byte
}

func (m memSessions) ServerSecret(context.Context) ([]byte, error) { return m.secret, nil }

// TestCSRFTokenKeyedWithServerSecret: the form token is an HMAC under the
// server secret, not a bare hash of the cookie anyone could compute.
func TestCSRFTokenKeyedWithServerSecret(t *testing.T) {
	ctx := context.Background()
	key := RandomString(32)
	a := NewSessionService(memSessions{secret: []byte(strings.Repeat("a", 32))}, nil)
	b := NewSessionService(memSessions{secret: []byte(strings.Repeat("b", 32))}, nil)
	ta, err := a.CSRFToken(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := a.CSRFToken(ctx, key)
	tb, _ := b.CSRFToken(ctx, key)
	other, _ := a.CSRFToken(ctx, RandomString(32))
	unkeyed := sha256.Sum256([]byte("silkbridge csrf\x00" + key))
	switch {
	case ta != again:
		t.Fatal("the token of one key changes")
	case ta == tb:
		t.Fatal("two server secrets give the same token")
	case ta == other:
		t.Fatal("two sessions share a token")
	case ta == base64.RawURLEncoding.EncodeToString(unkeyed[:]):
		t.Fatal("the token is the unkeyed hash of the cookie")
	}
	// An operator's secret overrides the store's.
	c := NewSessionService(memSessions{secret: []byte(strings.Repeat("a", 32))}, nil, WithSecret(StaticSecret(strings.Repeat("b", 32))))
	if tc, _ := c.CSRFToken(ctx, key); tc != tb {
		t.Fatal("WithSecret was ignored")
	}
}
