package auth

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"sync"
)

// SecretStore yields the hub's server secret: one key shared by every
// process on the same database, so a token issued by one process (or the
// CLI) verifies in another and a form rendered by one is accepted by the next.
type SecretStore interface {
	// ServerSecret returns the secret, creating and storing it on first use.
	ServerSecret(ctx context.Context) ([]byte, error)
}

// SecretKeyMin is the shortest operator-supplied secret accepted.
const SecretKeyMin = 32

// StaticSecret is an operator-supplied server secret (SILKBRIDGE_SECRET_KEY),
// used instead of the one kept in the database, e.g. so that a database
// dump alone does not reveal it.
type StaticSecret []byte

// ParseStaticSecret checks an operator-supplied secret.
func ParseStaticSecret(s string) (StaticSecret, error) {
	if len(s) < SecretKeyMin {
		return nil, fmt.Errorf("the secret key must be at least %d characters (e.g. from `openssl rand -base64 32`)", SecretKeyMin)
	}
	return StaticSecret(s), nil
}

// ServerSecret returns the configured secret.
func (k StaticSecret) ServerSecret(context.Context) ([]byte, error) { return k, nil }

// Keys derives one key per purpose from the server secret, so a MAC made for
// one use (a token hash) can never be replayed as another (a CSRF token).
// The secret is read once and then kept; a failed read is retried next time.
type Keys struct {
	src SecretStore

	mu      sync.Mutex
	derived map[string][]byte
}

// NewKeys returns keys derived from src's secret.
func NewKeys(src SecretStore) *Keys { return &Keys{src: src, derived: map[string][]byte{}} }

// Purposes keys are derived for.
const (
	purposeToken = "silkbridge api token v1"
	purposeCSRF  = "silkbridge csrf v1"
)

func (k *Keys) key(ctx context.Context, purpose string) ([]byte, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if key, ok := k.derived[purpose]; ok {
		return key, nil
	}
	secret, err := k.src.ServerSecret(ctx)
	if err != nil {
		return nil, err
	}
	key := mac(secret, []byte(purpose))
	k.derived[purpose] = key
	return key, nil
}

// MAC returns HMAC-SHA256 of parts (each length-prefixed, so ("ab","c") and
// ("a","bc") differ) under the key for purpose.
func (k *Keys) MAC(ctx context.Context, purpose string, parts ...string) ([]byte, error) {
	key, err := k.key(ctx, purpose)
	if err != nil {
		return nil, err
	}
	h := hmac.New(sha256.New, key)
	for _, p := range parts {
		fmt.Fprintf(h, "%d:", len(p))
		h.Write([]byte(p))
	}
	return h.Sum(nil), nil
}

func mac(key, msg []byte) []byte {
	h := hmac.New(sha256.New, key)
	h.Write(msg)
	return h.Sum(nil)
}

// Option configures a service that uses the server secret.
type Option func(*options)

type options struct {
	secret    SecretStore
	allowDemo bool
}

// AllowDemoPassword lets a UserService set the published demo password (the
// demo loader, run only by serve --demo); everywhere else it is refused.
func AllowDemoPassword() Option { return func(o *options) { o.allowDemo = true } }

// WithSecret uses src's secret instead of the one the store keeps (the
// operator's SILKBRIDGE_SECRET_KEY). A nil src keeps the store's.
func WithSecret(src SecretStore) Option {
	return func(o *options) {
		if src != nil {
			o.secret = src
		}
	}
}

func keysFor(def SecretStore, opts []Option) *Keys {
	o := options{secret: def}
	for _, fn := range opts {
		fn(&o)
	}
	return NewKeys(o.secret)
}
