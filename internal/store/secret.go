package store

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
)

var _ auth.SecretStore = (*DB)(nil)

// serverSecretName is the row holding the hub's master key; other purposes
// derive their keys from it (see auth.Keys), so one row is enough.
const serverSecretName = "master"

// ServerSecret returns the hub's server secret, creating it on first use.
// Every process on the database must end up with the same bytes, so a
// process offers a random candidate with INSERT … ON CONFLICT DO NOTHING and
// then reads whatever row won: two processes starting at once both read the
// first one's value.
func (db *DB) ServerSecret(ctx context.Context) ([]byte, error) {
	candidate := make([]byte, 32)
	if _, err := rand.Read(candidate); err != nil {
		return nil, fmt.Errorf("server secret: %w", err)
	}
	w := db.writer()
	if _, err := w.exec(ctx, `INSERT INTO server_secrets (name, secret, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING`,
		serverSecretName, base64.StdEncoding.EncodeToString(candidate), fmtTime(time.Now())); err != nil {
		return nil, fmt.Errorf("server secret: %w", err)
	}
	var stored string
	// Read through the writer: on SQLite it is the connection that just wrote.
	if err := w.queryRow(ctx, `SELECT secret FROM server_secrets WHERE name = ?`, serverSecretName).Scan(&stored); err != nil {
		return nil, fmt.Errorf("server secret: %w", interpretError(err))
	}
	key, err := base64.StdEncoding.DecodeString(stored)
	if err != nil || len(key) < 32 {
		return nil, apperr.New(apperr.Internal, "server_secrets holds a malformed key")
	}
	return key, nil
}
