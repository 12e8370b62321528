package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/exchange"
	"github.com/silkbridge/silkbridge/internal/licensing"
	"github.com/silkbridge/silkbridge/internal/webhook"
)

var _ exchange.Store = (*DB)(nil)

// exchangeDoc is what exchanges.doc holds.
type exchangeDoc struct {
	Localizations map[string]exchange.Text `json:"localizations"`
	City          string                   `json:"city"`
	Country       string                   `json:"country"`
	Coordinators  []string                 `json:"coordinators,omitempty"`
}

const exchangeColumns = `id, sender, host, kind, state, start_date, end_date, places, doc, version, created_by, created_at,
	updated_at, completed_at, retention_done`

// ExchangeCreate implements exchange.Store.
func (db *DB) ExchangeCreate(ctx context.Context, e *exchange.Exchange, actor string) error {
	return db.inTx(ctx, func(c conn) error {
		doc := mustJSON(exchangeDoc{e.Localizations, e.City, e.Country, e.Coordinators})
		if _, err := c.exec(ctx, `INSERT INTO exchanges (`+exchangeColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
			e.ID, e.Sender, e.Host, string(e.Kind), string(e.State), e.Start, e.End, e.Places, string(doc), e.Version,
			e.CreatedBy, fmtTime(e.CreatedAt), fmtTime(e.UpdatedAt), fmtTimePtr(e.CompletedAt)); err != nil {
			return err
		}
		return exchangeChanged(ctx, db, c, e, nil, exchange.EventProposed, e.Sender, actor, e.CreatedAt)
	})
}

// ExchangeUpdate implements exchange.Store.
func (db *DB) ExchangeUpdate(ctx context.Context, e *exchange.Exchange, event, org, actor string) error {
	return db.inTx(ctx, func(c conn) error {
		doc := mustJSON(exchangeDoc{e.Localizations, e.City, e.Country, e.Coordinators})
		res, err := c.exec(ctx, `UPDATE exchanges SET kind = ?, state = ?, start_date = ?, end_date = ?, places = ?, doc = ?,
			version = ?, updated_at = ?, completed_at = ? WHERE id = ? AND version = ?`,
			string(e.Kind), string(e.State), e.Start, e.End, e.Places, string(doc), e.Version, fmtTime(e.UpdatedAt),
			fmtTimePtr(e.CompletedAt), e.ID, e.Version-1)
		if err := versionMatched(res, err, "exchange", e.ID); err != nil {
			return err
		}
		return exchangeChanged(ctx, db, c, e, nil, event, org, actor, e.UpdatedAt)
	})
}

func versionMatched(res sql.Result, err error, what, id string) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return interpretError(err)
	}
	if n == 0 {
		return apperr.New(apperr.PreconditionFailed, "%s %s has changed", what, id)
	}
	return nil
}

// exchangeChanged writes what every step entails: an audit entry for each
// party, the webhook event to both, and a notification to the other side
// (to both when the calendar moved the programme). Payloads carry ids and
// states, never personal data.
func exchangeChanged(ctx context.Context, db *DB, c conn, e *exchange.Exchange, p *exchange.Participant, event, org, actor string, at time.Time) error {
	rec := map[string]any{"exchange": e.ID, "sending_org": e.Sender, "host_org": e.Host, "state": e.State,
		"version": e.Version, "by": actor, "org": org}
	if p != nil {
		rec["participant"] = p.ID
		rec["person_id"] = p.PersonID
		rec["status"] = p.Status
	}
	entity, id := "exchange", e.ID
	if p != nil {
		entity, id = "exchange_participant", p.ID
	}
	for _, o := range []string{e.Sender, e.Host} {
		if err := recordAudit(ctx, c, o, event, entity, id, mustJSON(rec)); err != nil {
			return err
		}
	}
	if wantsEvent(event) {
		data := map[string]any{"exchange": exchangePayload(e)}
		if p != nil {
			data["participant"] = map[string]any{"id": p.ID, "person_id": p.PersonID, "status": p.Status, "comment": p.Comment}
		}
		if err := db.publish(ctx, c, webhook.Event{Type: event, Orgs: []string{e.Sender, e.Host}, At: at, Data: data}); err != nil {
			return err
		}
	}
	if event == exchange.EventUpdated || event == exchange.EventSettings {
		return nil
	}
	to := []string{e.Other(org)}
	if org == "" {
		to = []string{e.Sender, e.Host}
	}
	var ns []*licensing.Notification
	for _, o := range to {
		ns = append(ns, &licensing.Notification{ID: uuid.Must(uuid.NewV7()).String(), Org: o, Kind: event, From: org,
			Actor: actor, Text: exchangeNotice(e, event, org), CreatedAt: at})
	}
	return insertNotifications(ctx, c, ns)
}

func exchangePayload(e *exchange.Exchange) map[string]any {
	return map[string]any{"id": e.ID, "kind": e.Kind, "sending_org": e.Sender, "host_org": e.Host, "state": e.State,
		"start": e.Start, "end": e.End, "places": e.Places, "city": e.City, "country": e.Country,
		"localizations": e.Localizations, "version": e.Version}
}

