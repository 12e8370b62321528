package store

import (
	"context"
	"strings"

	"github.com/silkbridge/silkbridge/internal/audit"
	"github.com/silkbridge/silkbridge/internal/rights"
)

var _ rights.ConditionStore = (*DB)(nil)

// RightsResolveCondition records the date of a title's event and writes the
// change fn decides from the title's family (the records it resolves), in
// one transaction under the hierarchy's rights lock. The date is audited in
// the log of the organisation that set it; each record it resolves is
// audited as updated in its parties' logs by applyChange.
func (db *DB) RightsResolveCondition(ctx context.Context, d *rights.ConditionDate, fn func(f *rights.Family) (*rights.Change, error)) error {
	return db.inTx(ctx, func(c conn) error {
		if err := db.rightsChangeTx(ctx, c, d.TitleID, fn); err != nil {
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
		return recordAudit(ctx, c, d.Org, "title.condition_dated", "title", d.TitleID, audit.Diff(nil, d))
	})
}

// ConditionDates lists the dated events of a title by condition and territories.
func (db *DB) ConditionDates(ctx context.Context, titleID string) ([]*rights.ConditionDate, error) {
	rows, err := db.reader().query(ctx, `SELECT event_name, territories, event_date, org, set_by, set_at
		FROM title_conditions WHERE title_id = ? ORDER BY event_name, territories`, titleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*rights.ConditionDate{}
	for rows.Next() {
		d := &rights.ConditionDate{TitleID: titleID, Territories: []string{}}
		var terr, at string
		if err := rows.Scan(&d.Condition, &terr, &d.Date, &d.Org, &d.SetBy, &at); err != nil {
			return nil, err
		}
		if terr != "" {
			d.Territories = strings.Split(terr, ",")
		}
		d.SetAt = parseTime(at)
		out = append(out, d)
	}
	return out, rows.Err()
}
