package store

import (
	"context"
	"encoding/json"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/events"
)

var _ events.Store = (*DB)(nil)

// EventCreate stores a new event; a taken slug is a Conflict.
func (db *DB) EventCreate(ctx context.Context, e *events.Event) error {
	doc, err := json.Marshal(e)
	if err != nil {
		return err
	}
	err = db.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `INSERT INTO events (id, slug, organiser, status, start_day, end_day, version, doc, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.ID, e.Slug, e.Organiser, string(e.Status), e.Start, e.End, e.Version,
			string(doc), fmtTime(e.CreatedAt), fmtTime(e.UpdatedAt)); err != nil {
			return interpretError(err)
		}
		if err := writePartners(ctx, c, e); err != nil {
			return err
		}
		return recordAudit(ctx, c, e.Organiser, "event.created", "event", e.ID, mustJSON(map[string]any{"slug": e.Slug, "kind": e.Kind}))
	})
	if apperr.Is(err, apperr.Conflict) {
		return &apperr.Error{Code: apperr.Conflict, Message: "the address /e/" + e.Slug + " is taken",
			Fields: []apperr.FieldError{{Field: "slug", Message: "already used by another event"}}}
	}
	return err
}

func writePartners(ctx context.Context, c conn, e *events.Event) error {
	if _, err := c.exec(ctx, `DELETE FROM event_partners WHERE event_id = ?`, e.ID); err != nil {
		return err
	}
	for _, p := range e.Partners {
		if _, err := c.exec(ctx, `INSERT INTO event_partners (event_id, org) VALUES (?, ?)`, e.ID, p); err != nil {
			return err
		}
	}
	return nil
}

// EventGet returns an event by id.
func (db *DB) EventGet(ctx context.Context, id string) (*events.Event, error) {
	return scanEvent(db.reader().queryRow(ctx, `SELECT doc, version FROM events WHERE id = ?`, id), id)
}

// EventBySlug returns an event by its public address.
func (db *DB) EventBySlug(ctx context.Context, slug string) (*events.Event, error) {
	return scanEvent(db.reader().queryRow(ctx, `SELECT doc, version FROM events WHERE slug = ?`, slug), slug)
}

func scanEvent(row interface{ Scan(...any) error }, key string) (*events.Event, error) {
	var doc string
	var version int64
	if err := row.Scan(&doc, &version); err != nil {
		if apperr.Is(interpretError(err), apperr.NotFound) {
			return nil, apperr.New(apperr.NotFound, "event %q not found", key)
		}
		return nil, interpretError(err)
	}
	var e events.Event
	if err := json.Unmarshal([]byte(doc), &e); err != nil {
		return nil, err
	}
	e.Version = version
	return &e, nil
}

// EventList returns the events org organises or partners, by start date.
func (db *DB) EventList(ctx context.Context, org string) ([]*events.Event, error) {
	rows, err := db.reader().query(ctx, `SELECT doc, version FROM events WHERE organiser = ?
		OR id IN (SELECT event_id FROM event_partners WHERE org = ?) ORDER BY start_day, id`, org, org)
	if err != nil {
		return nil, interpretError(err)
	}
	defer rows.Close()
	out := []*events.Event{}
	for rows.Next() {
		e, err := scanEvent(rows, "")
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, interpretError(rows.Err())
}

// EventUpdate replaces e if it is still at version, and audits action.
func (db *DB) EventUpdate(ctx context.Context, e *events.Event, version int64, action string, changes any) error {
	next := *e
	next.Version = version + 1
	doc, err := json.Marshal(&next)
	if err != nil {
		return err
	}
	err = db.inTx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `UPDATE events SET slug = ?, status = ?, start_day = ?, end_day = ?, version = ?, doc = ?, updated_at = ?
			WHERE id = ? AND version = ?`, e.Slug, string(e.Status), e.Start, e.End, next.Version, string(doc), fmtTime(e.UpdatedAt), e.ID, version)
		if err != nil {
			return interpretError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if _, err := db.EventGet(ctx, e.ID); err != nil {
				return err
			}
			return apperr.New(apperr.PreconditionFailed, "event %s has changed; re-read it and retry", e.ID)
		}
		if err := writePartners(ctx, c, e); err != nil {
			return err
		}
		return recordAudit(ctx, c, e.Organiser, action, "event", e.ID, mustJSON(changes))
	})
	if apperr.Is(err, apperr.Conflict) {
		return &apperr.Error{Code: apperr.Conflict, Message: "the address /e/" + e.Slug + " is taken",
			Fields: []apperr.FieldError{{Field: "slug", Message: "already used by another event"}}}
	}
	if err == nil {
		e.Version = next.Version
	}
	return err
}
