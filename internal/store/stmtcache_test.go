package store

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// openStmtCacheDB opens a SQLite database whose statement cache keeps
// capacity statements.
func openStmtCacheDB(t *testing.T, capacity int) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "stmtcache.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if db.stmts == nil {
		t.Fatal("SQLite database without a statement cache")
	}
	db.stmts.capacity = capacity
	return db
}

// stmtText is the i-th distinct statement text; it answers its argument plus i.
func stmtText(i int) string { return fmt.Sprintf("SELECT ? + %d", i) }

// runText runs text i through the read path (conn.queryRow) and checks the answer.
func runText(t *testing.T, db *DB, i int) {
	t.Helper()
	var got int
	if err := db.reader().queryRow(context.Background(), stmtText(i), 1000).Scan(&got); err != nil {
		t.Fatalf("text %d: %v", i, err)
	}
	if got != 1000+i {
		t.Fatalf("text %d answered %d, want %d", i, got, 1000+i)
	}
}

// cachedTexts returns the texts the cache holds, most recently used first.
func cachedTexts(c *stmtCache) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for el := c.lru.Front(); el != nil; el = el.Next() {
		out = append(out, el.Value.(*cachedStmt).query)
	}
	if len(out) != len(c.m) {
		panic(fmt.Sprintf("lru has %d entries, map %d", len(out), len(c.m)))
	}
	return out
}

func isCached(c *stmtCache, query string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.m[query]
	return ok
}

// TestStmtCacheAdmitsOnSecondUse: a text run once stays unprepared, the
// second run prepares it.
func TestStmtCacheAdmitsOnSecondUse(t *testing.T) {
	db := openStmtCacheDB(t, 8)
	for i := range 20 {
		runText(t, db, i)
	}
	if got := cachedTexts(db.stmts); len(got) != 0 {
		t.Fatalf("texts run once were prepared: %q", got)
	}
	runText(t, db, 3)
	if !isCached(db.stmts, stmtText(3)) {
		t.Fatal("text run twice is not prepared")
	}
	if got := cachedTexts(db.stmts); len(got) != 1 {
		t.Fatalf("cache holds %q, want only %q", got, stmtText(3))
	}
	runText(t, db, 3) // from the cache
}

// TestStmtCacheEvictsLeastRecentlyUsed: past its capacity the cache keeps
// the statements used last, and a text first used after it filled is still
// prepared (keeping the first texts prepared would run it unprepared for
// ever). An evicted statement is closed once no caller holds it.
func TestStmtCacheEvictsLeastRecentlyUsed(t *testing.T) {
	const n, k = 4, 3
	db := openStmtCacheDB(t, n)
	c := db.stmts
	for i := range n {
		runText(t, db, i)
		runText(t, db, i)
	}
	if got := cachedTexts(c); len(got) != n {
		t.Fatalf("cache holds %d texts, want %d", len(got), n)
	}
	// Text 0 used again is the most recent: the next admission evicts text 1.
	first := c.m[stmtText(0)].Value.(*cachedStmt).st
	second := c.m[stmtText(1)].Value.(*cachedStmt).st
	runText(t, db, 0)
	for i := n; i < n+k; i++ {
		runText(t, db, i)
		runText(t, db, i)
	}
	want := []string{stmtText(6), stmtText(5), stmtText(4), stmtText(0)}
	if got := cachedTexts(c); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("cache holds %q, want %q", got, want)
	}
	if _, err := second.Query(1); err == nil || !strings.Contains(err.Error(), "closed") {
		t.Fatalf("evicted statement still open (err %v)", err)
	}
	if rows, err := first.Query(1); err != nil {
		t.Fatalf("cached statement: %v", err)
	} else {
		rows.Close()
	}

	// A text evicted, and one never seen before, both used twice after the
	// cache filled with others: prepared.
	for _, i := range []int{1, 100} {
		runText(t, db, i)
		runText(t, db, i)
		if !isCached(c, stmtText(i)) {
			t.Fatalf("text %d used twice after the cache filled is not prepared", i)
		}
	}
	if got := cachedTexts(c); len(got) != n {
		t.Fatalf("cache holds %d texts, want %d", len(got), n)
	}
}

