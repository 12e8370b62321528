package store

import (
	"context"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
)

var _ auth.UserStore = (*DB)(nil)

// UserCreate stores a new user.
func (db *DB) UserCreate(ctx context.Context, u *auth.User) error {
	exists, err := db.OrgExists(ctx, u.Org)
	if err != nil {
		return err
	}
	if !exists {
		return apperr.New(apperr.Invalid, "organisation %q does not exist", u.Org)
	}
	err = db.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `INSERT INTO users (id, org, email, name, role, password_hash, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`,
			u.ID, u.Org, u.Email, u.Name, string(u.Role), u.PasswordHash, fmtTime(u.CreatedAt)); err != nil {
			return err
		}
		return recordAudit(ctx, c, u.Org, "member.created", "member", u.ID, mustJSON(map[string]any{"email": u.Email, "name": u.Name, "role": u.Role}))
	})
	if apperr.Is(err, apperr.Conflict) {
		return apperr.New(apperr.Conflict, "a user with email %q already exists", u.Email)
	}
	return err
}

const userColumns = `id, org, email, name, role, password_hash, created_at`

// UserGet returns a user by id.
func (db *DB) UserGet(ctx context.Context, id string) (*auth.User, error) {
	u, err := scanUser(db.reader().queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
	if apperr.Is(err, apperr.NotFound) {
		return nil, apperr.New(apperr.NotFound, "user %q not found", id)
	}
	return u, err
}

// UserGetByEmail returns a user by lower-cased email.
func (db *DB) UserGetByEmail(ctx context.Context, email string) (*auth.User, error) {
	u, err := scanUser(db.reader().queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE email = ?`, email))
	if apperr.Is(err, apperr.NotFound) {
		return nil, apperr.New(apperr.NotFound, "user %q not found", email)
	}
	return u, err
}

// UserList returns an organisation's users ordered by email.
func (db *DB) UserList(ctx context.Context, org string) ([]*auth.User, error) {
	return listUsers(ctx, db.reader(), `SELECT `+userColumns+` FROM users WHERE org = ? ORDER BY email`, org)
}

func listUsers(ctx context.Context, c conn, query string, args ...any) ([]*auth.User, error) {
	rows, err := c.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*auth.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// UserSetRole changes the role of a user of org after allow has approved it
// against the members as they are inside the same write transaction.
// PostgreSQL: the org's user rows are locked (FOR UPDATE), so a concurrent
// role change in the org waits and then sees this one; SQLite: the single
// writer connection already serialises write transactions.
func (db *DB) UserSetRole(ctx context.Context, org, id string, role auth.Role, allow func(members []*auth.User) error) error {
	return db.inTx(ctx, func(c conn) error {
		lock := ""
		if c.d == Postgres {
			lock = " FOR UPDATE"
		}
		members, err := listUsers(ctx, c, `SELECT `+userColumns+` FROM users WHERE org = ? ORDER BY id`+lock, org)
		if err != nil {
			return err
		}
		if err := allow(members); err != nil {
			return err
		}
		res, err := c.exec(ctx, `UPDATE users SET role = ? WHERE org = ? AND id = ?`, string(role), org, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "user %q not found", id)
		}
		return recordAudit(ctx, c, org, "member.role_changed", "member", id, mustJSON(map[string]any{"role": role}))
	})
}

// UserSetPassword replaces a user's password hash.
func (db *DB) UserSetPassword(ctx context.Context, id, hash string) error {
	return db.inTx(ctx, func(c conn) error {
		var org string
		if err := c.queryRow(ctx, `SELECT org FROM users WHERE id = ?`, id).Scan(&org); err != nil {
			if apperr.Is(interpretError(err), apperr.NotFound) {
				return apperr.New(apperr.NotFound, "user %q not found", id)
			}
			return interpretError(err)
		}
		if _, err := c.exec(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, hash, id); err != nil {
			return err
		}
		// The hash itself never goes into the log.
		return recordAudit(ctx, c, org, "member.password_changed", "member", id, nil)
	})
}

func scanUser(s scanner) (*auth.User, error) {
	var u auth.User
	var role, created string
	if err := s.Scan(&u.ID, &u.Org, &u.Email, &u.Name, &role, &u.PasswordHash, &created); err != nil {
		return nil, interpretError(err)
	}
	u.Role = auth.Role(role)
	u.CreatedAt = parseTime(created)
	return &u, nil
}
