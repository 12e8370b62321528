package store

import "context"

// forgetSQLiteStatistics empties the tables ANALYZE fills, when it was run
// on this SQLite database (by an operator, or a tool); on PostgreSQL it does
// nothing. Open calls it before any read connection exists, so every
// connection plans without them. The hub never analyses a SQLite database
// and its statements are written for the planner without statistics. This
// SQLite is compiled with sqlite_stat4, under which every statement whose
// plan depends on a bound value is prepared again on every run: 5-8 times
// the single-title availability statement's own time.
func forgetSQLiteStatistics(ctx context.Context, db *DB) error {
	if db.dialect != SQLite {
		return nil
	}
	w := db.writer()
	tables, err := w.strings(ctx, `SELECT name FROM sqlite_schema WHERE name IN ('sqlite_stat1', 'sqlite_stat4')`)
	if err != nil {
		return err
	}
	forgot := false
	for _, tbl := range tables {
		var rows int
		if err := w.queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM `+tbl+`)`).Scan(&rows); err != nil {
			return interpretError(err)
		}
		if rows == 0 {
			continue
		}
		if _, err := w.exec(ctx, `DELETE FROM `+tbl); err != nil {
			return err
		}
		forgot = true
	}
	if !forgot {
		return nil
	}
	// Reloads the (now empty) statistics into the schema.
	_, err = w.exec(ctx, `ANALYZE sqlite_schema`)
	return err
}
