package store

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"strings"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/rights"
)

var _ rights.Store = (*DB)(nil)

// RightsFamily loads the rights family of one title.
func (db *DB) RightsFamily(ctx context.Context, titleID string) (*rights.Family, error) {
	fams, err := loadFamilies(ctx, db.reader(), []string{titleID})
	if err != nil {
		return nil, err
	}
	return fams[0], nil
}

// RightsFamilies loads the families of several titles with a fixed number of queries.
func (db *DB) RightsFamilies(ctx context.Context, ids []string) ([]*rights.Family, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	return loadFamilies(ctx, db.reader(), ids)
}

// RightsChange runs fn over the title's family under the family's lock and writes its change.
func (db *DB) RightsChange(ctx context.Context, titleID string, fn func(f *rights.Family) (*rights.Change, error)) error {
	return db.inTx(ctx, func(c conn) error { return rightsChangeTx(ctx, c, titleID, fn) })
}

// rightsChangeTx is RightsChange inside a transaction the caller owns, so
// other stores (licensing: accept a request and record its licence) can
// combine it with their own writes.
func rightsChangeTx(ctx context.Context, c conn, titleID string, fn func(f *rights.Family) (*rights.Change, error)) error {
	if err := lockRights(ctx, c, titleID); err != nil {
		return err
	}
	fams, err := loadFamilies(ctx, c, []string{titleID})
	if err != nil {
		return err
	}
	ch, err := fn(fams[0])
	if err != nil {
		return err
	}
	return applyChange(ctx, c, ch)
}

// lockRights serialises rights changes within one title hierarchy (a series
// with its seasons and episodes), since a licence on an episode can clash with
// one on its series. SQLite write transactions are serialised already (BEGIN
// IMMEDIATE on the single writer connection); PostgreSQL takes a transaction
// advisory lock on the hierarchy's root, so a check and the insert it allows
// cannot interleave with another's.
func lockRights(ctx context.Context, c conn, titleID string) error {
	root, err := rootOf(ctx, c, titleID)
	if err != nil {
		return err
	}
	if c.d != Postgres {
		return nil
	}
	h := fnv.New64a()
	h.Write([]byte("rights:" + root))
	_, err = c.exec(ctx, `SELECT pg_advisory_xact_lock(?)`, int64(h.Sum64()))
	return err
}

func rootOf(ctx context.Context, c conn, id string) (string, error) {
	cur := id
	for depth := 0; depth < 10; depth++ {
		var parent *string
		if err := c.queryRow(ctx, `SELECT parent_id FROM titles WHERE id = ?`, cur).Scan(&parent); err != nil {
			if apperr.Is(interpretError(err), apperr.NotFound) {
				return "", apperr.New(apperr.NotFound, "title %q not found", id)
			}
			return "", interpretError(err)
		}
		if parent == nil {
			return cur, nil
		}
		cur = *parent
	}
	return cur, nil
}

