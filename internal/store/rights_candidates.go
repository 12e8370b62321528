package store

import (
	"context"

	"github.com/silkbridge/silkbridge/internal/rights"
)

// RightsCandidates finds the titles worth evaluating in two ordered streams
// from the cursor, each cut at p.Limit: titles with an overlapping holding of
// their own, read from the holdings_title_terms index alone (about five
// entries a title, instead of three probes a title when walking titles), and
// seasons and episodes whose parent or grandparent has one, walked through
// the titles_children index. Both are cut at the same id, the first stream's
// end that was reached, so nothing before it is missed. The candidates are
// then checked for readability and, when p.Blocking says so, for a licence of
// their own that blocks the whole request (licences_title_terms).
//
// The two streams are two statements run at once on two reader
// connections: on a catalogue of series each is about half of a page's
// candidates work, and they share nothing.
func (db *DB) RightsCandidates(ctx context.Context, p rights.CandidateParams) ([]string, string, error) {
	to := p.To.String()
	if p.To == rights.Forever {
		to = "9999-12-31"
	}
	terr := []any{int64(p.Territories[0]), int64(p.Territories[1]), int64(p.Territories[2]), int64(p.Territories[3])}
	overlaps := func(a string) (string, []any) {
		return `(` + a + `.media_mask & ?) <> 0 AND ` + a + `.start_date <= ? AND (` + a + `.end_date IS NULL OR ` + a + `.end_date >= ?)
			AND ((` + a + `.t0 & ?) <> 0 OR (` + a + `.t1 & ?) <> 0 OR (` + a + `.t2 & ?) <> 0 OR (` + a + `.t3 & ?) <> 0)`,
			append([]any{int64(p.Media), to, p.From.String()}, terr...)
	}
	hcond, hargs := overlaps("h")
	// Arguments in the order of their placeholders: the checks, then the stream.
	readable, checkArgs := ReadableClause(p.Viewer)
	blocked := ""
	if p.Blocking != rights.BlockNone {
		lcond, largs := overlaps("l")
		excl := ""
		if p.Blocking == rights.BlockExclusive {
			excl = " AND l.exclusive = 1"
		}
		blocked = ` AND NOT EXISTS (SELECT 1 FROM licences l WHERE l.title_id = t.id` + excl + ` AND ` + lcond + `)`
		checkArgs = append(checkArgs, largs...)
	}
	streamArgs := append(append([]any{p.After}, hargs...), p.Limit)
	checked := func(stream string) string {
		return `SELECT c.id, CASE WHEN ` + readable + blocked + ` THEN 1 ELSE 0 END
			FROM (` + stream + `) c JOIN titles t ON t.id = c.id ORDER BY c.id`
	}
	own := checked(`SELECT DISTINCT h.title_id AS id FROM holdings h
		WHERE h.title_id > ? AND ` + hcond + ` ORDER BY h.title_id LIMIT ?`)
	inherited := checked(`SELECT k.id FROM titles k WHERE k.parent_id IS NOT NULL AND k.id > ?
		AND EXISTS (SELECT 1 FROM holdings h
			WHERE h.title_id IN (k.parent_id, (SELECT p.parent_id FROM titles p WHERE p.id = k.parent_id)) AND ` + hcond + `)
		ORDER BY k.id LIMIT ?`)
	args := append(append([]any{}, checkArgs...), streamArgs...)
	var mine, inh []candidate
	err := atOnce(func() (err error) {
		mine, err = db.candidates(ctx, own, args)
		return err
	}, func() (err error) {
		inh, err = db.candidates(ctx, inherited, args)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	// A stream that reached its limit may continue past its last id; the
	// other's titles beyond that id wait for the next batch.
	next := ""
	for _, s := range [][]candidate{mine, inh} {
		if len(s) >= p.Limit && (next == "" || s[len(s)-1].id < next) {
			next = s[len(s)-1].id
		}
	}
	var out []string
	for _, c := range mergeCandidates(mine, inh) {
		if next != "" && c.id > next {
			break
		}
		if c.ok && (len(out) == 0 || out[len(out)-1] != c.id) {
			out = append(out, c.id)
		}
	}
	return out, next, nil
}

// candidate is a title of one candidates stream, ok when it passed the
// stream's checks.
type candidate struct {
	id string
	ok bool
}

func (db *DB) candidates(ctx context.Context, q string, args []any) ([]candidate, error) {
	rows, err := db.reader().query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []candidate
	for rows.Next() {
		var c candidate
		var ok int
		if err := rows.Scan(&c.id, &ok); err != nil {
			return nil, err
		}
		c.ok = ok == 1
		out = append(out, c)
	}
	return out, rows.Err()
}

// mergeCandidates merges two streams ordered by id into one.
func mergeCandidates(a, b []candidate) []candidate {
	out := make([]candidate, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if b[0].id < a[0].id {
			out, b = append(out, b[0]), b[1:]
		} else {
			out, a = append(out, a[0]), a[1:]
		}
	}
	return append(append(out, a...), b...)
}
