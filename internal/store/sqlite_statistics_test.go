package store_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/silkbridge/silkbridge/internal/store"
)

// TestOpenForgetsSQLiteStatistics: statistics an ANALYZE left are gone once
// the hub opens the database again, so its statements are planned as they
// were written for.
func TestOpenForgetsSQLiteStatistics(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "stats.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	w := db.Writer()
	for _, q := range []string{
		`CREATE TABLE probe (id INTEGER PRIMARY KEY, v TEXT)`,
		`CREATE INDEX probe_v ON probe (v)`,
		`INSERT INTO probe (v) VALUES ('a'), ('b'), ('b')`,
		`ANALYZE`,
	} {
		if _, err := w.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	count := func(db *store.DB) int {
		var n int
		if err := db.Writer().QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_stat1`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if count(db) == 0 {
		t.Fatal("ANALYZE left no statistics to forget: the test proves nothing")
	}
	db.Close()
	db, err = store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if n := count(db); n != 0 {
		t.Fatalf("after Open, sqlite_stat1 has %d rows, want 0", n)
	}
	// Opening a database without statistics changes nothing.
	db.Close()
	if db, err = store.Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n := count(db); n != 0 {
		t.Fatalf("sqlite_stat1 has %d rows", n)
	}
}
