package store

import (
	"context"
	"io"
	"os"
)

// warmPageCache reads the whole database once, so that the operating
// system's page cache holds it, as it does on a hub that has served its
// catalogue for a while. Without it, the first question on each of a
// million titles reads its pages from the disk (this machine's page cache
// kept half of a freshly generated 4.4 GB file), and that, not the code,
// made the single-title p99 (see docs/benchmarks.md). It returns the bytes
// read. On PostgreSQL it asks pg_prewarm, which ships with the server, to
// read every table, index and TOAST table of the database into the page
// cache ('read' mode: not into shared buffers, which are far smaller).
func warmPageCache(ctx context.Context, db *DB, sqlitePath string) (int64, error) {
	if db.dialect == Postgres {
		if _, err := db.writer().exec(ctx, `CREATE EXTENSION IF NOT EXISTS pg_prewarm`); err != nil {
			return 0, err
		}
		var blocks int64
		err := db.writer().queryRow(ctx, `SELECT COALESCE(SUM(pg_prewarm(c.oid::regclass, 'read')), 0)
			FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE c.relkind IN ('r', 'i', 't') AND n.nspname IN (current_schema(), 'pg_toast')`).Scan(&blocks)
		return blocks * 8192, err
	}
	var total int64
	for _, name := range []string{sqlitePath, sqlitePath + "-wal"} {
		f, err := os.Open(name)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return total, err
		}
		n, err := io.Copy(io.Discard, f)
		f.Close()
		total += n
		if err != nil {
			return total, err
		}
	}
	return total, nil
}
