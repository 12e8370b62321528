package store

import (
	"context"
	"strings"

	"github.com/silkbridge/silkbridge/internal/audit"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/webhook"
)

var _ rights.ConditionStore = (*DB)(nil)

// RightsResolveCondition records the date of a title's event and writes the
// change fn decides from the title's family (the records it resolves), in
// one transaction under the hierarchy's rights lock. The date is audited in
// the log of the organisation that set it; each record it resolves is
// audited as updated in its parties' logs by applyChange.
func (db *DB) RightsResolveCondition(ctx context.Context, d *rights.ConditionDate, fn func(f *rights.Family) (*rights.Change, error)) error {
	return db.inTx(ctx, func(c conn) error {
		var ch *rights.Change
		if err := db.rightsChangeTx(ctx, c, d.TitleID, func(f *rights.Family) (*rights.Change, error) {
			var err error
			ch, err = fn(f)
			return ch, err
		}); err != nil {
			return err
		}
		terr := strings.Join(d.Territories, ",")
		if _, err := c.exec(ctx, `DELETE FROM title_conditions WHERE title_id = ? AND event_name = ? AND territories = ?`,
			d.TitleID, d.Condition, terr); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `INSERT INTO title_conditions (title_id, event_name, territories, event_date, org, set_by, set_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, d.TitleID, d.Condition, terr, d.Date, d.Org, d.SetBy, fmtTime(d.SetAt)); err != nil {
			return err
		}
		if err := recordAudit(ctx, c, d.Org, "title.condition_dated", "title", d.TitleID, audit.Diff(nil, d)); err != nil {
			return err
		}
		return db.publishEventDated(ctx, c, d, ch)
	})
}

// publishEventDated sends title.event_dated to the organisation that dated
// the event and to every party of a record it resolved (holders, licensors
// and licensees), with the ids of those records.
func (db *DB) publishEventDated(ctx context.Context, c conn, d *rights.ConditionDate, ch *rights.Change) error {
	data := rights.ConditionResolution{ConditionDate: *d, Holdings: []string{}, Licences: []string{}}
	orgs := []string{d.Org}
	if ch != nil {
		for _, h := range ch.AddHoldings {
			data.Holdings = append(data.Holdings, h.ID)
			orgs = append(orgs, h.Holder)
		}
		for _, l := range ch.AddLicences {
			data.Licences = append(data.Licences, l.ID)
			orgs = append(orgs, l.Licensor, l.Licensee)
		}
	}
	return db.publish(ctx, c, webhook.Event{Type: "title.event_dated", Orgs: uniq(orgs), At: d.SetAt, Data: &data})
}

// ConditionDates lists the dated events of a title by condition and territories.
func (db *DB) ConditionDates(ctx context.Context, titleID string) ([]*rights.ConditionDate, error) {
	out, err := datedEvents(ctx, db.reader(), []any{titleID})
	if out == nil && err == nil {
		out = []*rights.ConditionDate{}
	}
	return out, err
}

// datedEvents reads the dated events of the titles ids, for the families a
// change loads (rights.Family.Dated): a record written waiting on one of them
// is settled from its date.
func datedEvents(ctx context.Context, c conn, ids []any) ([]*rights.ConditionDate, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	in, args := inList(ids)
	rows, err := c.query(ctx, `SELECT title_id, event_name, territories, event_date, org, set_by, set_at
		FROM title_conditions WHERE title_id IN (`+in+`) ORDER BY title_id, event_name, territories`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*rights.ConditionDate
	for rows.Next() {
		d, err := scanConditionDate(rows.Scan)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// scanConditionDate reads a title_conditions row (title_id, event_name,
// territories, event_date, org, set_by, set_at).
func scanConditionDate(scan func(...any) error) (*rights.ConditionDate, error) {
	d := &rights.ConditionDate{Territories: []string{}}
	var terr, at string
	if err := scan(&d.TitleID, &d.Condition, &terr, &d.Date, &d.Org, &d.SetBy, &at); err != nil {
		return nil, err
	}
	if terr != "" {
		d.Territories = strings.Split(terr, ",")
	}
	d.SetAt = parseTime(at)
	return d, nil
}
