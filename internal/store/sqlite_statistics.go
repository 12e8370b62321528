package store

import "context"

// DropSQLiteStatistics empties the tables ANALYZE fills, if it ever ran on
// this SQLite database; on PostgreSQL it does nothing. The hub never
// analyses a SQLite database and its statements are written for the
// planner without statistics. This SQLite is compiled with sqlite_stat4,
// under which every statement whose plan depends on a bound value is
// prepared again on every run (5-8 times the single-title availability
// statement's own time), so benchmarks drop statistics a generator or an
// operator left behind. Connections already open keep the old plans:
// reopen the database afterwards.
func DropSQLiteStatistics(ctx context.Context, db *DB) error {
	if db.Dialect() != SQLite {
		return nil
	}
	stats, err := db.reader().strings(ctx, `SELECT name FROM sqlite_schema WHERE name IN ('sqlite_stat1', 'sqlite_stat4')`)
	if err != nil || len(stats) == 0 {
		return err
	}
	for _, tbl := range stats {
		if _, err := db.writer().exec(ctx, `DELETE FROM `+tbl); err != nil {
			return err
		}
	}
	_, err = db.writer().exec(ctx, `ANALYZE sqlite_schema`)
	return err
}
