package auth

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

// memTokens is an in-memory TokenStore that can be told to fail.
type memTokens struct {
	mu       sync.Mutex
	tokens   map[string]*Token
	secret   []byte
	fail     error
	upgrades int
}

func newMemTokens() *memTokens {
	return &memTokens{tokens: map[string]*Token{}, secret: []byte(strings.Repeat("k", 32))}
}

func (m *memTokens) TokenCreate(_ context.Context, t *Token) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	c := *t
	m.tokens[t.ID] = &c
	return nil
}

func (m *memTokens) TokenGet(_ context.Context, id string) (*Token, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return nil, m.fail
	}
	t, ok := m.tokens[id]
	if !ok {
		return nil, apperr.New(apperr.NotFound, "token %q not found", id)
	}
	c := *t
	return &c, nil
}

func (m *memTokens) TokenList(context.Context, string) ([]*Token, error) { return nil, nil }

func (m *memTokens) TokenRevoke(_ context.Context, _, id string, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.tokens[id].RevokedAt = &at
	return nil
}

func (m *memTokens) TokenUpgradeHash(_ context.Context, id, oldHash, newHash string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if t := m.tokens[id]; t != nil && t.SecretHash == oldHash {
		t.SecretHash = newHash
		m.upgrades++
	}
	return nil
}

func (m *memTokens) ServerSecret(context.Context) ([]byte, error) { return m.secret, nil }

// traced returns a service recording the verification steps of each call.
func traced(store TokenStore) (*TokenService, *[]string) {
	s := NewTokenService(store)
	var steps []string
	var mu sync.Mutex
	s.trace = func(step string) { mu.Lock(); steps = append(steps, step); mu.Unlock() }
	return s, &steps
}

func TestTokenStoredAsHMACNotArgon(t *testing.T) {
	ctx := context.Background()
	store := newMemTokens()
	s := NewTokenService(store)
	tok, plain, err := s.Issue(ctx, "cmg", RoleEditor, "ci")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(tok.SecretHash, hmacPrefix) || strings.Contains(tok.SecretHash, plain[len(plain)-20:]) {
		t.Fatalf("stored hash %q is not an HMAC of the secret", tok.SecretHash)
	}
	p, err := s.Authenticate(ctx, plain)
	if err != nil || p.Org != "cmg" || p.TokenID != tok.ID {
		t.Fatalf("authenticate = %+v, %v", p, err)
	}
	// Another service on the same store (another process) verifies it too,
	// and one keyed with another secret does not.
	if _, err := NewTokenService(store).Authenticate(ctx, plain); err != nil {
		t.Fatalf("second service: %v", err)
	}
	other := NewTokenService(store, WithSecret(StaticSecret(strings.Repeat("z", 32))))
	if _, err := other.Authenticate(ctx, plain); !apperr.Is(err, apperr.Unauthenticated) {
		t.Fatalf("a service with another key accepted the token: %v", err)
	}
}

// TestTokenWrongSecretAndUnknownIDSamePath: an unknown id must cost what a
// wrong secret costs (one lookup, one MAC, one compare), so timing tells an
// attacker nothing about which ids exist, and neither may run argon2id.
func TestTokenWrongSecretAndUnknownIDSamePath(t *testing.T) {
	ctx := context.Background()
	store := newMemTokens()
	s, steps := traced(store)
	tok, plain, err := s.Issue(ctx, "cmg", RoleViewer, "ci")
	if err != nil {
		t.Fatal(err)
	}
	wrongSecret := "sbt_" + tok.ID + "_" + RandomString(32)
	unknownID := "sbt_" + "zzzzzzzzzzzz" + "_" + RandomString(32)
	var paths [][]string
	for _, raw := range []string{wrongSecret, unknownID} {
		*steps = nil
		if _, err := s.Authenticate(ctx, raw); !apperr.Is(err, apperr.Unauthenticated) {
			t.Fatalf("%s: %v", raw, err)
		}
		paths = append(paths, append([]string(nil), *steps...))
	}
	if strings.Join(paths[0], ",") != "mac" || strings.Join(paths[1], ",") != "mac" {
		t.Fatalf("wrong secret took %v, unknown id took %v; want one MAC each", paths[0], paths[1])
	}
	if _, err := s.Authenticate(ctx, plain); err != nil {
		t.Fatal(err)
	}
}

// TestTokenVerifiedEveryTimeWithoutCache: the old 10-minute cache let a
// revoked-then-restored hash or a stale key through; every call checks now.
func TestTokenVerifiedEveryTimeWithoutCache(t *testing.T) {
	ctx := context.Background()
	s, steps := traced(newMemTokens())
	_, plain, err := s.Issue(ctx, "cmg", RoleViewer, "ci")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if _, err := s.Authenticate(ctx, plain); err != nil {
			t.Fatal(err)
		}
	}
	if len(*steps) != 3 {
		t.Fatalf("steps %v: want a MAC per call", *steps)
	}
}

func TestTokenRevokedRefused(t *testing.T) {
	ctx := context.Background()
	store := newMemTokens()
	s := NewTokenService(store)
	tok, plain, _ := s.Issue(ctx, "cmg", RoleViewer, "ci")
	s.Revoke(ctx, "cmg", tok.ID)
	if _, err := s.Authenticate(ctx, plain); !apperr.Is(err, apperr.Unauthenticated) {
		t.Fatalf("revoked token: %v", err)
	}
}

