package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/exchange"
)

const participantColumns = `id, exchange_id, person_id, status, comment, itinerary, version, created_at, updated_at`

// ParticipantCreate implements exchange.Store.
func (db *DB) ParticipantCreate(ctx context.Context, e *exchange.Exchange, p *exchange.Participant, actor string) error {
	return db.inTx(ctx, func(c conn) error {
		_, err := c.exec(ctx, `INSERT INTO exchange_participants (`+participantColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			p.ID, p.ExchangeID, p.PersonID, string(p.Status), p.Comment, string(mustJSON(p.Itinerary)), p.Version,
			fmtTime(p.CreatedAt), fmtTime(p.UpdatedAt))
		if apperr.Is(err, apperr.Conflict) {
			return &apperr.Error{Code: apperr.Conflict, Message: "this person is already nominated",
				Fields: []apperr.FieldError{{Field: "person", Code: "exchange.duplicate", Message: "is already nominated"}}}
		}
		if err != nil {
			return err
		}
		return exchangeChanged(ctx, db, c, e, p, exchange.EventNominated, e.Sender, actor, p.CreatedAt)
	})
}

// ParticipantUpdate implements exchange.Store.
func (db *DB) ParticipantUpdate(ctx context.Context, e *exchange.Exchange, p *exchange.Participant, event, org, actor string) error {
	return db.inTx(ctx, func(c conn) error {
		if event == exchange.EventAccepted {
			// Count again inside the transaction so two acceptances at once
			// cannot both take the last place.
			var n int
			if err := c.queryRow(ctx, `SELECT COUNT(*) FROM exchange_participants WHERE exchange_id = ? AND status = 'accepted' AND id <> ?`,
				e.ID, p.ID).Scan(&n); err != nil {
				return interpretError(err)
			}
			if n >= e.Places {
				return &apperr.Error{Code: apperr.Conflict, Message: "all places are taken",
					Fields: []apperr.FieldError{{Field: "decision", Code: exchange.CodePlacesFull, Message: "all places are taken"}}}
			}
		}
		res, err := c.exec(ctx, `UPDATE exchange_participants SET status = ?, comment = ?, itinerary = ?, version = ?, updated_at = ?
			WHERE id = ? AND version = ?`, string(p.Status), p.Comment, string(mustJSON(p.Itinerary)), p.Version, fmtTime(p.UpdatedAt),
			p.ID, p.Version-1)
		if err := versionMatched(res, err, "participant", p.ID); err != nil {
			return err
		}
		return exchangeChanged(ctx, db, c, e, p, event, org, actor, p.UpdatedAt)
	})
}

func participantsOf(ctx context.Context, c conn, exchangeID string) ([]*exchange.Participant, error) {
	rows, err := c.query(ctx, `SELECT `+participantColumns+` FROM exchange_participants WHERE exchange_id = ? ORDER BY created_at, id`, exchangeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*exchange.Participant{}
	for rows.Next() {
		var p exchange.Participant
		var status, itin, created, updated string
		if err := rows.Scan(&p.ID, &p.ExchangeID, &p.PersonID, &status, &p.Comment, &itin, &p.Version, &created, &updated); err != nil {
			return nil, interpretError(err)
		}
		if err := json.Unmarshal([]byte(itin), &p.Itinerary); err != nil {
			return nil, err
		}
		if p.Itinerary == nil {
			p.Itinerary = []exchange.Item{}
		}
		p.Status, p.CreatedAt, p.UpdatedAt = exchange.ParticipantStatus(status), parseTime(created), parseTime(updated)
		out = append(out, &p)
	}
	return out, interpretError(rows.Err())
}

// liveParticipation selects the participations that open a person's private
// data to the host: nominated or accepted, in a programme neither cancelled
// nor past its retention.
const liveParticipation = `FROM exchange_participants xp JOIN exchanges x ON x.id = xp.exchange_id
	WHERE xp.person_id = ? AND xp.status IN ('nominated', 'accepted') AND x.state <> 'cancelled' AND x.retention_done = 0`

// ExchangeHostsOf implements exchange.Store.
func (db *DB) ExchangeHostsOf(ctx context.Context, personID string) ([]string, error) {
	return db.reader().strings(ctx, `SELECT DISTINCT x.host `+liveParticipation+` ORDER BY x.host`, personID)
}

// ExchangeCoordinates implements exchange.Store.
func (db *DB) ExchangeCoordinates(ctx context.Context, personID, org, email string) (bool, error) {
	docs, err := db.reader().strings(ctx, `SELECT x.doc `+liveParticipation+` AND x.host = ?`, personID, org)
	if err != nil {
		return false, err
	}
	for _, d := range docs {
		var doc exchangeDoc
		if err := json.Unmarshal([]byte(d), &doc); err != nil {
			return false, err
		}
		if slices.Contains(doc.Coordinators, email) {
			return true, nil
		}
	}
	return false, nil
}

// ExchangeSettingsGet implements exchange.Store.
func (db *DB) ExchangeSettingsGet(ctx context.Context, org string) (*exchange.Settings, error) {
	s := &exchange.Settings{Org: org, RetentionDays: exchange.DefaultRetentionDays, Letters: map[string]string{}}
	var letters, updated string
	err := db.reader().queryRow(ctx, `SELECT retention_days, letters, version, updated_at FROM exchange_settings WHERE org = ?`, org).
		Scan(&s.RetentionDays, &letters, &s.Version, &updated)
	if err != nil {
		if err == sql.ErrNoRows {
			return s, nil
		}
		return nil, interpretError(err)
	}
	if err := json.Unmarshal([]byte(letters), &s.Letters); err != nil {
		return nil, err
	}
	s.UpdatedAt = parseTime(updated)
	return s, nil
}

// ExchangeSettingsPut implements exchange.Store.
func (db *DB) ExchangeSettingsPut(ctx context.Context, s *exchange.Settings, actor string) error {
	return db.inTx(ctx, func(c conn) error {
		var err error
		if s.Version == 1 {
			_, err = c.exec(ctx, `INSERT INTO exchange_settings (org, retention_days, letters, version, updated_at) VALUES (?, ?, ?, ?, ?)`,
				s.Org, s.RetentionDays, string(mustJSON(s.Letters)), s.Version, fmtTime(s.UpdatedAt))
			if apperr.Is(err, apperr.Conflict) {
				return apperr.New(apperr.PreconditionFailed, "settings have changed")
			}
		} else {
			var res interface{ RowsAffected() (int64, error) }
			res, err = c.exec(ctx, `UPDATE exchange_settings SET retention_days = ?, letters = ?, version = ?, updated_at = ?
				WHERE org = ? AND version = ?`, s.RetentionDays, string(mustJSON(s.Letters)), s.Version, fmtTime(s.UpdatedAt), s.Org, s.Version-1)
			if err == nil {
				if n, _ := res.RowsAffected(); n == 0 {
					return apperr.New(apperr.PreconditionFailed, "settings have changed")
				}
			}
		}
		if err != nil {
			return err
		}
		langs := []string{}
		for k := range s.Letters {
			langs = append(langs, k)
		}
		slices.Sort(langs)
		return recordAudit(ctx, c, s.Org, exchange.EventSettings, "exchange_settings", s.Org,
			mustJSON(map[string]any{"retention_days": s.RetentionDays, "letters": langs, "by": actor}))
	})
}
