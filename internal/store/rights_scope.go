package store

import (
	"context"

	"github.com/silkbridge/silkbridge/internal/rights"
)

var _ rights.ScopedFamilyStore = (*DB)(nil)

// RightsFamiliesScoped loads families that answer one question: the licences
// of the titles below the asked ones (a series' episodes) are narrowed to the
// question's scope (see rights.Scope). viewer "" reads without a read check,
// as RightsFamilies does.
func (db *DB) RightsFamiliesScoped(ctx context.Context, viewer string, ids []string, s rights.Scope) ([]*rights.Family, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var v *string
	if viewer != "" {
		v = &viewer
	}
	return db.familiesRead(ctx, v, ids, &s)
}

// holdbacksLike finds the licences whose terms carry holdbacks: the
// documents are json.Marshal'led Terms, whose holdbacks key is omitted when
// there are none. The partial index licences_holdbacks (migration 00075) is
// built on this very predicate, so both engines use it only when a query
// repeats it word for word; the engines maintain it on every insert and
// delete, whichever path writes the licence.
const holdbacksLike = `doc LIKE '%"holdbacks"%'`

// queryScopedRecords is queryRecords for a scoped family load: holdings on
// the titles of chain; every licence on them (the asked titles and their
// ancestors); and, on the other titles of related (their descendants), only
// the licences that can bear on a question inside s. Those are the licences
// that share a medium, a country and a day with it and block it (exclusive,
// or any when s.AnyLicence), which the columns of licences_title_terms
// decide without reading a licence row, and the licences with holdbacks
// (licences_holdbacks). A series' question so decodes a handful of its
// episodes' licences instead of all of them, and the engine, which skips
// every other licence anyway, answers exactly as from the whole family.
func queryScopedRecords(ctx context.Context, c conn, chain, related []any, s *rights.Scope) ([]*rights.Holding, []*rights.Licence, error) {
	inChain := make(map[any]bool, len(chain))
	for _, id := range chain {
		inChain[id] = true
	}
	var below []any
	for _, id := range related {
		if !inChain[id] {
			below = append(below, id)
		}
	}
	if len(below) == 0 {
		return queryRecords(ctx, c, chain, chain, false)
	}
	if len(chain) == 0 {
		chain = []any{""} // no title has an empty id; IN () is not SQL
	}
	to := s.To.String()
	if s.To == rights.Forever {
		to = "9999-12-31"
	}
	excl := " AND exclusive = 1"
	if s.AnyLicence {
		excl = ""
	}
	const cols = `SELECT 'l', id, title_id, licensor, licensee, doc, avail_id, source, created_at, created_by, NULL FROM licences`
	inChainList, chainArgs := inList(chain)
	inBelow, belowArgs := inList(below)
	args := append(append(append([]any{}, chainArgs...), chainArgs...), belowArgs...)
	args = append(args, int64(s.Media), to, s.From.String(),
		int64(s.Territories[0]), int64(s.Territories[1]), int64(s.Territories[2]), int64(s.Territories[3]))
	args = append(args, belowArgs...)
	rows, err := c.query(ctx, `SELECT 'h', id, title_id, holder, '', doc, avail_id, status, created_at, created_by, status_reason
			FROM holdings WHERE title_id IN (`+inChainList+`) AND status = 'confirmed'
		UNION ALL `+cols+` WHERE title_id IN (`+inChainList+`)
		UNION ALL `+cols+` WHERE title_id IN (`+inBelow+`)`+excl+`
			AND (media_mask & ?) <> 0 AND start_date <= ? AND (end_date IS NULL OR end_date >= ?)
			AND ((t0 & ?) <> 0 OR (t1 & ?) <> 0 OR (t2 & ?) <> 0 OR (t3 & ?) <> 0)
		UNION ALL `+cols+` WHERE title_id IN (`+inBelow+`) AND `+holdbacksLike+`
		ORDER BY 3, 2`, args...)
	if err != nil {
		return nil, nil, err
	}
	hs, ls, err := scanRecords(rows)
	if err != nil {
		return nil, nil, err
	}
	// A licence both overlapping and with holdbacks came twice.
	seen := make(map[string]bool, len(ls))
	uniq := ls[:0]
	for _, l := range ls {
		if !seen[l.ID] {
			seen[l.ID] = true
			uniq = append(uniq, l)
		}
	}
	return hs, uniq, nil
}
