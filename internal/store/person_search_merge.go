package store

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strconv"
	"strings"

	"github.com/silkbridge/silkbridge/internal/search"
)

// mergeChunk is the first read of an id list; each later read of the same
// list doubles, up to mergeChunkMax, so a pair with many people in common
// reads only the start of each list, and one with few reads each list in a
// handful of statements.
const (
	mergeChunk    = 256
	mergeChunkMax = 8192
)

// errMergeOrder says that the key index did not give ids in Go's byte order
// (a collation that sorts ids otherwise); SearchPeople then answers with the
// per-entry plan, which does not depend on it.
var errMergeOrder = errors.New("store: person ids not in byte order")

// idCursor is a sorted list of person ids read forward: seek moves to the
// first id not below target and returns it, or ok false past the end. A
// seek to a target at or below the current id returns the current id.
type idCursor interface {
	seek(ctx context.Context, target string) (id string, ok bool, err error)
}

// keyCursor reads one exact key's entries from the (search_key, person_id)
// primary key in id order, a chunk at a time; a seek beyond the chunk read
// starts the next read at the target, so a list much longer than the others
// is read only where they have ids.
type keyCursor struct {
	db    *DB
	key   string
	buf   []string
	pos   int
	last  string // the last id read ("" before the first read)
	done  bool   // no entries after buf
	chunk int
}

func (c *keyCursor) seek(ctx context.Context, target string) (string, bool, error) {
	for {
		if c.pos < len(c.buf) {
			if c.buf[c.pos] >= target {
				return c.buf[c.pos], true, nil
			}
			c.pos += sort.SearchStrings(c.buf[c.pos:], target)
			if c.pos < len(c.buf) {
				return c.buf[c.pos], true, nil
			}
		}
		if c.done {
			return "", false, nil
		}
		if err := c.fill(ctx, target); err != nil {
			return "", false, err
		}
	}
}

// fill reads the next chunk from target, or from after the last id read
// when target is not beyond it. A target ending in NUL is the successor of
// an id (see nextAfter) and is read as "after that id", as PostgreSQL's text
// holds no NUL.
func (c *keyCursor) fill(ctx context.Context, target string) error {
	from, op := target, ">="
	if strings.HasSuffix(from, "\x00") {
		from, op = strings.TrimSuffix(from, "\x00"), ">"
	}
	if from <= c.last {
		from, op = c.last, ">"
	}
	if c.chunk == 0 {
		c.chunk = mergeChunk
	}
	ids, err := c.db.personIDs(ctx, `SELECT person_id FROM person_search_keys WHERE search_key = ? AND person_id `+op+
		` ? ORDER BY person_id LIMIT `+strconv.Itoa(c.chunk), c.key, from)
	if err != nil {
		return err
	}
	c.buf, c.pos = ids, 0
	prev := from
	for i, id := range ids {
		if id < prev || id == prev && (op == ">" || i > 0) {
			return errMergeOrder
		}
		prev = id
	}
	c.done = len(c.buf) < c.chunk
	if len(c.buf) > 0 {
		c.last = c.buf[len(c.buf)-1]
	}
	c.chunk = min(2*c.chunk, mergeChunkMax)
	return nil
}

// personIDs runs a query of person ids. On SQLite the ids come back as one
// text joined by SQLite (string_agg, in the subquery's order, which fill
// checks): a row per id through database/sql cost about a third more.
func (db *DB) personIDs(ctx context.Context, q string, args ...any) ([]string, error) {
	if db.dialect == Postgres {
		return db.reader().strings(ctx, q, args...)
	}
	var n int
	var joined sql.NullString
	if err := db.reader().queryRow(ctx, `SELECT COUNT(*), string_agg(person_id, ',') FROM (`+q+`) AS l`, args...).Scan(&n, &joined); err != nil {
		return nil, interpretError(err)
	}
	if n == 0 {
		return nil, nil
	}
	ids := strings.Split(joined.String, ",")
	if len(ids) != n {
		return nil, errMergeOrder // an id holding a comma
	}
	return ids, nil
}

// sliceCursor is an id list held in memory (a prefix range collected and
// sorted).
type sliceCursor struct {
	ids []string
	pos int
}

func (c *sliceCursor) seek(_ context.Context, target string) (string, bool, error) {
	if c.pos < len(c.ids) && c.ids[c.pos] < target {
		c.pos += sort.SearchStrings(c.ids[c.pos:], target)
	}
	if c.pos >= len(c.ids) {
		return "", false, nil
	}
	return c.ids[c.pos], true, nil
}

// andCursor is the ids in every list (leapfrog: each list seeks to the
// highest id another has reached).
type andCursor []idCursor

func (a andCursor) seek(ctx context.Context, target string) (string, bool, error) {
	for {
		agreed := true
		for _, c := range a {
			id, ok, err := c.seek(ctx, target)
			if err != nil || !ok {
				return "", false, err
			}
			if id != target {
				if id < target {
					return "", false, errMergeOrder
				}
				target, agreed = id, false
			}
		}
		if agreed {
			return target, true, nil
		}
	}
}

