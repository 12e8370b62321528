package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/audit"
	"github.com/silkbridge/silkbridge/internal/licensing"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/webhook"
)

var _ licensing.Store = (*DB)(nil)

const requestCols = `id, title_id, licensor, licensee, state, doc, proposed_by, message, deadline, licence_id, version,
	created_at, updated_at, created_by`

// RequestCreate stores a new request, its first step, the audit entries of
// both parties, the request.submitted event and the notifications.
func (db *DB) RequestCreate(ctx context.Context, r *licensing.Request, notify []*licensing.Notification) error {
	doc, err := json.Marshal(&r.Terms)
	if err != nil {
		return err
	}
	return db.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `INSERT INTO requests (`+requestCols+`) VALUES (`+placeholders(14)+`)`,
			r.ID, r.TitleID, r.Licensor, r.Licensee, string(r.State), string(doc), r.ProposedBy, r.Message,
			fmtTime(r.Deadline), nullString(r.LicenceID), r.Version, fmtTime(r.CreatedAt), fmtTime(r.UpdatedAt), r.CreatedBy); err != nil {
			if apperr.Is(err, apperr.Conflict) {
				return apperr.New(apperr.Conflict, "request %s: unknown title or organisation, or the id is taken", r.ID)
			}
			return err
		}
		for _, st := range r.History {
			if err := insertStep(ctx, c, r.ID, st); err != nil {
				return err
			}
			if err := putStepDeal(ctx, c, r.ID, st); err != nil {
				return err
			}
		}
		if err := putDeal(ctx, c, dealKey{dealOfRequest, r.ID, 0}, &r.Deal); err != nil {
			return err
		}
		return db.requestChanged(ctx, c, nil, r, "request.submitted", notify)
	})
}

// RequestTransition locks the request (PostgreSQL: the row; SQLite: the
// single writer), applies decide's move and writes it with everything it
// entails, including the licence of an acceptance under the title's rights lock.
func (db *DB) RequestTransition(ctx context.Context, id string, decide func(r *licensing.Request) (*licensing.Transition, error)) (*licensing.Request, error) {
	var out *licensing.Request
	err := db.inTx(ctx, func(c conn) error {
		lock := ""
		if c.d == Postgres {
			lock = " FOR UPDATE"
		}
		r, err := getRequest(ctx, c, id, lock)
		if err != nil {
			return err
		}
		before := *r
		tr, err := decide(r)
		if err != nil {
			return err
		}
		if tr.Licence != nil {
			if err := db.rightsChangeTx(ctx, c, r.TitleID, tr.GrantChange); err != nil {
				return err
			}
			if err := putDeal(ctx, c, dealKey{dealOfLicence, tr.Licence.ID, 0}, tr.Deal); err != nil {
				return err
			}
		}
		doc, err := json.Marshal(&r.Terms)
		if err != nil {
			return err
		}
		res, err := c.exec(ctx, `UPDATE requests SET state = ?, doc = ?, proposed_by = ?, deadline = ?, licence_id = ?,
			version = ?, updated_at = ? WHERE id = ? AND version = ?`,
			string(r.State), string(doc), r.ProposedBy, fmtTime(r.Deadline), nullString(r.LicenceID), r.Version,
			fmtTime(r.UpdatedAt), r.ID, before.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return apperr.New(apperr.Conflict, "request %s changed concurrently; retry", r.ID)
		}
		if tr.Step != nil {
			tr.Step.Seq = len(before.History) + 1
			if err := insertStep(ctx, c, r.ID, tr.Step); err != nil {
				return err
			}
			if err := putStepDeal(ctx, c, r.ID, tr.Step); err != nil {
				return err
			}
		}
		if err := putDeal(ctx, c, dealKey{dealOfRequest, r.ID, 0}, &r.Deal); err != nil {
			return err
		}
		action := "request." + string(r.State)
		if tr.Step != nil {
			action = "request." + string(tr.Step.Action)
		}
		if err := db.requestChanged(ctx, c, &before, r, action, tr.Notify); err != nil {
			return err
		}
		// The licence's own audit entries and licence.created event were
		// written with it, by the rights change above.
		out, err = getRequest(ctx, c, id, "")
		return err
	})
	return out, err
}

