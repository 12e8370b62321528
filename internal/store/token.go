package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/silkbridge/silkbridge/internal/audit"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
)

var _ auth.TokenStore = (*DB)(nil)

// TokenCreate stores an API token (its secret hashed).
func (db *DB) TokenCreate(ctx context.Context, t *auth.Token) error {
	err := db.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `INSERT INTO api_tokens (id, org, name, role, secret_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			t.ID, t.Org, t.Name, string(t.Role), t.SecretHash, fmtTime(t.CreatedAt)); err != nil {
			return err
		}
		return recordAudit(ctx, c, t.Org, "token.created", "token", t.ID, audit.Diff(nil, map[string]any{"name": t.Name, "role": t.Role}))
	})
	if apperr.Is(err, apperr.Conflict) {
		return apperr.New(apperr.Invalid, "organisation %q does not exist", t.Org)
	}
	return err
}

const tokenColumns = `id, org, name, role, secret_hash, created_at, revoked_at`

// TokenGet returns a token by id.
func (db *DB) TokenGet(ctx context.Context, id string) (*auth.Token, error) {
	t, err := scanToken(db.reader().queryRow(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE id = ?`, id))
	if apperr.Is(err, apperr.NotFound) {
		return nil, apperr.New(apperr.NotFound, "token %q not found", id)
	}
	return t, err
}

// TokenList lists an organisation's tokens, newest first.
func (db *DB) TokenList(ctx context.Context, org string) ([]*auth.Token, error) {
	rows, err := db.reader().query(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE org = ? ORDER BY created_at DESC, id`, org)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*auth.Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// TokenRevoke marks a token revoked; revoking twice keeps the first time.
func (db *DB) TokenRevoke(ctx context.Context, org, id string, at time.Time) error {
	return db.inTx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE org = ? AND id = ?`, fmtTime(at), org, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "token %q not found", id)
		}
		return recordAudit(ctx, c, org, "token.revoked", "token", id, nil)
	})
}

// TokenUpgradeHash replaces a token's secret hash with newHash if it is still
// oldHash (the legacy argon2id form becoming HMAC at first use). A concurrent
// upgrade of the same row makes this one a no-op, which is fine: both wrote
// the same HMAC of the same secret.
func (db *DB) TokenUpgradeHash(ctx context.Context, id, oldHash, newHash string) error {
	_, err := db.writer().exec(ctx, `UPDATE api_tokens SET secret_hash = ? WHERE id = ? AND secret_hash = ?`, newHash, id, oldHash)
	return err
}

func scanToken(s scanner) (*auth.Token, error) {
	var t auth.Token
	var role, created string
	var revoked sql.NullString
	if err := s.Scan(&t.ID, &t.Org, &t.Name, &role, &t.SecretHash, &created, &revoked); err != nil {
		return nil, interpretError(err)
	}
	t.Role = auth.Role(role)
	t.CreatedAt = parseTime(created)
	t.RevokedAt = parseTimePtr(revoked)
	return &t, nil
}
