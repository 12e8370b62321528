// Package storetest is the store contract suite: every store test is written
// once here and run against SQLite and PostgreSQL (see Exercise), plus helpers
// that give other packages' tests a migrated database on each engine.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/store"
)

// PostgresURLEnv names the environment variable with a PostgreSQL server URL
// for tests; each test gets its own schema there.
const PostgresURLEnv = "SILKBRIDGE_TEST_POSTGRES_URL"

// RequireAll reports whether tests must fail rather than skip when an external
// component (PostgreSQL, Chromium, ffmpeg) is missing; CI sets it.
func RequireAll() bool { return os.Getenv("SILKBRIDGE_REQUIRE_ALL") == "1" }

// SkipOrFail skips the test with reason, or fails it when RequireAll is set.
func SkipOrFail(t testing.TB, reason string) {
	t.Helper()
	if RequireAll() {
		t.Fatalf("%s (SILKBRIDGE_REQUIRE_ALL=1, so this fails instead of skipping)", reason)
	}
	t.Skip(reason)
}

// Engine opens a fresh, migrated database of one dialect for a test.
type Engine struct {
	Name string
	Open func(t testing.TB) *store.DB
}

// Engines returns SQLite and PostgreSQL engines for table-driven tests.
func Engines() []Engine {
	return []Engine{{"SQLite", OpenSQLite}, {"Postgres", OpenPostgres}}
}

// ForEachEngine runs fn as a subtest per engine.
func ForEachEngine(t *testing.T, fn func(t *testing.T, open func(t testing.TB) *store.DB)) {
	for _, e := range Engines() {
		t.Run(e.Name, func(t *testing.T) { fn(t, e.Open) })
	}
}

// OpenSQLite returns a migrated SQLite database in a temporary directory.
func OpenSQLite(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// OpenPostgres returns a migrated database in a new schema of the server named
// by SILKBRIDGE_TEST_POSTGRES_URL, dropped when the test ends.
func OpenPostgres(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), NewPostgresSchema(t))
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// NewPostgresSchema creates an empty schema on the test server, dropped when
// the test ends, and returns a URL whose connections use it. Tests that start
// several processes on one database pass this URL to each.
func NewPostgresSchema(t testing.TB) string {
	t.Helper()
	base := PostgresURL(t)
	schema := "t_" + randomHex(8)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("connect postgres: %v", err)
	}
	defer admin.Close()
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("create schema on %s: %v", PostgresURLEnv, err)
	}
	t.Cleanup(func() {
		if a, err := sql.Open("pgx", base); err == nil {
			a.Exec("DROP SCHEMA " + schema + " CASCADE")
			a.Close()
		}
	})
	return WithSearchPath(base, schema)
}

// PostgresURL returns the test server URL or skips (fails under RequireAll).
func PostgresURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(PostgresURLEnv)
	if base == "" {
		SkipOrFail(t, "PostgreSQL tests need "+PostgresURLEnv+" (e.g. postgres://user@127.0.0.1:5432/db); .ci/run starts a throwaway server")
	}
	return base
}

// WithSearchPath adds a search_path to a PostgreSQL URL.
func WithSearchPath(url, schema string) string {
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	return url + sep + "search_path=" + schema
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
