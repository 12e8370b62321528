package store

import (
	"container/list"
	"context"
	"database/sql"
	"hash/maphash"
	"sync"
)

// stmtCache keeps prepared statements of the SQLite read pool by their SQL
// text. SQLite parses and plans a statement every time it is prepared,
// which for the short look-ups of an API read (the token, the title, the
// owner's partners) cost more than running them; database/sql keeps each
// *sql.Stmt prepared once per connection. PostgreSQL needs none: pgx
// caches prepared statements per connection itself.
//
// Only statements whose text repeats are worth keeping, and texts built per
// request (search with variable term lists) would otherwise fill the cache
// with statements run once. So:
//
//   - a text is prepared on its second use within a recent window of
//     texts (seen); a text run once runs unprepared and never enters the
//     cache, so it evicts nothing;
//   - when the cache holds capacity statements, the least recently used
//     one is evicted, so the statements in use stay and a fixed statement
//     first used late (a page rarely visited, a feature used after a long
//     uptime) still gets prepared, where keeping the first texts seen
//     would run it unprepared forever.
//
// An evicted statement may have been handed out by get and not yet run: a
// closed *sql.Stmt fails QueryContext with "sql: statement is closed". get
// therefore pins the entry, the caller releases it once QueryContext or
// QueryRowContext has returned, and an evicted entry is closed when its
// last pin goes. Releasing then is enough: database/sql (sql.go,
// Stmt.QueryContext) registers each Rows as a dependency of its Stmt
// (db.addDep(s, rows)), and Stmt.Close only drops the Stmt's own
// dependency (db.removeDep(s, s)); the driver statements are closed
// (finalClose) when the last dependency goes, that is when the last Rows
// from it is closed. A *sql.Row from QueryRowContext holds such a Rows
// until Scan, so a statement closed between QueryRowContext and Scan still
// answers.
type stmtCache struct {
	db       *sql.DB
	capacity int // prepared statements kept (maxStmts; tests use fewer)
	seenMax  int // texts per generation of the admission window (seenTexts)

	mu sync.Mutex
	m  map[string]*list.Element // of *cachedStmt
	// lru orders the entries of m, most recently used at the front.
	lru list.List
	// seen holds hashes of texts used once and not (yet) prepared, in two
	// generations: when seen fills, it becomes seenOld and a new one
	// starts, so the window covers the last seenMax to 2*seenMax texts
	// run unprepared in bounded memory. A hash collision only prepares a
	// text one use early.
	seen, seenOld map[uint64]struct{}
	seed          maphash.Seed
}

// cachedStmt is one prepared statement of the cache.
type cachedStmt struct {
	query string
	st    *sql.Stmt
	// pins counts callers between get and release; evicted marks an entry
	// no longer in the cache, closed when pins falls to zero. Both under
	// stmtCache.mu.
	pins    int
	evicted bool
}

const (
	maxStmts  = 512
	seenTexts = 4096
)

func newStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{
		db: db, capacity: maxStmts, seenMax: seenTexts,
		m:    map[string]*list.Element{},
		seen: map[uint64]struct{}{}, seed: maphash.MakeSeed(),
	}
}

// get returns the pinned prepared statement for query, or nil when query
// is not (yet) worth preparing or preparing failed (the caller then runs
// query unprepared, which reports any error). A non-nil entry must be
// given back with release once QueryContext or QueryRowContext on it has
// returned.
func (c *stmtCache) get(ctx context.Context, query string) *cachedStmt {
	c.mu.Lock()
	if el, ok := c.m[query]; ok {
		e := c.pin(el)
		c.mu.Unlock()
		return e
	}
	if !c.seenBefore(query) {
		c.mu.Unlock()
		return nil
	}
	c.mu.Unlock()

	// Prepare outside the lock: it may wait for a connection of the read
	// pool, which callers holding Rows keep until they are done, and they
	// may need the cache meanwhile.
	st, err := c.db.PrepareContext(context.WithoutCancel(ctx), query)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	if el, ok := c.m[query]; ok {
		// Prepared concurrently by another caller: use theirs.
		e := c.pin(el)
		c.mu.Unlock()
		st.Close()
		return e
	}
	e := &cachedStmt{query: query, st: st, pins: 1}
	c.m[query] = c.lru.PushFront(e)
	var closing []*sql.Stmt
	for len(c.m) > c.capacity {
		old := c.lru.Remove(c.lru.Back()).(*cachedStmt)
		delete(c.m, old.query)
		old.evicted = true
		if old.pins == 0 {
			closing = append(closing, old.st)
		}
	}
	c.mu.Unlock()
	closeStmts(closing)
	return e
}

// pin marks a cached entry used now and in use until its release. c.mu is
// held.
func (c *stmtCache) pin(el *list.Element) *cachedStmt {
	c.lru.MoveToFront(el)
	e := el.Value.(*cachedStmt)
	e.pins++
	return e
}

// seenBefore reports whether query was used in the recent window, and
// otherwise notes that it was. c.mu is held.
func (c *stmtCache) seenBefore(query string) bool {
	h := maphash.String(c.seed, query)
	if _, ok := c.seen[h]; ok {
		delete(c.seen, h)
		return true
	}
	if _, ok := c.seenOld[h]; ok {
		delete(c.seenOld, h)
		return true
	}
	if len(c.seen) >= c.seenMax {
		c.seenOld, c.seen = c.seen, make(map[uint64]struct{}, len(c.seen))
	}
	c.seen[h] = struct{}{}
	return false
}

// release unpins an entry from get, closing it if it was evicted meanwhile
// and this was its last pin.
func (c *stmtCache) release(e *cachedStmt) {
	c.mu.Lock()
	e.pins--
	last := e.evicted && e.pins == 0
	c.mu.Unlock()
	if last {
		e.st.Close()
	}
}

// close closes every statement not in use and empties the cache; those
// in use are closed on their release.
func (c *stmtCache) close() {
	var closing []*sql.Stmt
	c.mu.Lock()
	for _, el := range c.m {
		e := el.Value.(*cachedStmt)
		e.evicted = true
		if e.pins == 0 {
			closing = append(closing, e.st)
		}
	}
	c.m = map[string]*list.Element{}
	c.lru.Init()
	c.mu.Unlock()
	closeStmts(closing)
}

// closeStmts closes statements outside c.mu: Stmt.Close takes the
// statement's and the pool's locks.
func closeStmts(sts []*sql.Stmt) {
	for _, st := range sts {
		st.Close()
	}
}
