package store

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/events"
)

// VenueCreate stores a venue with its screens.
func (db *DB) VenueCreate(ctx context.Context, v *events.Venue) error {
	doc, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return db.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `INSERT INTO event_venues (id, event_id, doc, created_at) VALUES (?, ?, ?, ?)`,
			v.ID, v.EventID, string(doc), fmtTime(v.CreatedAt)); err != nil {
			return interpretError(err)
		}
		return recordAudit(ctx, c, orgOfEvent(ctx, c, v.EventID), "event.venue_added", "event", v.EventID, mustJSON(map[string]any{"venue": v.ID, "city": v.City}))
	})
}

func orgOfEvent(ctx context.Context, c conn, id string) string {
	var org string
	c.queryRow(ctx, `SELECT organiser FROM events WHERE id = ?`, id).Scan(&org)
	return org
}

// VenueList lists an event's venues in the order they were added.
func (db *DB) VenueList(ctx context.Context, eventID string) ([]*events.Venue, error) {
	rows, err := db.reader().query(ctx, `SELECT doc FROM event_venues WHERE event_id = ? ORDER BY created_at, id`, eventID)
	if err != nil {
		return nil, interpretError(err)
	}
	defer rows.Close()
	out := []*events.Venue{}
	for rows.Next() {
		var doc string
		if err := rows.Scan(&doc); err != nil {
			return nil, err
		}
		var v events.Venue
		if err := json.Unmarshal([]byte(doc), &v); err != nil {
			return nil, err
		}
		out = append(out, &v)
	}
	return out, interpretError(rows.Err())
}

// ScreeningCreate stores a screening; its venue must belong to its event.
func (db *DB) ScreeningCreate(ctx context.Context, s *events.Screening) error {
	doc, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return db.inTx(ctx, func(c conn) error {
		var vdoc string
		if err := c.queryRow(ctx, `SELECT doc FROM event_venues WHERE id = ? AND event_id = ?`, s.VenueID, s.EventID).Scan(&vdoc); err != nil {
			if apperr.Is(interpretError(err), apperr.NotFound) {
				return apperr.New(apperr.NotFound, "venue %q not found in event %q", s.VenueID, s.EventID)
			}
			return interpretError(err)
		}
		var v events.Venue
		if err := json.Unmarshal([]byte(vdoc), &v); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `INSERT INTO event_screenings (id, event_id, venue_id, title_id, country, start_utc, doc, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, s.ID, s.EventID, s.VenueID, s.TitleID, v.Country, fmtTime(s.StartUTC), string(doc), fmtTime(s.CreatedAt)); err != nil {
			return interpretError(err)
		}
		return recordAudit(ctx, c, orgOfEvent(ctx, c, s.EventID), "event.screening_added", "event", s.EventID,
			mustJSON(map[string]any{"screening": s.ID, "title": s.TitleID, "start": s.Start}))
	})
}

// ScreeningList lists an event's screenings by start.
func (db *DB) ScreeningList(ctx context.Context, eventID string) ([]*events.Screening, error) {
	rows, err := db.reader().query(ctx, `SELECT doc FROM event_screenings WHERE event_id = ? ORDER BY start_utc, id`, eventID)
	if err != nil {
		return nil, interpretError(err)
	}
	defer rows.Close()
	out := []*events.Screening{}
	for rows.Next() {
		var doc string
		if err := rows.Scan(&doc); err != nil {
			return nil, err
		}
		var s events.Screening
		if err := json.Unmarshal([]byte(doc), &s); err != nil {
			return nil, err
		}
		out = append(out, &s)
	}
	return out, interpretError(rows.Err())
}

// ScreeningDelete removes a screening of an event.
func (db *DB) ScreeningDelete(ctx context.Context, eventID, id string) error {
	return db.inTx(ctx, func(c conn) error {
		res, err := c.exec(ctx, `DELETE FROM event_screenings WHERE event_id = ? AND id = ?`, eventID, id)
		if err != nil {
			return interpretError(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "screening %q not found", id)
		}
		return recordAudit(ctx, c, orgOfEvent(ctx, c, eventID), "event.screening_deleted", "event", eventID, mustJSON(map[string]any{"screening": id}))
	})
}

// ScreeningCountriesBefore returns, per screening, the countries of the
// hub's earlier screenings of the same title.
func (db *DB) ScreeningCountriesBefore(ctx context.Context, ss []*events.Screening) (map[string][]string, error) {
	out := map[string][]string{}
	for _, s := range ss {
		cs, err := db.reader().strings(ctx, `SELECT DISTINCT country FROM event_screenings WHERE title_id = ? AND start_utc < ? AND id <> ?`,
			s.TitleID, fmtTime(s.StartUTC), s.ID)
		if err != nil {
			return nil, interpretError(err)
		}
		slices.Sort(cs)
		out[s.ID] = cs
	}
	return out, nil
}

// EventRequestAdd links a licensing request to an event.
func (db *DB) EventRequestAdd(ctx context.Context, l events.RequestLink) error {
	_, err := db.writer().exec(ctx, `INSERT INTO event_rights_requests (event_id, title_id, request_id, created_at) VALUES (?, ?, ?, ?)`,
		l.EventID, l.TitleID, l.RequestID, fmtTime(l.CreatedAt))
	return interpretError(err)
}

// EventRequests lists the requests linked to an event, oldest first.
func (db *DB) EventRequests(ctx context.Context, eventID string) ([]events.RequestLink, error) {
	rows, err := db.reader().query(ctx, `SELECT title_id, request_id, created_at FROM event_rights_requests WHERE event_id = ? ORDER BY created_at, request_id`, eventID)
	if err != nil {
		return nil, interpretError(err)
	}
	defer rows.Close()
	out := []events.RequestLink{}
	for rows.Next() {
		l := events.RequestLink{EventID: eventID}
		var at string
		if err := rows.Scan(&l.TitleID, &l.RequestID, &at); err != nil {
			return nil, err
		}
		l.CreatedAt = parseTime(at)
		out = append(out, l)
	}
	return out, interpretError(rows.Err())
}
