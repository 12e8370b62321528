package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/webhook"
)

var _ webhook.Store = (*DB)(nil)

// Enqueuer schedules sending a delivery, inside the transaction that recorded
// it (so the job exists exactly when the delivery does).
type Enqueuer func(ctx context.Context, tx *sql.Tx, deliveryID string) error

// SetEnqueuer connects the job queue. Without one (CLI commands), deliveries
// are recorded as pending and the server schedules them when it starts.
func (db *DB) SetEnqueuer(e Enqueuer) { db.enqueue = e }

// WebhookCreate stores an endpoint.
func (db *DB) WebhookCreate(ctx context.Context, e *webhook.Endpoint) error {
	events, _ := json.Marshal(e.Events)
	return db.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `INSERT INTO webhook_endpoints (id, org, url, events, secret, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			e.ID, e.Org, e.URL, string(events), e.Secret, fmtTime(e.CreatedAt)); err != nil {
			return err
		}
		return recordAudit(ctx, c, e.Org, "webhook.created", "webhook", e.ID, mustJSON(map[string]any{"url": e.URL, "events": e.Events}))
	})
}

const endpointColumns = `id, org, url, events, secret, created_at`

// WebhookList lists an organisation's endpoints.
func (db *DB) WebhookList(ctx context.Context, org string) ([]*webhook.Endpoint, error) {
	return queryEndpoints(ctx, db.reader(), `SELECT `+endpointColumns+` FROM webhook_endpoints WHERE org = ? ORDER BY created_at, id`, org)
}

// WebhookGet returns one endpoint.
func (db *DB) WebhookGet(ctx context.Context, id string) (*webhook.Endpoint, error) {
	eps, err := queryEndpoints(ctx, db.reader(), `SELECT `+endpointColumns+` FROM webhook_endpoints WHERE id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(eps) == 0 {
		return nil, apperr.New(apperr.NotFound, "webhook %q not found", id)
	}
	return eps[0], nil
}

// WebhookDelete removes an endpoint and its deliveries.
func (db *DB) WebhookDelete(ctx context.Context, org, id string) error {
	return db.inTx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `DELETE FROM webhook_endpoints WHERE org = ? AND id = ?`, org, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "webhook %q not found", id)
		}
		return recordAudit(ctx, c, org, "webhook.deleted", "webhook", id, nil)
	})
}

func queryEndpoints(ctx context.Context, c conn, q string, args ...any) ([]*webhook.Endpoint, error) {
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*webhook.Endpoint{}
	for rows.Next() {
		var e webhook.Endpoint
		var events, created string
		if err := rows.Scan(&e.ID, &e.Org, &e.URL, &events, &e.Secret, &created); err != nil {
			return nil, err
		}
		json.Unmarshal([]byte(events), &e.Events)
		e.CreatedAt = parseTime(created)
		out = append(out, &e)
	}
	return out, rows.Err()
}

const deliveryColumns = `id, endpoint_id, event_type, payload, status, attempts, last_status, last_error, created_at, delivered_at`

// DeliveryList lists an endpoint's deliveries, newest first.
func (db *DB) DeliveryList(ctx context.Context, endpointID string, limit int) ([]*webhook.Delivery, error) {
	return queryDeliveries(ctx, db.reader(), `SELECT `+deliveryColumns+` FROM webhook_deliveries WHERE endpoint_id = ? ORDER BY created_at DESC, id LIMIT ?`, endpointID, limit)
}

// DeliveryGet returns one delivery.
func (db *DB) DeliveryGet(ctx context.Context, id string) (*webhook.Delivery, error) {
	ds, err := queryDeliveries(ctx, db.reader(), `SELECT `+deliveryColumns+` FROM webhook_deliveries WHERE id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(ds) == 0 {
		return nil, apperr.New(apperr.NotFound, "delivery %q not found", id)
	}
	return ds[0], nil
}

// DeliveryPending lists deliveries not yet sent, oldest first (scheduled at server start).
func (db *DB) DeliveryPending(ctx context.Context, limit int) ([]*webhook.Delivery, error) {
	return queryDeliveries(ctx, db.reader(), `SELECT `+deliveryColumns+` FROM webhook_deliveries WHERE status = 'pending' ORDER BY created_at, id LIMIT ?`, limit)
}

// DeliveryRecord stores the outcome of an attempt.
func (db *DB) DeliveryRecord(ctx context.Context, d *webhook.Delivery) error {
	var delivered any
	if d.DeliveredAt != nil {
		delivered = fmtTime(*d.DeliveredAt)
	}
	_, err := db.writer().exec(ctx, `UPDATE webhook_deliveries SET status = ?, attempts = ?, last_status = ?, last_error = ?, delivered_at = ? WHERE id = ?`,
		d.Status, d.Attempts, d.LastStatus, truncate(d.LastError, 500), delivered, d.ID)
	return err
}

func queryDeliveries(ctx context.Context, c conn, q string, args ...any) ([]*webhook.Delivery, error) {
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*webhook.Delivery{}
	for rows.Next() {
		var d webhook.Delivery
		var created string
		var delivered sql.NullString
		if err := rows.Scan(&d.ID, &d.EndpointID, &d.EventType, &d.Payload, &d.Status, &d.Attempts, &d.LastStatus, &d.LastError, &created, &delivered); err != nil {
			return nil, err
		}
		d.CreatedAt = parseTime(created)
		d.DeliveredAt = parseTimePtr(delivered)
		out = append(out, &d)
	}
	return out, rows.Err()
}

// publish records a delivery of ev for every subscribed endpoint of its
// recipients, inside the caller's transaction, and schedules each.
func (db *DB) publish(ctx context.Context, c conn, ev webhook.Event) error {
	if ev.At.IsZero() {
		ev.At = time.Now()
	}
	var eps []*webhook.Endpoint
	var err error
	cols := "e." + strings.ReplaceAll(endpointColumns, ", ", ", e.")
	switch {
	case ev.TitleID != "":
		// Only organisations that may read the title hear about it.
		readable := strings.ReplaceAll(readableByViewer, "?", "e.org")
		eps, err = queryEndpoints(ctx, c, `SELECT `+cols+` FROM webhook_endpoints e
			WHERE EXISTS (SELECT 1 FROM titles t WHERE t.id = ? AND `+readable+`)`, ev.TitleID)
	case len(ev.Orgs) > 0:
		args := make([]any, len(ev.Orgs))
		for i, o := range ev.Orgs {
			args[i] = o
		}
		eps, err = queryEndpoints(ctx, c, `SELECT `+cols+` FROM webhook_endpoints e WHERE e.org IN (`+placeholders(len(args))+`)`, args...)
	}
	if err != nil {
		return err
	}
	payload, err := ev.Payload()
	if err != nil {
		return err
	}
	for _, ep := range eps {
		if !ep.Wants(ev.Type) {
			continue
		}
		id := webhook.NewDeliveryID()
		if _, err := c.exec(ctx, `INSERT INTO webhook_deliveries (id, endpoint_id, event_type, payload, status, attempts, last_status, last_error, created_at)
			VALUES (?, ?, ?, ?, 'pending', 0, 0, '', ?)`, id, ep.ID, ev.Type, payload, fmtTime(ev.At)); err != nil {
			return err
		}
		if db.enqueue != nil && c.tx != nil {
			if err := db.enqueue(ctx, c.tx, id); err != nil {
				return err
			}
		}
	}
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}
