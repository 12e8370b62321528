package auth

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

// Session is a signed-in browser. The random session id is given to the
// browser only; the store keeps its SHA-256, which is enough for a 256-bit
// random value and makes a leaked database useless for hijacking sessions.
type Session struct {
	IDHash    string
	UserID    string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// SessionStore persists sessions.
type SessionStore interface {
	// SessionCreate stores s.
	SessionCreate(ctx context.Context, s *Session) error
	// SessionGet returns the session with idHash. Returns NotFound.
	SessionGet(ctx context.Context, idHash string) (*Session, error)
	// SessionDelete removes the session with idHash; removing a missing one is not an error.
	SessionDelete(ctx context.Context, idHash string) error
	// SessionDeleteExpired removes sessions that expired before t and returns how many.
	SessionDeleteExpired(ctx context.Context, t time.Time) (int64, error)
	// The hub's server secret, which keys CSRF tokens.
	SecretStore
}

// SessionTTL is how long a sign-in lasts.
const SessionTTL = 7 * 24 * time.Hour

// SessionService starts, resolves and ends web sessions.
type SessionService struct {
	sessions SessionStore
	users    UserStore
	keys     *Keys
	now      func() time.Time
}

// NewSessionService returns a session service. CSRF tokens are keyed with
// the store's server secret unless WithSecret names another.
func NewSessionService(sessions SessionStore, users UserStore, opts ...Option) *SessionService {
	return &SessionService{sessions: sessions, users: users, keys: keysFor(sessions, opts), now: time.Now}
}

// CSRFToken returns the form token for a session (or pre-session) key:
// HMAC(server key, key). The key sits in an HttpOnly cookie and the MAC
// needs the server secret, so another site can neither read nor compute it,
// and a leaked cookie value alone does not yield the token of another server.
func (s *SessionService) CSRFToken(ctx context.Context, key string) (string, error) {
	sum, err := s.keys.MAC(ctx, purposeCSRF, key)
	if err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(sum), nil
}

// HashSessionID returns the stored form of a session id.
func HashSessionID(raw string) string {
	sum := sha256.Sum256([]byte(raw))
	return hex.EncodeToString(sum[:])
}

// Start creates a session for u and returns the id to give the browser.
func (s *SessionService) Start(ctx context.Context, u *User) (string, *Session, error) {
	now := s.now().UTC().Truncate(time.Microsecond)
	// Expired rows are swept here rather than by a timer: sign-ins are rare
	// enough to be cheap and frequent enough to keep the table small.
	if _, err := s.sessions.SessionDeleteExpired(ctx, now); err != nil {
		return "", nil, err
	}
	raw := RandomString(32)
	sess := &Session{IDHash: HashSessionID(raw), UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(SessionTTL)}
	if err := s.sessions.SessionCreate(ctx, sess); err != nil {
		return "", nil, err
	}
	return raw, sess, nil
}

// Resolve returns the user of a live session, or Unauthenticated. The user is
// read afresh, so a role change applies to existing sessions at once.
func (s *SessionService) Resolve(ctx context.Context, raw string) (*User, error) {
	bad := apperr.New(apperr.Unauthenticated, "session expired or unknown; sign in again")
	if len(raw) < 32 || len(raw) > 100 {
		return nil, bad
	}
	sess, err := s.sessions.SessionGet(ctx, HashSessionID(raw))
	if apperr.Is(err, apperr.NotFound) {
		return nil, bad
	}
	if err != nil {
		return nil, err
	}
	if !s.now().Before(sess.ExpiresAt) {
		return nil, bad
	}
	u, err := s.users.UserGet(ctx, sess.UserID)
	if apperr.Is(err, apperr.NotFound) {
		return nil, bad
	}
	return u, err
}

// End signs a session out.
func (s *SessionService) End(ctx context.Context, raw string) error {
	return s.sessions.SessionDelete(ctx, HashSessionID(raw))
}
