package store

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// A plannerProfile is a set of planner settings some statements need on
// PostgreSQL and others must not have. Setting them per statement took a
// transaction (BEGIN, SET LOCAL, the statement, ROLLBACK: four round
// trips); on loopback that cost 300 µs against 70 µs for the statement
// alone, and a title search runs two such statements. Connections of a
// pool of their own start with the settings, so those statements are one
// round trip.
type plannerProfile int

const (
	// searchPlans is for search statements: each planned for its own
	// tsquery (a generic plan cannot see that a key is in half of all
	// titles: at a million titles it built a bitmap of every match of 红,
	// 80–110 ms, where the plan for the actual key walks titles and stops
	// at the cap, 3 ms), and never a sequential scan (the planner
	// overestimated how many titles an OR of alternatives matches and read
	// the whole table, 165 ms at 100,000 titles).
	searchPlans plannerProfile = iota
	// genericPlans is for statements whose plan is the same whatever their
	// arguments, so it is made once per connection (the vocabulary
	// look-up, search_terms_postgres.go).
	genericPlans
	profileCount
)

var profileSettings = [profileCount]map[string]string{
	searchPlans:  {"enable_seqscan": "off", "plan_cache_mode": "force_custom_plan"},
	genericPlans: {"plan_cache_mode": "force_generic_plan"},
}

// plannedPools opens each profile's pool on first use: most processes
// (commands, workers) never search.
type plannedPools struct {
	dsn   string
	mu    sync.Mutex
	pools [profileCount]*sql.DB
}

func newPlannedPools(dsn string) *plannedPools { return &plannedPools{dsn: dsn} }

// pool returns the profile's pool, opening it if need be. A search runs
// one statement of each profile at a time, so a few connections each
// serve many concurrent searches.
func (p *plannedPools) pool(profile plannerProfile) (*sql.DB, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if db := p.pools[profile]; db != nil {
		return db, nil
	}
	db, err := openPostgres(p.dsn, profileSettings[profile])
	if err != nil {
		return nil, err
	}
	keepOpen(db, 8)
	p.pools[profile] = db
	return db, nil
}

func (p *plannedPools) close() error {
	if p == nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	var err error
	for i, db := range p.pools {
		if db != nil {
			err = errors.Join(err, db.Close())
			p.pools[i] = nil
		}
	}
	return err
}

// pgReadPlanned runs a read-only statement on a connection of the
// profile's pool.
func (db *DB) pgReadPlanned(ctx context.Context, profile plannerProfile, q string, args []any, fn func(*sql.Rows) error) error {
	pool, err := db.planned.pool(profile)
	if err != nil {
		return err
	}
	rows, err := conn{d: db.dialect, q: pool}.query(ctx, q, args...)
	if err != nil {
		return err
	}
	return scanRows(rows, fn)
}