// orCursor is the ids in any list.
type orCursor []idCursor

func (o orCursor) seek(ctx context.Context, target string) (string, bool, error) {
	best, found := "", false
	for _, c := range o {
		id, ok, err := c.seek(ctx, target)
		if err != nil {
			return "", false, err
		}
		if ok && (!found || id < best) {
			best, found = id, true
		}
	}
	return best, found, nil
}

// nextAfter is the smallest string above id, as a seek target.
func nextAfter(id string) string { return id + "\x00" }

// collectRange reads every person with a key in [lo, hi), sorted and
// without repeats. Only ranges counted below driverCountCap are collected.
func (db *DB) collectRange(ctx context.Context, lo, hi string) (*sliceCursor, error) {
	ids, err := db.personIDs(ctx, `SELECT person_id FROM person_search_keys WHERE search_key >= ? AND search_key < ?`, lo, hi)
	if err != nil {
		return nil, err
	}
	sort.Strings(ids)
	out := ids[:0]
	for i, id := range ids {
		if i == 0 || id != ids[i-1] {
			out = append(out, id)
		}
	}
	return &sliceCursor{ids: out}, nil
}

// searchPeopleMerged answers f by merging sorted id lists (see mergeFrom):
// a term's alternatives are a union of its keys' lists (an alternative of
// several keys their intersection) and its prefix ranges, collected and
// sorted; the terms are intersected. A term with a prefix counted at the
// cap (thousands of keys in range, which could be far more) is not read
// but tested, in the key index, for each batch of the others' common
// people. The survivors come in id order and their people rows are read a
// batch at a time until Limit are readable, so the answer is the first
// Limit readable people by id among all matches. ok is false when every
// term would be tested: the caller answers with the per-entry plan.
func (db *DB) searchPeopleMerged(ctx context.Context, f search.PeopleFind, plan peoplePlan) (out []search.PersonCandidate, ok bool, err error) {
	var merged andCursor
	for i, alts := range f.Terms {
		var or orCursor
		for _, a := range alts {
			if len(a.Keys) == 0 || len(a.Keys) == 1 && inPrefixes(a.Keys[0], f.Prefix, i) {
				continue // the term's prefix range holds it
			}
			var and andCursor
			for _, k := range a.Keys {
				and = append(and, &keyCursor{db: db, key: k})
			}
			if len(and) == 1 {
				or = append(or, and[0])
			} else {
				or = append(or, and)
			}
		}
		if i < len(f.Prefix) {
			for _, p := range f.Prefix[i] {
				if keys, ok := plan.rangeKeys[p]; ok {
					for _, k := range keys {
						or = append(or, &keyCursor{db: db, key: k})
					}
					continue
				}
				c, err := db.collectRange(ctx, p, p+"\U0010FFFF")
				if err != nil {
					return nil, false, err
				}
				or = append(or, c)
			}
		}
		if len(or) == 0 {
			return nil, true, nil // the term matches nobody
		}
		merged = append(merged, or)
	}
	if len(merged) == 0 {
		return nil, false, nil
	}
	batch := max(f.Limit, 1) * peopleBranchFactor
	target := ""
	for len(out) < f.Limit {
		// The next batch of people in every term, in id order; then those
		// of them the viewer reads.
		var cands []string
		for len(cands) < batch {
			id, ok, err := merged.seek(ctx, target)
			if err != nil {
				return nil, false, err
			}
			if !ok {
				break
			}
			cands = append(cands, id)
			target = nextAfter(id)
		}
		if len(cands) == 0 {
			break
		}
		rows, err := db.reader().query(ctx, `SELECT pe.id, pe.doc FROM people pe WHERE pe.id IN (`+placeholders(idPlaces(len(cands)))+
			`) AND pe.erased = 0 AND `+personReadable+` ORDER BY pe.id LIMIT ?`,
			append(idArgs(cands), f.Viewer, f.Viewer, f.Viewer, f.Limit-len(out))...)
		if err != nil {
			return nil, false, err
		}
		got, err := scanPersonCandidates(rows)
		if err != nil {
			return nil, false, err
		}
		out = append(out, got...)
		if len(cands) < batch {
			break // every list is read
		}
	}
	return out, true, nil
}

// idArgs are ids as arguments of an IN list of idPlaces(len(ids)) places:
// the list is padded to a power of two with the last id, so that a few
// statement texts serve every batch (SQLite keeps them prepared).
func idArgs(ids []string) []any {
	args := make([]any, idPlaces(len(ids)))
	for i := range args {
		args[i] = ids[min(i, len(ids)-1)]
	}
	return args
}

func idPlaces(n int) int {
	p := 1
	for p < n {
		p *= 2
	}
	return p
}
