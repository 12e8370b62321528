package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/silkbridge/silkbridge/internal/audit"
)

var _ audit.Store = (*DB)(nil)

// recordAudit appends an entry inside the caller's transaction, so a change
// and its record commit or roll back together.
func recordAudit(ctx context.Context, c conn, org, action, entity, id string, changes []byte) error {
	e := audit.Entry{Org: org, Action: action, Entity: entity, EntityID: id, At: time.Now()}
	e.SetActor(ctx)
	var ch any
	if len(changes) > 0 {
		ch = string(changes)
	}
	_, err := c.exec(ctx, `INSERT INTO audit_log (org, actor, actor_org, actor_kind, action, entity, entity_id, at, changes)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.Org, e.Actor, e.ActorOrg, e.ActorKind, e.Action, e.Entity, e.EntityID, fmtTime(e.At), ch)
	return err
}

// RecordAudit appends an entry outside any other transaction (for changes
// whose store method is not transactional, such as session sign-ins).
func (db *DB) RecordAudit(ctx context.Context, org, action, entity, id string, changes []byte) error {
	return recordAudit(ctx, db.writer(), org, action, entity, id, changes)
}

// AuditList returns a page of an organisation's log, oldest first.
func (db *DB) AuditList(ctx context.Context, p audit.ListParams) ([]*audit.Entry, error) {
	q := `SELECT seq, org, actor, actor_org, actor_kind, action, entity, entity_id, at, changes FROM audit_log WHERE org = ? AND seq > ?`
	args := []any{p.Org, p.After}
	if p.Entity != "" {
		q += ` AND entity = ?`
		args = append(args, p.Entity)
	}
	if p.EntityID != "" {
		q += ` AND entity_id = ?`
		args = append(args, p.EntityID)
	}
	q += ` ORDER BY seq LIMIT ?`
	args = append(args, p.Limit)
	rows, err := db.reader().query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*audit.Entry{}
	for rows.Next() {
		var e audit.Entry
		var at string
		var changes sql.NullString
		if err := rows.Scan(&e.Seq, &e.Org, &e.Actor, &e.ActorOrg, &e.ActorKind, &e.Action, &e.Entity, &e.EntityID, &at, &changes); err != nil {
			return nil, err
		}
		e.At = parseTime(at)
		if changes.Valid {
			e.Changes = []byte(changes.String)
		}
		out = append(out, &e)
	}
	return out, rows.Err()
}

// ExecForTest runs a raw statement; tests use it to prove the database itself
// enforces rules (such as the append-only audit log).
func (db *DB) ExecForTest(ctx context.Context, query string) error {
	_, err := db.w.ExecContext(ctx, query)
	return err
}
