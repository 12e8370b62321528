package store

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps prepared statements of the SQLite read pool by their SQL
// text. SQLite parses and plans a statement every time it is prepared,
// which for the short look-ups of an API read (the token, the title, the
// owner's partners) cost more than running them; database/sql keeps each
// *sql.Stmt prepared once per connection. PostgreSQL needs none: pgx
// caches prepared statements per connection itself.
//
// Only statements with a fixed text are worth keeping; texts built per
// request (search with variable term lists) would fill the cache with
// statements run once, so past maxStmts new texts are run unprepared.
type stmtCache struct {
	db *sql.DB
	mu sync.RWMutex
	m  map[string]*sql.Stmt
}

const maxStmts = 512

func newStmtCache(db *sql.DB) *stmtCache { return &stmtCache{db: db, m: map[string]*sql.Stmt{}} }

// get returns the prepared statement for query, or nil when the cache is
// full or preparing failed (the caller then runs query unprepared, which
// reports any error).
func (c *stmtCache) get(ctx context.Context, query string) *sql.Stmt {
	c.mu.RLock()
	st, ok := c.m[query]
	c.mu.RUnlock()
	if ok {
		return st
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.m[query]; ok {
		return st
	}
	if len(c.m) >= maxStmts {
		return nil
	}
	st, err := c.db.PrepareContext(context.WithoutCancel(ctx), query)
	if err != nil {
		return nil
	}
	c.m[query] = st
	return st
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.m {
		st.Close()
	}
	c.m = map[string]*sql.Stmt{}
}
