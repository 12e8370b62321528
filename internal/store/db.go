// Package store persists silkbridge's domain records in SQLite (embedded,
// the default) or PostgreSQL (the scale path). Both dialects share one set of
// SQL statements and migrations; the few differences are confined to Dialect.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "github.com/ncruces/go-sqlite3/driver"
)

// Dialect names the SQL engine behind a DB.
type Dialect string

// Supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is an open database. SQLite allows one writer at a time, so writes go
// through a single-connection pool (queuing in Go rather than failing with
// SQLITE_BUSY) while reads use a separate pool; on PostgreSQL both are one pool.
type DB struct {
	dialect Dialect
	w       *sql.DB
	r       *sql.DB
	enqueue Enqueuer
	stmts   *stmtCache // SQLite reads only (stmtcache.go)
	// planned holds PostgreSQL's pools whose connections start with
	// statement-specific planner settings (postgres_planned.go).
	planned *plannedPools
	// peopleCounts remembers costly key counts of people queries
	// (person_search_counts.go).
	peopleCounts *peopleCounts
	// sortKeysComplete is set once this process has seen every title with
	// its sort keys (title_sort.go). Every later write keeps keys, so it
	// stays true until a migration (which may add a sort language) or a
	// reset clears it: sorted listings then skip the checks for titles
	// without keys.
	sortKeysComplete atomic.Bool
}

// Open connects to dsn, applies pending migrations, empties any statistics
// ANALYZE left on SQLite (forgetSQLiteStatistics) and returns the DB.
// dsn is a postgres:// URL, or a SQLite file path (optionally "sqlite:" prefixed).
func Open(ctx context.Context, dsn string) (*DB, error) {
	db, err := connect(dsn)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := forgetSQLiteStatistics(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("forget sqlite statistics: %w", err)
	}
	return db, nil
}

// DSNFor returns the database a command uses: the explicit dsn, or the SQLite
// file inside the data directory.
func DSNFor(dsn, dataDir string) string {
	if dsn != "" {
		return dsn
	}
	return filepath.Join(dataDir, "silkbridge.db")
}

// keepOpen caps a PostgreSQL pool at n connections and lets all n stay
// idle between bursts (closing them only after five idle minutes). With
// fewer idle ones allowed, database/sql closed every connection past that
// number as soon as a burst ended and opened new ones for the next: a
// server process forked and its statements prepared again for a read that
// takes a fraction of a millisecond. GET one title under 16 clients served
// 5,300-5,900 requests a second with p99 68-71 ms with 10 of 20 allowed
// idle, 9,700-10,000 with p99 7-8 ms with all 20 (docs/benchmarks.md).
func keepOpen(pool *sql.DB, n int) {
	pool.SetMaxOpenConns(n)
	pool.SetMaxIdleConns(n)
	pool.SetConnMaxIdleTime(5 * time.Minute)
}

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

func connect(dsn string) (*DB, error) {
	if IsPostgres(dsn) {
		pool, err := openPostgres(dsn, nil)
		if err != nil {
			return nil, err
		}
		keepOpen(pool, 20)
		return &DB{dialect: Postgres, w: pool, r: pool, peopleCounts: newPeopleCounts(), planned: newPlannedPools(dsn)}, nil
	}
	path := strings.TrimPrefix(dsn, "sqlite:")
	if path == "" {
		return nil, errors.New("empty database path")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("create database directory: %w", err)
		}
	}
	// WAL lets readers proceed during a write and lets CLI commands work while
	// a server runs on the same file; busy_timeout makes the other process wait
	// for the write lock instead of failing; foreign keys are off by default in SQLite.
	const pragmas = "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=journal_mode(wal)&_pragma=synchronous(normal)"
	w, err := sql.Open("sqlite3", "file:"+path+"?"+pragmas+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	r, err := sql.Open("sqlite3", "file:"+path+"?"+pragmas)
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	r.SetMaxOpenConns(8)
	// Keep every reader open: opening a SQLite connection (and preparing
	// its statements again) costs far more than a read.
	r.SetMaxIdleConns(8)
	// Create the file and switch it to WAL through the writer first.
	if err := w.Ping(); err != nil {
		w.Close()
		r.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	return &DB{dialect: SQLite, w: w, r: r, stmts: newStmtCache(r), peopleCounts: newPeopleCounts()}, nil
}

// Dialect returns the engine behind db.
func (db *DB) Dialect() Dialect { return db.dialect }

// Close closes both pools.
func (db *DB) Close() error {
	if db.stmts != nil {
		db.stmts.close()
	}
	err := db.w.Close()
	if db.r != db.w {
		err = errors.Join(err, db.r.Close())
	}
	return errors.Join(err, db.planned.close())
}

// Ping checks that the database answers (for /readyz).
func (db *DB) Ping(ctx context.Context) error {
	var one int
	return db.r.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Writer exposes the write pool for components that need a *sql.DB (the job queue).
func (db *DB) Writer() *sql.DB { return db.w }

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// conn runs shared SQL, written with "?" placeholders, on one dialect.
type conn struct {
	d  Dialect
	q  querier
	tx *sql.Tx // set inside inTx, for enqueuing jobs in the same transaction
	// stmts prepares reads once (SQLite's read pool only).
	stmts *stmtCache
}

func (db *DB) reader() conn { return conn{d: db.dialect, q: db.r, stmts: db.stmts} }
func (db *DB) writer() conn { return conn{d: db.dialect, q: db.w} }

func (c conn) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	res, err := c.q.ExecContext(ctx, rebind(c.d, query), args...)
	return res, interpretError(err)
}

// query and queryRow release the cached statement as soon as it has run:
// the Rows (or the Row's Rows) keep it usable if it is evicted meanwhile
// (stmtcache.go).
func (c conn) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if e := c.prepared(ctx, query); e != nil {
		rows, err := e.st.QueryContext(ctx, args...)
		c.stmts.release(e)
		return rows, interpretError(err)
	}
	rows, err := c.q.QueryContext(ctx, rebind(c.d, query), args...)
	return rows, interpretError(err)
}

