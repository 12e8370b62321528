package auth

import (
	"context"
	"crypto/sha256"
	"strings"
	"sync"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

// tokenPrefix marks silkbridge API tokens so secret scanners can find leaked ones.
const tokenPrefix = "sbt_"

// Token is a stored API token. The secret itself is never stored, only its hash.
type Token struct {
	ID         string     `json:"id"`
	Org        string     `json:"org"`
	Name       string     `json:"name"`
	Role       Role       `json:"role"`
	SecretHash string     `json:"-"`
	CreatedAt  time.Time  `json:"created_at"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
}

// TokenStore persists API tokens.
type TokenStore interface {
	// TokenCreate stores t. Returns Invalid if t.Org does not exist.
	TokenCreate(ctx context.Context, t *Token) error
	// TokenGet returns the token with id. Returns NotFound when absent.
	TokenGet(ctx context.Context, id string) (*Token, error)
	// TokenList lists an organisation's tokens, newest first.
	TokenList(ctx context.Context, org string) ([]*Token, error)
	// TokenRevoke marks a token of org revoked. Returns NotFound when absent.
	TokenRevoke(ctx context.Context, org, id string, at time.Time) error
}

// TokenService issues and checks API tokens.
type TokenService struct {
	store TokenStore
	now   func() time.Time

	// verified caches successful argon2id verifications by SHA-256 of the
	// whole token, so a client pays the hash cost once per cacheTTL rather than
	// per request. Revocation is still read from the store on every request.
	mu       sync.Mutex
	verified map[[32]byte]time.Time
}

const cacheTTL = 10 * time.Minute

// NewTokenService returns a token service over store.
func NewTokenService(store TokenStore) *TokenService {
	return &TokenService{store: store, now: time.Now, verified: map[[32]byte]time.Time{}}
}

// Issue creates a token for org with role and returns the stored record and
// the plain token, which is shown once and never again.
func (s *TokenService) Issue(ctx context.Context, org string, role Role, name string) (*Token, string, error) {
	if _, err := ParseRole(string(role)); err != nil {
		return nil, "", err
	}
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		return nil, "", (apperr.Fields{{Field: "name", Message: "must be 1 to 100 characters"}}).Err()
	}
	if err := textError("name", name); err != nil {
		return nil, "", err
	}
	id := strings.ToLower(RandomString(9))
	id = strings.NewReplacer("-", "x", "_", "y").Replace(id)
	secret := RandomString(32)
	hash, err := HashSecret(secret)
	if err != nil {
		return nil, "", err
	}
	t := &Token{ID: id, Org: org, Name: name, Role: role, SecretHash: hash, CreatedAt: s.now().UTC()}
	if err := s.store.TokenCreate(ctx, t); err != nil {
		return nil, "", err
	}
	return t, tokenPrefix + id + "_" + secret, nil
}

// Authenticate resolves a bearer token to a principal, or returns Unauthenticated.
func (s *TokenService) Authenticate(ctx context.Context, raw string) (*Principal, error) {
	bad := apperr.New(apperr.Unauthenticated, "invalid or revoked API token")
	id, secret, ok := splitToken(raw)
	if !ok {
		return nil, bad
	}
	t, err := s.store.TokenGet(ctx, id)
	if apperr.Is(err, apperr.NotFound) {
		return nil, bad
	}
	if err != nil {
		return nil, err
	}
	if t.RevokedAt != nil {
		return nil, bad
	}
	if !s.checkSecret(raw, secret, t.SecretHash) {
		return nil, bad
	}
	return &Principal{Org: t.Org, Role: t.Role, TokenID: t.ID, Name: t.Name}, nil
}

func (s *TokenService) checkSecret(raw, secret, hash string) bool {
	key := sha256.Sum256([]byte(raw + "\x00" + hash))
	now := s.now()
	s.mu.Lock()
	exp, hit := s.verified[key]
	s.mu.Unlock()
	if hit && now.Before(exp) {
		return true
	}
	ok, err := VerifySecret(secret, hash)
	if err != nil || !ok {
		return false
	}
	s.mu.Lock()
	if len(s.verified) > 10000 { // bound memory; a flush only costs re-verification
		s.verified = map[[32]byte]time.Time{}
	}
	s.verified[key] = now.Add(cacheTTL)
	s.mu.Unlock()
	return true
}

// List returns the tokens of org.
func (s *TokenService) List(ctx context.Context, org string) ([]*Token, error) {
	return s.store.TokenList(ctx, org)
}

// Revoke revokes a token of org.
func (s *TokenService) Revoke(ctx context.Context, org, id string) error {
	return s.store.TokenRevoke(ctx, org, id, s.now().UTC())
}

func splitToken(raw string) (id, secret string, ok bool) {
	rest, found := strings.CutPrefix(raw, tokenPrefix)
	if !found {
		return "", "", false
	}
	id, secret, found = strings.Cut(rest, "_")
	if !found || id == "" || len(secret) < 20 {
		return "", "", false
	}
	return id, secret, true
}
