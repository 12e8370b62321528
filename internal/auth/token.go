package auth

import (
	"context"
	"crypto/subtle"
	"encoding/base64"
	"strings"
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
	// TokenUpgradeHash sets a token's hash to newHash if it is still oldHash.
	TokenUpgradeHash(ctx context.Context, id, oldHash, newHash string) error
	// The hub's server secret, which keys the token hashes.
	SecretStore
}

// TokenService issues and checks API tokens.
//
// A token secret is 32 random bytes, so unlike a password it cannot be
// guessed and needs no slow hash: the store keeps HMAC-SHA256(server key,
// id, secret), which costs a microsecond to check, so a flood of wrong
// secrets costs the hub no more than any other rejected request. Tokens
// issued before this scheme carry an argon2id hash; each is verified that way
// once (through a small concurrency bound) and then rewritten to HMAC.
type TokenService struct {
	store TokenStore
	keys  *Keys
	now   func() time.Time
	// dummy is compared against when a token id is unknown, so an unknown id
	// and a wrong secret take the same steps (a lookup, one MAC, one compare).
	dummy string
	// trace, when set by tests, sees each verification step taken.
	trace func(step string)
	// cache keeps records of tokens that verified, for TokenCacheTTL.
	cache tokenCache
}

// NewTokenService returns a token service over store. Its hashes are keyed
// with the store's server secret unless WithSecret names another.
func NewTokenService(store TokenStore, opts ...Option) *TokenService {
	return &TokenService{store: store, keys: keysFor(store, opts), now: time.Now, dummy: hmacPrefix + RandomString(32)}
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
	hash, err := s.hash(ctx, id, secret)
	if err != nil {
		return nil, "", err
	}
	t := &Token{ID: id, Org: org, Name: name, Role: role, SecretHash: hash, CreatedAt: s.now().UTC()}
	if err := s.store.TokenCreate(ctx, t); err != nil {
		return nil, "", err
	}
	return t, tokenPrefix + id + "_" + secret, nil
}

// hmacPrefix marks the stored form HMAC-SHA256(token key, id, secret).
const hmacPrefix = "$hmac-sha256$"

func (s *TokenService) hash(ctx context.Context, id, secret string) (string, error) {
	sum, err := s.keys.MAC(ctx, purposeToken, id, secret)
	if err != nil {
		return "", err
	}
	return hmacPrefix + base64.RawStdEncoding.EncodeToString(sum), nil
}

// Authenticate resolves a bearer token to a principal, or returns
// Unauthenticated. Any other error is the store's and means "try later".
func (s *TokenService) Authenticate(ctx context.Context, raw string) (*Principal, error) {
	bad := apperr.New(apperr.Unauthenticated, "invalid or revoked API token")
	id, secret, ok := splitToken(raw)
	if !ok {
		return nil, bad
	}
	now := s.now()
	t, err := s.cache.get(id, now), error(nil)
	if t == nil {
		t, err = s.store.TokenGet(ctx, id)
	}
	if err != nil && !apperr.Is(err, apperr.NotFound) {
		return nil, err
	}
	stored := s.dummy
	if t != nil {
		stored = t.SecretHash
	}
	if strings.HasPrefix(stored, "$argon2id$") {
		return s.authenticateLegacy(ctx, t, id, secret)
	}
	ok, err = s.checkMAC(ctx, id, secret, stored)
	if err != nil {
		return nil, err
	}
	if !ok || t == nil || t.RevokedAt != nil {
		return nil, bad
	}
	s.cache.put(t, now)
	return t.principal(), nil
}

func (s *TokenService) checkMAC(ctx context.Context, id, secret, stored string) (bool, error) {
	s.step("mac")
	got, err := s.hash(ctx, id, secret)
	if err != nil {
		return false, err
	}
	return subtle.ConstantTimeCompare([]byte(got), []byte(stored)) == 1, nil
}

func (s *TokenService) step(name string) {
	if s.trace != nil {
		s.trace(name)
	}
}

func (t *Token) principal() *Principal {
	return &Principal{Org: t.Org, Role: t.Role, TokenID: t.ID, Name: t.Name}
}

// List returns the tokens of org.
func (s *TokenService) List(ctx context.Context, org string) ([]*Token, error) {
	return s.store.TokenList(ctx, org)
}

// Revoke revokes a token of org.
func (s *TokenService) Revoke(ctx context.Context, org, id string) error {
	err := s.store.TokenRevoke(ctx, org, id, s.now().UTC())
	s.cache.drop(id)
	return err
}

func splitToken(raw string) (id, secret string, ok bool) {
	rest, found := strings.CutPrefix(raw, tokenPrefix)
	if !found {
		return "", "", false
	}
	id, secret, found = strings.Cut(rest, "_")
	if !found || !ValidTokenID(id) || len(secret) < 20 || len(secret) > 100 {
		return "", "", false
	}
	return id, secret, true
}

// ValidTokenID reports whether id has the shape Issue gives ids (lower-case
// letters and digits), so junk never reaches the store or the rate limiter's
// per-token table.
func ValidTokenID(id string) bool {
	if id == "" || len(id) > 32 {
		return false
	}
	for _, c := range id {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// TokenIDOf returns the id part of a bearer token without checking the
// secret (the rate limiter keys on it), or "" when raw is not token-shaped.
func TokenIDOf(raw string) string {
	id, _, ok := splitToken(raw)
	if !ok {
		return ""
	}
	return id
}