func (c conn) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	if e := c.prepared(ctx, query); e != nil {
		row := e.st.QueryRowContext(ctx, args...)
		c.stmts.release(e)
		return row
	}
	return c.q.QueryRowContext(ctx, rebind(c.d, query), args...)
}

// prepared returns the pinned cached statement for query, or nil; a
// non-nil one must be released (c.stmts.release) after it has run.
func (c conn) prepared(ctx context.Context, query string) *cachedStmt {
	if c.stmts == nil {
		return nil
	}
	return c.stmts.get(ctx, query)
}

// strings returns the single text column of every row of a query (ids,
// slugs, terms); never nil, so an empty answer encodes as [].
func (c conn) strings(ctx context.Context, query string, args ...any) ([]string, error) {
	rows, err := c.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, interpretError(err)
		}
		out = append(out, v)
	}
	return out, interpretError(rows.Err())
}

// InTx runs fn in a write transaction, committing when fn returns nil.
func (db *DB) inTx(ctx context.Context, fn func(c conn) error) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return interpretError(err)
	}
	if err := fn(conn{d: db.dialect, q: tx, tx: tx}); err != nil {
		tx.Rollback()
		return err
	}
	return interpretError(tx.Commit())
}

// rebind turns "?" placeholders into PostgreSQL's "$n". Shared SQL never
// contains a literal "?".
func rebind(d Dialect, query string) string {
	if d != Postgres || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// timeLayout stores instants as fixed-width UTC text, which sorts correctly
// as a string on both engines.
const timeLayout = "2006-01-02T15:04:05.000000Z"

func fmtTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// parseTime reads an instant fmtTime wrote; anything else reads as the zero
// time. Every record read carries one or two, and time.Parse, which
// interprets its layout on every call, was 5% of reading a rights family,
// so the layout's usual shape is read digit by digit. Days after the 28th
// and every other shape take time.Parse, which knows the calendar.
func parseTime(s string) time.Time {
	if len(s) == len(timeLayout) && s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' && s[16] == ':' &&
		s[19] == '.' && s[26] == 'Z' {
		y, ok1 := digits(s[0:4])
		mo, ok2 := digits(s[5:7])
		d, ok3 := digits(s[8:10])
		h, ok4 := digits(s[11:13])
		mi, ok5 := digits(s[14:16])
		sec, ok6 := digits(s[17:19])
		us, ok7 := digits(s[20:26])
		if ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7 && mo >= 1 && mo <= 12 && d >= 1 && d <= 28 && h < 24 && mi < 60 && sec < 60 {
			return time.Date(y, time.Month(mo), d, h, mi, sec, us*1000, time.UTC)
		}
	}
	t, _ := time.Parse(timeLayout, s)
	return t
}

// digits reads s as a decimal number of ASCII digits only.
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func fmtTimePtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return fmtTime(*t)
}

func parseTimePtr(s sql.NullString) *time.Time {
	if !s.Valid {
		return nil
	}
	t := parseTime(s.String)
	return &t
}

// placeholders returns "?, ?, ?" for n arguments.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// inList returns the placeholders of an IN list of vals and the values to
// bind, padded by repeating the last value to one of a few sizes (exact up
// to 8, then steps of about a half: 12, 16, 24, 32, 48...). A list's length
// otherwise makes each statement's text new: SQLite parsed and planned the
// family reads of every catalogue page afresh (8% of a page's CPU) and
// PostgreSQL prepared each in an extra round trip, while the statement
// cache filled with texts run once. A repeated value matches nothing more.
func inList[T any](vals []T) (string, []any) {
	n := len(vals)
	size := n
	if n > 8 {
		size = 8
		for size < n {
			if size&(size-1) == 0 { // a power of two: go half way to the next
				size += size / 2
			} else {
				size = size / 3 * 4
			}
		}
	}
	args := make([]any, size)
	for i := range args {
		args[i] = vals[min(i, n-1)]
	}
	return placeholders(size), args
}

func fmtTimeNow() string { return fmtTime(time.Now()) }
