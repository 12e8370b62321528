package auth

import (
	"context"
	"testing"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

// TestTokenRevokedThroughThisServiceRefusedAtOnce: a token that was just
// used (so its record is cached) stops working the moment it is revoked.
func TestTokenRevokedThroughThisServiceRefusedAtOnce(t *testing.T) {
	ctx := context.Background()
	s := NewTokenService(newMemTokens())
	tok, plain, _ := s.Issue(ctx, "cmg", RoleViewer, "ci")
	if _, err := s.Authenticate(ctx, plain); err != nil {
		t.Fatal(err)
	}
	if err := s.Revoke(ctx, "cmg", tok.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(ctx, plain); !apperr.Is(err, apperr.Unauthenticated) {
		t.Fatalf("revoked token still accepted: %v", err)
	}
}

// TestTokenRevokedByAnotherProcessRefusedWithinTTL: another process (a
// second service over the same store) revokes the token; this one refuses
// it once its cached record is older than TokenCacheTTL.
func TestTokenRevokedByAnotherProcessRefusedWithinTTL(t *testing.T) {
	ctx := context.Background()
	store := newMemTokens()
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s := NewTokenService(store)
	s.now = func() time.Time { return clock }
	tok, plain, _ := s.Issue(ctx, "cmg", RoleViewer, "ci")
	if _, err := s.Authenticate(ctx, plain); err != nil {
		t.Fatal(err)
	}
	if err := NewTokenService(store).Revoke(ctx, "cmg", tok.ID); err != nil {
		t.Fatal(err)
	}
	clock = clock.Add(TokenCacheTTL + time.Millisecond)
	if _, err := s.Authenticate(ctx, plain); !apperr.Is(err, apperr.Unauthenticated) {
		t.Fatalf("token revoked elsewhere still accepted after %v: %v", TokenCacheTTL, err)
	}
}

// TestTokenCacheStillChecksSecret: a cached record never lets a wrong
// secret through, and made-up secrets add nothing to the cache.
func TestTokenCacheStillChecksSecret(t *testing.T) {
	ctx := context.Background()
	s := NewTokenService(newMemTokens())
	tok, plain, _ := s.Issue(ctx, "cmg", RoleViewer, "ci")
	if _, err := s.Authenticate(ctx, plain); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(ctx, "sbt_"+tok.ID+"_"+RandomString(32)); !apperr.Is(err, apperr.Unauthenticated) {
		t.Fatalf("wrong secret for a cached token: %v", err)
	}
	other := NewTokenService(newMemTokens())
	for range 100 {
		other.Authenticate(ctx, "sbt_"+tok.ID+"_"+RandomString(32))
	}
	if n := len(other.cache.m); n != 0 {
		t.Fatalf("failed verifications cached %d records", n)
	}
}
