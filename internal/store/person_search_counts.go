package store

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/silkbridge/silkbridge/internal/memo"
)

// Counting a common key's entries (planPeople, wantMerge) reads up to
// 8,192 of them, or 65,536 for a merge: about a millisecond each on SQLite,
// and a query of two common names counts five or six. The same common
// names come back in query after query, so each process remembers the
// counts that were costly to take, for a minute. A count only steers the
// plan (which word drives, whether lists are merged), never the answer: a
// stale one can make a query slower for that minute, not wrong.
const (
	rememberCountFrom = 256         // counts below this cost little to take again
	countLifetime     = time.Minute // how long a remembered count is trusted
	countsRemembered  = 4096        // per generation (internal/memo)
)

// rememberedCount is a count and when it was taken.
type rememberedCount struct {
	n  int64
	at time.Time
}

// peopleCounts remembers one database's costly key counts.
type peopleCounts struct {
	m   *memo.Memo[rememberedCount]
	now func() time.Time // the clock; tests move it
}

func newPeopleCounts() *peopleCounts {
	return &peopleCounts{m: memo.New[rememberedCount](countsRemembered, nil), now: time.Now}
}

// countID names a count: the cap it was taken to, then the key, or the
// prefix of a range (a key and a prefix never share a name, as "=" and ">"
// set them apart).
func countID(limit int, rangeOf bool, key string) string {
	op := "="
	if rangeOf {
		op = ">"
	}
	return strconv.Itoa(limit) + op + key
}

// get returns the count named id if it was taken less than countLifetime
// ago.
func (c *peopleCounts) get(id string) (int64, bool) {
	r, ok := c.m.Peek(id)
	if !ok || c.now().Sub(r.at) >= countLifetime {
		return 0, false
	}
	return r.n, true
}

// put remembers a count just taken, if it was costly to take.
func (c *peopleCounts) put(id string, n int64) {
	if n >= rememberCountFrom {
		c.m.Put(id, rememberedCount{n: n, at: c.now()})
	}
}

// countReq is one count planPeople or wantMerge needs: the entries of a
// key, or of the keys starting with a prefix, up to limit.
type countReq struct {
	key    string
	prefix bool
	limit  int
}

// countKeys returns each request's count: remembered ones from
// peopleCounts, the others taken in one statement and remembered when
// costly.
func (db *DB) countKeys(ctx context.Context, reqs []countReq) ([]int64, error) {
	counts := make([]int64, len(reqs))
	var cols []string
	var args []any
	var taken []int // the request of each column
	for i, r := range reqs {
		if n, ok := db.peopleCounts.get(countID(r.limit, r.prefix, r.key)); ok {
			counts[i] = n
			continue
		}
		if r.prefix {
			cols = append(cols, keyCount(`search_key >= ? AND search_key < ?`, r.limit, len(cols)))
			args = append(args, r.key, r.key+"\U0010FFFF")
		} else {
			cols = append(cols, keyCount(`search_key = ?`, r.limit, len(cols)))
			args = append(args, r.key)
		}
		taken = append(taken, i)
	}
	if len(cols) == 0 {
		return counts, nil
	}
	got := make([]int64, len(cols))
	dest := make([]any, len(cols))
	for i := range got {
		dest[i] = &got[i]
	}
	if err := db.reader().queryRow(ctx, `SELECT `+strings.Join(cols, ", "), args...).Scan(dest...); err != nil {
		return nil, interpretError(err)
	}
	for j, i := range taken {
		r := reqs[i]
		counts[i] = got[j]
		db.peopleCounts.put(countID(r.limit, r.prefix, r.key), got[j])
	}
	return counts, nil
}