// TestStmtCachePinnedStatementOutlivesEviction: a statement handed out by get
// and evicted before it runs still runs, and is closed on release.
func TestStmtCachePinnedStatementOutlivesEviction(t *testing.T) {
	db := openStmtCacheDB(t, 1)
	c := db.stmts
	ctx := context.Background()
	runText(t, db, 0)
	runText(t, db, 0)
	e := c.get(ctx, stmtText(0))
	if e == nil {
		t.Fatal("text run twice is not prepared")
	}
	runText(t, db, 1)
	runText(t, db, 1) // evicts text 0, pinned
	if isCached(c, stmtText(0)) {
		t.Fatal("text 0 not evicted")
	}
	var got int
	row := e.st.QueryRowContext(ctx, 5)
	c.release(e) // last pin: closes the statement; the Row keeps its Rows
	if err := row.Scan(&got); err != nil || got != 5 {
		t.Fatalf("evicted pinned statement: %d, %v", got, err)
	}
	if _, err := e.st.Query(1); err == nil || !strings.Contains(err.Error(), "closed") {
		t.Fatalf("evicted statement still open after its last release (err %v)", err)
	}
}

// TestStmtCacheSeenWindowIsBounded: texts run once leave at most two
// generations of hashes.
func TestStmtCacheSeenWindowIsBounded(t *testing.T) {
	db := openStmtCacheDB(t, 4)
	c := db.stmts
	c.seenMax = 16
	for i := range 100 {
		runText(t, db, i)
	}
	c.mu.Lock()
	seen := len(c.seen) + len(c.seenOld)
	c.mu.Unlock()
	if seen > 2*c.seenMax || seen < c.seenMax {
		t.Fatalf("window holds %d hashes, want %d to %d", seen, c.seenMax, 2*c.seenMax)
	}
	// The last text run once is in the window: its second run prepares it.
	runText(t, db, 99)
	if !isCached(c, stmtText(99)) {
		t.Fatal("text seen just before is not prepared on its second use")
	}
}

// TestStmtCacheConcurrentEviction: many goroutines run more texts than the
// cache holds, through conn.query and conn.queryRow, so statements are
// evicted between get and their run; every query answers right (an evicted
// statement closed under a caller fails with "sql: statement is closed").
func TestStmtCacheConcurrentEviction(t *testing.T) {
	const texts, workers, runs = 12, 8, 300
	db := openStmtCacheDB(t, 3)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Go(func() {
			r := db.reader()
			for j := range runs {
				i := (w*7 + j*5 + j/texts) % texts
				arg := w*1000 + j
				var got int
				if j%2 == 0 {
					if err := r.queryRow(ctx, stmtText(i), arg).Scan(&got); err != nil {
						errs <- fmt.Errorf("queryRow text %d: %w", i, err)
						return
					}
				} else {
					rows, err := r.query(ctx, stmtText(i), arg)
					if err != nil {
						errs <- fmt.Errorf("query text %d: %w", i, err)
						return
					}
					for rows.Next() {
						err = rows.Scan(&got)
					}
					if err == nil {
						err = rows.Err()
					}
					rows.Close()
					if err != nil {
						errs <- fmt.Errorf("query text %d: %w", i, err)
						return
					}
				}
				if got != arg+i {
					errs <- fmt.Errorf("text %d with %d answered %d, want %d", i, arg, got, arg+i)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	c := db.stmts
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) > c.capacity {
		t.Fatalf("cache holds %d statements, capacity %d", len(c.m), c.capacity)
	}
	for _, el := range c.m {
		if e := el.Value.(*cachedStmt); e.pins != 0 {
			t.Fatalf("%q still pinned %d times", e.query, e.pins)
		}
	}
}