// requestChanged writes what every request change entails: an audit entry
// for each party, the webhook event (for the events hooks can subscribe to)
// and the notifications.
func (db *DB) requestChanged(ctx context.Context, c conn, before, after *licensing.Request, action string, notify []*licensing.Notification) error {
	var b any
	if before != nil {
		b = requestRecord(before)
	}
	a := requestRecord(after)
	diff := audit.Diff(b, a)
	for _, org := range []string{after.Licensor, after.Licensee} {
		if err := recordAudit(ctx, c, org, action, "request", after.ID, diff); err != nil {
			return err
		}
	}
	if wantsEvent(action) {
		if err := db.publish(ctx, c, webhook.Event{Type: action, Orgs: []string{after.Licensor, after.Licensee},
			At: after.UpdatedAt, Data: a}); err != nil {
			return err
		}
	}
	return insertNotifications(ctx, c, notify)
}

func wantsEvent(t string) bool {
	for _, e := range webhook.EventTypes {
		if e == t {
			return true
		}
	}
	return false
}

// requestRecord is a request as audit entries and webhook payloads show it:
// the stored fields, without the history and the live availability.
func requestRecord(r *licensing.Request) *licensing.Request {
	x := *r
	x.History, x.Availability = nil, nil
	return &x
}

func insertStep(ctx context.Context, c conn, requestID string, st *licensing.Step) error {
	var terms any
	if st.Terms != nil {
		raw, err := json.Marshal(st.Terms)
		if err != nil {
			return err
		}
		terms = string(raw)
	}
	_, err := c.exec(ctx, `INSERT INTO request_steps (request_id, seq, action, org, actor, terms, message, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, requestID, st.Seq, string(st.Action), st.Org, st.Actor, terms, st.Message, fmtTime(st.At))
	return err
}

// RequestGet returns a request with its history.
func (db *DB) RequestGet(ctx context.Context, id string) (*licensing.Request, error) {
	return getRequest(ctx, db.reader(), id, "")
}

func getRequest(ctx context.Context, c conn, id, lock string) (*licensing.Request, error) {
	rs, err := queryRequests(ctx, c, `SELECT `+requestCols+` FROM requests WHERE id = ?`+lock, id)
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return nil, apperr.New(apperr.NotFound, "request %q not found", id)
	}
	r := rs[0]
	rows, err := c.query(ctx, `SELECT seq, action, org, actor, terms, message, at FROM request_steps WHERE request_id = ? ORDER BY seq`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	r.History = []*licensing.Step{}
	for rows.Next() {
		var st licensing.Step
		var terms sql.NullString
		var at string
		if err := rows.Scan(&st.Seq, &st.Action, &st.Org, &st.Actor, &terms, &st.Message, &at); err != nil {
			return nil, err
		}
		if terms.Valid {
			st.Terms = &rights.Terms{}
			if err := json.Unmarshal([]byte(terms.String), st.Terms); err != nil {
				return nil, fmt.Errorf("decode step %d of request %s: %w", st.Seq, id, err)
			}
		}
		st.At = parseTime(at)
		r.History = append(r.History, &st)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	return r, attachDeals(ctx, c, []*licensing.Request{r})
}

func queryRequests(ctx context.Context, c conn, q string, args ...any) ([]*licensing.Request, error) {
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*licensing.Request{}
	for rows.Next() {
		var r licensing.Request
		var doc, deadline, created, updated string
		var licence sql.NullString
		if err := rows.Scan(&r.ID, &r.TitleID, &r.Licensor, &r.Licensee, &r.State, &doc, &r.ProposedBy, &r.Message,
			&deadline, &licence, &r.Version, &created, &updated, &r.CreatedBy); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(doc), &r.Terms); err != nil {
			return nil, fmt.Errorf("decode request %s: %w", r.ID, err)
		}
		r.Deadline, r.CreatedAt, r.UpdatedAt = parseTime(deadline), parseTime(created), parseTime(updated)
		r.LicenceID = licence.String
		out = append(out, &r)
	}
	return out, rows.Err()
}

// RequestList returns a page of a party's requests, newest first. An open
// request past its deadline counts as expired for the state filter.
func (db *DB) RequestList(ctx context.Context, p licensing.ListParams) ([]*licensing.Request, error) {
	q := `SELECT ` + requestCols + ` FROM requests WHERE `
	var args []any
	switch p.Direction {
	case "incoming":
		q += `licensor = ?`
		args = append(args, p.Org)
	case "outgoing":
		q += `licensee = ?`
		args = append(args, p.Org)
	default:
		q += `(licensor = ? OR licensee = ?)`
		args = append(args, p.Org, p.Org)
	}
	now := fmtTime(p.Now)
	switch p.State {
	case "":
	case licensing.Submitted, licensing.Countered:
		q += ` AND state = ? AND deadline >= ?`
		args = append(args, string(p.State), now)
	case licensing.Expired:
		q += ` AND (state = 'expired' OR (state IN ('submitted', 'countered') AND deadline < ?))`
		args = append(args, now)
	default:
		q += ` AND state = ?`
		args = append(args, string(p.State))
	}
	if p.TitleID != "" {
		q += ` AND title_id = ?`
		args = append(args, p.TitleID)
	}
	if p.Before != "" {
		q += ` AND id < ?`
		args = append(args, p.Before)
	}
	q += ` ORDER BY id DESC LIMIT ?`
	args = append(args, p.Limit)
	rs, err := queryRequests(ctx, db.reader(), q, args...)
	if err != nil {
		return nil, err
	}
	return rs, attachDeals(ctx, db.reader(), rs)
}

// RequestsOverdue lists open requests whose deadline has passed.
func (db *DB) RequestsOverdue(ctx context.Context, now time.Time, limit int) ([]string, error) {
	return db.reader().strings(ctx, `SELECT id FROM requests WHERE state IN ('submitted', 'countered') AND deadline < ?
		ORDER BY deadline, id LIMIT ?`, fmtTime(now), limit)
}

// CommentAdd stores a comment with its audit entries and notifications.
func (db *DB) CommentAdd(ctx context.Context, cm *licensing.Comment, notify []*licensing.Notification) error {
	return db.inTx(ctx, func(c conn) error {
		var licensor, licensee string
		if err := c.queryRow(ctx, `SELECT licensor, licensee FROM requests WHERE id = ?`, cm.RequestID).Scan(&licensor, &licensee); err != nil {
			return interpretError(err)
		}
		if _, err := c.exec(ctx, `INSERT INTO request_comments (id, request_id, org, author, body, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			cm.ID, cm.RequestID, cm.Org, cm.Author, cm.Body, fmtTime(cm.CreatedAt)); err != nil {
			return err
		}
		diff := audit.Diff(nil, map[string]any{"comment": cm.ID, "body": cm.Body})
		for _, org := range []string{licensor, licensee} {
			if err := recordAudit(ctx, c, org, "request.commented", "request", cm.RequestID, diff); err != nil {
				return err
			}
		}
		return insertNotifications(ctx, c, notify)
	})
}

// CommentList returns a request's thread, oldest first.
func (db *DB) CommentList(ctx context.Context, requestID string) ([]*licensing.Comment, error) {
	rows, err := db.reader().query(ctx, `SELECT id, request_id, org, author, body, created_at FROM request_comments
		WHERE request_id = ? ORDER BY created_at, id`, requestID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*licensing.Comment{}
	for rows.Next() {
		var cm licensing.Comment
		var created string
		if err := rows.Scan(&cm.ID, &cm.RequestID, &cm.Org, &cm.Author, &cm.Body, &created); err != nil {
			return nil, err
		}
		cm.CreatedAt = parseTime(created)
		out = append(out, &cm)
	}
	return out, rows.Err()
}
