package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/silkbridge/silkbridge/internal/licensing"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/webhook"
)

// insertNotifications stores notifications inside the caller's transaction,
// skipping recipients that are not organisations of the hub (a licence's
// licensee may be any name).
func insertNotifications(ctx context.Context, c conn, ns []*licensing.Notification) error {
	for _, n := range ns {
		var one int
		err := c.queryRow(ctx, `SELECT 1 FROM orgs WHERE slug = ?`, n.Org).Scan(&one)
		if err == sql.ErrNoRows {
			continue
		}
		if err != nil {
			return interpretError(err)
		}
		if _, err := c.exec(ctx, `INSERT INTO notifications (id, org, kind, request_id, licence_id, title_id, from_org, actor,
			text, days_left, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			n.ID, n.Org, n.Kind, nullString(n.RequestID), nullString(n.LicenceID), nullString(n.TitleID), n.From, n.Actor,
			n.Text, n.DaysLeft, fmtTime(n.CreatedAt)); err != nil {
			return err
		}
	}
	return nil
}

// NotificationList returns a page of an organisation's notifications, newest first.
func (db *DB) NotificationList(ctx context.Context, p licensing.NotificationParams) ([]*licensing.Notification, error) {
	q := `SELECT id, org, kind, request_id, licence_id, title_id, from_org, actor, text, days_left, created_at, read_at
		FROM notifications WHERE org = ?`
	args := []any{p.Org}
	if p.UnreadOnly {
		q += ` AND read_at IS NULL`
	}
	if p.Before != "" {
		q += ` AND id < ?`
		args = append(args, p.Before)
	}
	q += ` ORDER BY id DESC LIMIT ?`
	args = append(args, p.Limit)
	rows, err := db.reader().query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*licensing.Notification{}
	for rows.Next() {
		var n licensing.Notification
		var req, lic, title, read sql.NullString
		var created string
		if err := rows.Scan(&n.ID, &n.Org, &n.Kind, &req, &lic, &title, &n.From, &n.Actor, &n.Text, &n.DaysLeft, &created, &read); err != nil {
			return nil, err
		}
		n.RequestID, n.LicenceID, n.TitleID = req.String, lic.String, title.String
		n.CreatedAt, n.ReadAt = parseTime(created), parseTimePtr(read)
		out = append(out, &n)
	}
	return out, rows.Err()
}

// NotificationsRead marks an organisation's notifications read.
func (db *DB) NotificationsRead(ctx context.Context, org string, ids []string, at time.Time) (int, error) {
	q := `UPDATE notifications SET read_at = ? WHERE org = ? AND read_at IS NULL`
	args := []any{fmtTime(at), org}
	if len(ids) > 0 {
		q += ` AND id IN (` + placeholders(len(ids)) + `)`
		for _, id := range ids {
			args = append(args, id)
		}
	}
	res, err := db.writer().exec(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// NotificationUnread counts an organisation's unread notifications.
func (db *DB) NotificationUnread(ctx context.Context, org string) (int, error) {
	var n int
	err := db.reader().queryRow(ctx, `SELECT COUNT(*) FROM notifications WHERE org = ? AND read_at IS NULL`, org).Scan(&n)
	return n, interpretError(err)
}

// LicencesEnding lists licences whose last day lies between from and to.
func (db *DB) LicencesEnding(ctx context.Context, from, to string) ([]*rights.Licence, error) {
	return queryLicences(ctx, db.reader(), `WHERE end_date IS NOT NULL AND end_date >= ? AND end_date <= ?`, from, to)
}

// LicenceRemind records a licence.expiring notice and sends it, unless the
// same notice was recorded before; the record and the sending commit
// together, so a restart neither loses nor repeats one.
func (db *DB) LicenceRemind(ctx context.Context, r licensing.Reminder) (bool, error) {
	sent := false
	err := db.inTx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `INSERT INTO licence_reminders (licence_id, mark, sent_at) VALUES (?, ?, ?)
			ON CONFLICT (licence_id, mark) DO NOTHING`, r.Licence.ID, r.Mark, fmtTime(r.At))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		sent = true
		if err := db.publish(ctx, c, webhook.Event{Type: "licence.expiring", Orgs: []string{r.Licence.Licensor, r.Licence.Licensee},
			At: r.At, Data: map[string]any{"licence": r.Licence, "days_left": r.DaysLeft, "notice_days": r.Mark}}); err != nil {
			return err
		}
		return insertNotifications(ctx, c, r.Notify)
	})
	return sent, err
}