func exchangeNotice(e *exchange.Exchange, event, org string) string {
	title := ""
	for _, tag := range []string{"en", "ru", "zh-Hans"} {
		if l, ok := e.Localizations[tag]; ok {
			title = l.Title
			break
		}
	}
	if title == "" {
		for _, l := range e.Localizations {
			title = l.Title
			break
		}
	}
	if org == "" {
		org = "the calendar"
	}
	switch event {
	case exchange.EventProposed:
		return fmt.Sprintf("%s proposes the exchange programme %q", org, title)
	case exchange.EventNominated:
		return fmt.Sprintf("%s nominated a participant for %q", org, title)
	case exchange.EventAccepted:
		return fmt.Sprintf("%s accepted a participant of %q", org, title)
	case exchange.EventDeclined:
		return fmt.Sprintf("%s declined a participant of %q", org, title)
	case exchange.EventWithdrawn:
		return fmt.Sprintf("%s withdrew a participant of %q", org, title)
	case exchange.EventItinerary:
		return fmt.Sprintf("%s changed an itinerary of %q", org, title)
	}
	return fmt.Sprintf("%s: %q is now %s", org, title, e.State)
}

func scanExchange(s scanner) (*exchange.Exchange, error) {
	var e exchange.Exchange
	var kind, state, doc, created, updated string
	var completed sql.NullString
	var done int64
	if err := s.Scan(&e.ID, &e.Sender, &e.Host, &kind, &state, &e.Start, &e.End, &e.Places, &doc, &e.Version, &e.CreatedBy,
		&created, &updated, &completed, &done); err != nil {
		if err == sql.ErrNoRows {
			return nil, apperr.New(apperr.NotFound, "exchange not found")
		}
		return nil, interpretError(err)
	}
	var d exchangeDoc
	if err := json.Unmarshal([]byte(doc), &d); err != nil {
		return nil, err
	}
	e.Kind, e.State, e.RetentionDone = exchange.Kind(kind), exchange.State(state), done != 0
	e.Localizations, e.City, e.Country, e.Coordinators = d.Localizations, d.City, d.Country, d.Coordinators
	e.CreatedAt, e.UpdatedAt, e.CompletedAt = parseTime(created), parseTime(updated), parseTimePtr(completed)
	return &e, nil
}

// ExchangeGet implements exchange.Store.
func (db *DB) ExchangeGet(ctx context.Context, id string) (*exchange.Exchange, error) {
	c := db.reader()
	e, err := scanExchange(c.queryRow(ctx, `SELECT `+exchangeColumns+` FROM exchanges WHERE id = ?`, id))
	if err != nil {
		return nil, err
	}
	ps, err := participantsOf(ctx, c, e.ID)
	if err != nil {
		return nil, err
	}
	e.Participants = ps
	return e, nil
}

// ExchangeList implements exchange.Store.
func (db *DB) ExchangeList(ctx context.Context, org string) ([]*exchange.Exchange, error) {
	return db.exchanges(ctx, `SELECT `+exchangeColumns+` FROM exchanges WHERE sender = ? OR host = ? ORDER BY created_at DESC, id DESC`, org, org)
}

func (db *DB) exchanges(ctx context.Context, q string, args ...any) ([]*exchange.Exchange, error) {
	c := db.reader()
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	out := []*exchange.Exchange{}
	for rows.Next() {
		e, err := scanExchange(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, interpretError(err)
	}
	for _, e := range out {
		if e.Participants, err = participantsOf(ctx, c, e.ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ExchangeDue implements exchange.Store.
func (db *DB) ExchangeDue(ctx context.Context, today string) ([]*exchange.Exchange, error) {
	return db.exchanges(ctx, `SELECT `+exchangeColumns+` FROM exchanges
		WHERE (state = 'open' AND start_date <= ?) OR (state = 'running' AND end_date < ?) ORDER BY id`, today, today)
}

// ExchangeRetentionDue implements exchange.Store: the period is the
// sender's setting (the people are the sender's), 180 days when unset.
func (db *DB) ExchangeRetentionDue(ctx context.Context, now time.Time) ([]*exchange.Exchange, error) {
	c := db.reader()
	rows, err := c.query(ctx, `SELECT x.id, x.completed_at, COALESCE(s.retention_days, ?) FROM exchanges x
		LEFT JOIN exchange_settings s ON s.org = x.sender
		WHERE x.state = 'completed' AND x.retention_done = 0 AND x.completed_at IS NOT NULL ORDER BY x.id`, exchange.DefaultRetentionDays)
	if err != nil {
		return nil, err
	}
	var ids []string
	for rows.Next() {
		var id, completed string
		var days int
		if err := rows.Scan(&id, &completed, &days); err != nil {
			rows.Close()
			return nil, interpretError(err)
		}
		if !parseTime(completed).AddDate(0, 0, days).After(now) {
			ids = append(ids, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, interpretError(err)
	}
	out := []*exchange.Exchange{}
	for _, id := range ids {
		e, err := db.ExchangeGet(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// ExchangeRetentionDone implements exchange.Store.
func (db *DB) ExchangeRetentionDone(ctx context.Context, e *exchange.Exchange, erased []string) error {
	return db.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `UPDATE exchanges SET retention_done = 1 WHERE id = ?`, e.ID); err != nil {
			return err
		}
		rec := mustJSON(map[string]any{"exchange": e.ID, "people": erased, "by": "retention"})
		for _, o := range []string{e.Sender, e.Host} {
			if err := recordAudit(ctx, c, o, exchange.EventRetention, "exchange", e.ID, rec); err != nil {
				return err
			}
		}
		return nil
	})
}

// ScreeningExists implements exchange.Store.
func (db *DB) ScreeningExists(ctx context.Context, id string) (bool, error) {
	var one int
	err := db.reader().queryRow(ctx, `SELECT 1 FROM event_screenings WHERE id = ?`, id).Scan(&one)
	if err == sql.ErrNoRows {
		return false, nil
	}
	return err == nil, interpretError(err)
}