// legacyToken stores a token the way builds before HMAC hashing did.
func legacyToken(t *testing.T, store *memTokens, id string) string {
	t.Helper()
	secret := RandomString(32)
	hash, err := HashSecret(secret)
	if err != nil {
		t.Fatal(err)
	}
	store.TokenCreate(context.Background(), &Token{ID: id, Org: "vgtrk", Name: "old", Role: RoleAdmin, SecretHash: hash})
	return "sbt_" + id + "_" + secret
}

func TestTokenLegacyArgonHashUpgradedOnFirstUse(t *testing.T) {
	ctx := context.Background()
	store := newMemTokens()
	plain := legacyToken(t, store, "oldtoken1")
	s, steps := traced(store)
	if _, err := s.Authenticate(ctx, "sbt_oldtoken1_"+RandomString(32)); !apperr.Is(err, apperr.Unauthenticated) {
		t.Fatalf("wrong secret for a legacy token: %v", err)
	}
	if store.upgrades != 0 {
		t.Fatal("a wrong secret upgraded the row")
	}
	p, err := s.Authenticate(ctx, plain)
	if err != nil || p.Org != "vgtrk" {
		t.Fatalf("legacy token refused: %+v, %v", p, err)
	}
	if store.upgrades != 1 || !strings.HasPrefix(store.tokens["oldtoken1"].SecretHash, hmacPrefix) {
		t.Fatalf("row not rewritten to HMAC: %q", store.tokens["oldtoken1"].SecretHash)
	}
	*steps = nil
	if _, err := s.Authenticate(ctx, plain); err != nil {
		t.Fatal(err)
	}
	if strings.Join(*steps, ",") != "mac" {
		t.Fatalf("after the upgrade the token took %v, want the MAC path", *steps)
	}
}

// TestTokenLegacyVerificationsBounded floods one legacy token id with wrong
// secrets and checks that no more than cap(legacySlots) argon2id
// verifications (19 MiB each) ever run at once.
func TestTokenLegacyVerificationsBounded(t *testing.T) {
	ctx := context.Background()
	store := newMemTokens()
	legacyToken(t, store, "oldtoken2")
	s := NewTokenService(store)
	var mu sync.Mutex
	running, peak := 0, 0
	s.trace = func(step string) {
		if step != "argon2id" {
			return
		}
		mu.Lock()
		running++
		peak = max(peak, running)
		mu.Unlock()
		time.Sleep(2 * time.Millisecond) // widen the window in which overlaps would show
		mu.Lock()
		running--
		mu.Unlock()
	}
	var wg sync.WaitGroup
	for i := 0; i < 24; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.Authenticate(ctx, "sbt_oldtoken2_"+RandomString(32))
		}()
	}
	wg.Wait()
	if peak > cap(legacySlots) {
		t.Fatalf("%d argon2id verifications ran at once, bound %d", peak, cap(legacySlots))
	}
}

// TestTokenStoreErrorIsNotUnauthenticated: a database failure must reach the
// caller as itself (a 500), not as "invalid token".
func TestTokenStoreErrorIsNotUnauthenticated(t *testing.T) {
	store := newMemTokens()
	s := NewTokenService(store)
	_, plain, _ := s.Issue(context.Background(), "cmg", RoleViewer, "ci")
	store.fail = errors.New("connection refused")
	_, err := s.Authenticate(context.Background(), plain)
	if err == nil || apperr.Is(err, apperr.Unauthenticated) {
		t.Fatalf("store failure reported as %v", err)
	}
}

func TestTokenIDOf(t *testing.T) {
	for raw, want := range map[string]string{
		"sbt_abc123_" + strings.Repeat("s", 43): "abc123",
		"sbt_ABC_" + strings.Repeat("s", 43):    "",
		"sbt_abc":                               "",
		"junk":                                  "",
		"sbt_" + strings.Repeat("a", 40) + "_" + strings.Repeat("s", 43): "",
	} {
		if got := TokenIDOf(raw); got != want {
			t.Errorf("TokenIDOf(%q) = %q, want %q", raw, got, want)
		}
	}
}

// TestTokenLegacyGuessingStopsAfterFailures: after a few wrong secrets for a
// legacy token id, further guesses are refused without running argon2id.
func TestTokenLegacyGuessingStopsAfterFailures(t *testing.T) {
	ctx := context.Background()
	store := newMemTokens()
	plain := legacyToken(t, store, "oldtoken3")
	s, steps := traced(store)
	for range legacyMaxFailures {
		s.Authenticate(ctx, "sbt_oldtoken3_"+RandomString(32))
	}
	*steps = nil
	if _, err := s.Authenticate(ctx, "sbt_oldtoken3_"+RandomString(32)); !apperr.Is(err, apperr.TooMany) {
		t.Fatalf("guess after %d failures: %v", legacyMaxFailures, err)
	}
	if _, err := s.Authenticate(ctx, plain); !apperr.Is(err, apperr.TooMany) {
		t.Fatalf("the right secret during the lock: %v", err)
	}
	for _, st := range *steps {
		if st == "argon2id" {
			t.Fatal("argon2id ran for a locked legacy id")
		}
	}
	s.now = func() time.Time { return time.Now().Add(legacyFailWindow) }
	if _, err := s.Authenticate(ctx, plain); err != nil {
		t.Fatalf("after the window: %v", err)
	}
}