// loadFamilies reads the hierarchy around each title and every record on it.
func loadFamilies(ctx context.Context, c conn, ids []string) ([]*rights.Family, error) {
	parent := map[string]string{}
	containers := map[string]bool{} // series and seasons: the only titles with children
	// Walk up to the ancestors, then down to the descendants, one indexed
	// query per level (hierarchies are at most series > season > episode; the
	// depth bound only guards bad data). A recursive CTE would do this in one
	// statement, but SQLite may plan its recursive step as a scan of titles.
	level := func(where string, keys []string) ([]string, error) {
		args := make([]any, len(keys))
		for i, k := range keys {
			args[i] = k
		}
		rows, err := c.query(ctx, `SELECT id, parent_id, kind FROM titles WHERE `+where+` IN (`+placeholders(len(keys))+`)`, args...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var next []string
		for rows.Next() {
			var id, kind string
			var p *string
			if err := rows.Scan(&id, &p, &kind); err != nil {
				return nil, err
			}
			if kind == string(catalog.KindSeries) || kind == string(catalog.KindSeason) {
				containers[id] = true
			}
			if _, seen := parent[id]; seen {
				continue
			}
			parent[id] = ""
			if p != nil {
				parent[id] = *p
			}
			next = append(next, id)
		}
		return next, rows.Err()
	}
	up := ids
	for depth := 0; len(up) > 0 && depth < 10; depth++ {
		found, err := level("id", up)
		if err != nil {
			return nil, err
		}
		up = up[:0:0]
		for _, id := range found {
			if p := parent[id]; p != "" {
				if _, seen := parent[p]; !seen {
					up = append(up, p)
				}
			}
		}
	}
	// Only series and seasons have children, so films and episodes (most
	// titles) skip the walk down; that also spares SQLite a plan that, with
	// statistics saying nearly every parent_id is NULL, scans titles.
	var down []string
	for _, id := range ids {
		if containers[id] {
			down = append(down, id)
		}
	}
	for depth := 0; len(down) > 0 && depth < 10; depth++ {
		found, err := level("parent_id", down)
		if err != nil {
			return nil, err
		}
		down = down[:0:0]
		for _, id := range found {
			if containers[id] {
				down = append(down, id)
			}
		}
	}
	for _, id := range ids {
		if _, ok := parent[id]; !ok {
			return nil, apperr.New(apperr.NotFound, "title %q not found", id)
		}
	}
	all := make([]any, 0, len(parent))
	for id := range parent {
		all = append(all, id)
	}
	holdings, err := queryHoldings(ctx, c, `WHERE title_id IN (`+placeholders(len(all))+`)`, all...)
	if err != nil {
		return nil, err
	}
	licences, err := queryLicences(ctx, c, `WHERE title_id IN (`+placeholders(len(all))+`)`, all...)
	if err != nil {
		return nil, err
	}
	out := make([]*rights.Family, len(ids))
	for i, id := range ids {
		f := &rights.Family{TitleID: id, Parent: map[string]string{}}
		// A family is the title's chain and its descendants.
		inFamily := func(t string) bool {
			for x := t; x != ""; x = parent[x] {
				if x == id {
					return true
				}
			}
			for x := id; x != ""; x = parent[x] {
				if x == t {
					return true
				}
			}
			return false
		}
		for t, p := range parent {
			if inFamily(t) {
				f.Parent[t] = p
			}
		}
		for _, h := range holdings {
			if _, ok := f.Parent[h.TitleID]; ok {
				f.Holdings = append(f.Holdings, h)
			}
		}
		for _, l := range licences {
			if _, ok := f.Parent[l.TitleID]; ok {
				f.Licences = append(f.Licences, l)
			}
		}
		out[i] = f
	}
	return out, nil
}

const holdingCols = `id, title_id, holder, doc, avail_id, created_at, created_by`
const licenceCols = `id, title_id, licensor, licensee, doc, avail_id, source, created_at, created_by`

func queryHoldings(ctx context.Context, c conn, where string, args ...any) ([]*rights.Holding, error) {
	rows, err := c.query(ctx, `SELECT `+holdingCols+` FROM holdings `+where+` ORDER BY title_id, id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*rights.Holding
	for rows.Next() {
		var h rights.Holding
		var doc, created string
		var avail *string
		if err := rows.Scan(&h.ID, &h.TitleID, &h.Holder, &doc, &avail, &created, &h.CreatedBy); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(doc), &h.Terms); err != nil {
			return nil, fmt.Errorf("decode holding %s: %w", h.ID, err)
		}
		if avail != nil {
			h.AvailID = *avail
		}
		h.CreatedAt = parseTime(created)
		out = append(out, &h)
	}
	return out, rows.Err()
}

func queryLicences(ctx context.Context, c conn, where string, args ...any) ([]*rights.Licence, error) {
	rows, err := c.query(ctx, `SELECT `+licenceCols+` FROM licences `+where+` ORDER BY title_id, id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*rights.Licence
	for rows.Next() {
		var l rights.Licence
		var doc, created string
		var avail *string
		if err := rows.Scan(&l.ID, &l.TitleID, &l.Licensor, &l.Licensee, &doc, &avail, &l.Source, &created, &l.CreatedBy); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(doc), &l.Terms); err != nil {
			return nil, fmt.Errorf("decode licence %s: %w", l.ID, err)
		}
		if avail != nil {
			l.AvailID = *avail
		}
		l.CreatedAt = parseTime(created)
		out = append(out, &l)
	}
	return out, rows.Err()
}

// termColumns derives the filter columns of a record from its terms.
func termColumns(t *rights.Terms) (doc string, cols []any, err error) {
	b, err := json.Marshal(t)
	if err != nil {
		return "", nil, err
	}
	bits := t.TerritoryBits()
	var end any
	if t.End != nil {
		end = *t.End
	}
	excl := 0
	if t.Exclusive {
		excl = 1
	}
	return string(b), []any{int64(t.MediaBits()), int64(bits[0]), int64(bits[1]), int64(bits[2]), int64(bits[3]),
		t.Start, end, excl}, nil
}

func applyChange(ctx context.Context, c conn, ch *rights.Change) error {
	if ch == nil {
		return nil
	}
	for _, id := range ch.DeleteHoldings {
		if _, err := c.exec(ctx, `DELETE FROM holdings WHERE id = ?`, id); err != nil {
			return err
		}
	}
	for _, id := range ch.DeleteLicences {
		if _, err := c.exec(ctx, `DELETE FROM licences WHERE id = ?`, id); err != nil {
			return err
		}
	}
	for _, h := range ch.AddHoldings {
		doc, cols, err := termColumns(&h.Terms)
		if err != nil {
			return err
		}
		args := append([]any{h.ID, h.TitleID, h.Holder, doc}, cols...)
		args = append(args, nullString(h.AvailID), fmtTime(h.CreatedAt), h.CreatedBy)
		if _, err := c.exec(ctx, `INSERT INTO holdings (id, title_id, holder, doc, media_mask, t0, t1, t2, t3,
			start_date, end_date, exclusive, avail_id, created_at, created_by) VALUES (`+placeholders(15)+`)`, args...); err != nil {
			if apperr.Is(err, apperr.Conflict) {
				return apperr.New(apperr.Conflict, "holding %s: unknown title or holder, or the id is taken", h.ID)
			}
			return err
		}
	}
	for _, l := range ch.AddLicences {
		doc, cols, err := termColumns(&l.Terms)
		if err != nil {
			return err
		}
		args := append([]any{l.ID, l.TitleID, l.Licensor, l.Licensee, doc}, cols...)
		args = append(args, nullString(l.AvailID), l.Source, fmtTime(l.CreatedAt), l.CreatedBy)
		if _, err := c.exec(ctx, `INSERT INTO licences (id, title_id, licensor, licensee, doc, media_mask, t0, t1, t2, t3,
			start_date, end_date, exclusive, avail_id, source, created_at, created_by) VALUES (`+placeholders(17)+`)`, args...); err != nil {
			if apperr.Is(err, apperr.Conflict) {
				return apperr.New(apperr.Conflict, "licence %s: unknown title or licensor, or the id is taken", l.ID)
			}
			return err
		}
	}
	return nil
}

// errRollback makes inTx roll back a batch whose units failed.
var errRollback = apperr.New(apperr.Invalid, "batch rolled back")

// RightsBatch applies ops in one transaction, each unit in a savepoint so a
// failed one leaves no trace when the good ones are kept.
func (db *DB) RightsBatch(ctx context.Context, ops []rights.BatchOp, keepGood bool) ([]error, error) {
	errs := make([]error, len(ops))
	err := db.inTx(ctx, func(c conn) error {
		failed := false
		for i, op := range ops {
			if op.TitleID == "" {
				_, errs[i] = op.Fn(&rights.Family{Parent: map[string]string{}})
				if errs[i] == nil {
					errs[i] = apperr.New(apperr.Invalid, "no title")
				}
				failed = true
				continue
			}
			if _, err := c.exec(ctx, `SAVEPOINT rights_op`); err != nil {
				return err
			}
			err := rightsChangeTx(ctx, c, op.TitleID, op.Fn)
			if err != nil {
				var ae *apperr.Error
				if !asAppErr(err, &ae) || ae.Code == apperr.Internal {
					return err
				}
				errs[i], failed = err, true
				if _, err := c.exec(ctx, `ROLLBACK TO SAVEPOINT rights_op`); err != nil {
					return err
				}
			}
			if _, err := c.exec(ctx, `RELEASE SAVEPOINT rights_op`); err != nil {
				return err
			}
		}
		if failed && !keepGood {
			return errRollback
		}
		return nil
	})
	if err != nil && err != errRollback {
		return nil, err
	}
	return errs, nil
}

func asAppErr(err error, target **apperr.Error) bool {
	ae, ok := err.(*apperr.Error)
	if ok {
		*target = ae
	}
	return ok
}

// RightsCandidates lists readable titles with a holding (their own or their
// season's or series') that overlaps the request.
func (db *DB) RightsCandidates(ctx context.Context, p rights.CandidateParams) ([]string, error) {
	readable, args := ReadableClause(p.Viewer)
	to := p.To.String()
	if p.To == rights.Forever {
		to = "9999-12-31"
	}
	args = append(args, p.After, int64(p.Media), to, p.From.String(),
		int64(p.Territories[0]), int64(p.Territories[1]), int64(p.Territories[2]), int64(p.Territories[3]), p.Limit)
	rows, err := db.reader().query(ctx, `SELECT t.id FROM titles t WHERE `+readable+` AND t.id > ?
		AND EXISTS (SELECT 1 FROM holdings h
			WHERE h.title_id IN (t.id, t.parent_id, (SELECT p.parent_id FROM titles p WHERE p.id = t.parent_id))
			AND (h.media_mask & ?) <> 0 AND h.start_date <= ? AND (h.end_date IS NULL OR h.end_date >= ?)
			AND ((h.t0 & ?) <> 0 OR (h.t1 & ?) <> 0 OR (h.t2 & ?) <> 0 OR (h.t3 & ?) <> 0))
		ORDER BY t.id LIMIT ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// HoldingsOf returns an organisation's holdings.
func (db *DB) HoldingsOf(ctx context.Context, org string) ([]*rights.Holding, error) {
	return queryHoldings(ctx, db.reader(), `WHERE holder = ?`, org)
}

// LicencesOf returns the licences an organisation granted.
func (db *DB) LicencesOf(ctx context.Context, org string) ([]*rights.Licence, error) {
	return queryLicences(ctx, db.reader(), `WHERE licensor = ?`, org)
}

// TitleIDsByRef finds titles by id or by any identifier value.
func (db *DB) TitleIDsByRef(ctx context.Context, ref string) ([]string, error) {
	rows, err := db.reader().query(ctx, `SELECT id FROM titles WHERE id = ?
		UNION SELECT title_id FROM title_identifiers WHERE value = ?`, ref, strings.TrimSpace(ref))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
