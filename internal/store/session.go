package store

import (
	"context"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
)

var _ auth.SessionStore = (*DB)(nil)

// SessionCreate stores a session.
func (db *DB) SessionCreate(ctx context.Context, s *auth.Session) error {
	_, err := db.writer().exec(ctx, `INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		s.IDHash, s.UserID, fmtTime(s.CreatedAt), fmtTime(s.ExpiresAt))
	if apperr.Is(err, apperr.Conflict) {
		return apperr.New(apperr.Invalid, "user %q does not exist", s.UserID)
	}
	return err
}

// SessionGet returns a session by the hash of its id.
func (db *DB) SessionGet(ctx context.Context, idHash string) (*auth.Session, error) {
	var s auth.Session
	var created, expires string
	err := db.reader().queryRow(ctx, `SELECT id_hash, user_id, created_at, expires_at FROM sessions WHERE id_hash = ?`, idHash).
		Scan(&s.IDHash, &s.UserID, &created, &expires)
	if err != nil {
		err = interpretError(err)
		if apperr.Is(err, apperr.NotFound) {
			return nil, apperr.New(apperr.NotFound, "session not found")
		}
		return nil, err
	}
	s.CreatedAt, s.ExpiresAt = parseTime(created), parseTime(expires)
	return &s, nil
}

// SessionDelete removes a session.
func (db *DB) SessionDelete(ctx context.Context, idHash string) error {
	_, err := db.writer().exec(ctx, `DELETE FROM sessions WHERE id_hash = ?`, idHash)
	return err
}

// SessionDeleteExpired removes sessions that expired before t.
func (db *DB) SessionDeleteExpired(ctx context.Context, t time.Time) (int64, error) {
	res, err := db.writer().exec(ctx, `DELETE FROM sessions WHERE expires_at < ?`, fmtTime(t))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
