package store

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/silkbridge/silkbridge/internal/search"
)

// maxTerms caps a vocabulary look-up's answer, on both engines.
const maxTerms = 5000

// pgSearchTermsSQL asks for every range with one statement text, the
// ranges passed as arrays and each read by a lateral seek. The UNION of
// one SELECT per range that SQLite runs has a different text for every
// count and kind of ranges, so PostgreSQL planned nearly every look-up
// afresh: at a million titles that planning took 1.6 ms of a search, twice
// the look-up itself. One text lets the plan be made once per connection.
var pgSearchTermsSQL = `SELECT r.term FROM unnest(CAST(? AS bigint[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS bigint[])) AS q(runes, lo, hi, lim)
	CROSS JOIN LATERAL (SELECT term FROM search_terms WHERE runes = q.runes AND term >= q.lo AND term < q.hi ORDER BY term LIMIT q.lim) r
UNION
SELECT r.term FROM unnest(CAST(? AS bigint[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS bigint[])) AS q(runes, lo, hi, lim)
	CROSS JOIN LATERAL (SELECT term FROM search_terms WHERE runes = q.runes AND rev >= q.lo AND rev < q.hi ORDER BY rev LIMIT q.lim) r
LIMIT ` + strconv.Itoa(maxTerms)

// termRanges holds ranges of one kind (by term or by reversed term) as
// the statement's four arrays.
type termRanges struct {
	runes, limits []int64
	lo, hi        []string
}

func (t *termRanges) add(r search.TermRange) {
	limit := int64(maxTerms) // no range answers more than the statement does
	if r.Limit > 0 {
		limit = int64(r.Limit)
	}
	t.runes = append(t.runes, int64(r.Runes))
	// U+10FFFF sorts after every character, in bytes as in code points.
	t.lo = append(t.lo, r.Prefix)
	t.hi = append(t.hi, r.Prefix+"\U0010FFFF")
	t.limits = append(t.limits, limit)
}

// pgSearchTerms runs the look-up with the plan PostgreSQL makes for the
// statement's text alone. Left to choose, PostgreSQL kept planning each
// call for its arrays (the plan it estimates for ten ranges costs more
// than one for the actual three), and that planning was the cost to save;
// the plan is the same seeks either way.
func (db *DB) pgSearchTerms(ctx context.Context, ranges []search.TermRange) ([]string, error) {
	var fwd, rev termRanges
	for _, r := range ranges {
		if r.Reversed {
			rev.add(r)
		} else {
			fwd.add(r)
		}
	}
	args := []any{fwd.runes, fwd.lo, fwd.hi, fwd.limits, rev.runes, rev.lo, rev.hi, rev.limits}
	out := []string{}
	err := db.pgReadPlanned(ctx, genericPlans, pgSearchTermsSQL, args, func(rows *sql.Rows) error {
		var term string
		if err := rows.Scan(&term); err != nil {
			return err
		}
		out = append(out, term)
		return nil
	})
	return out, err
}
