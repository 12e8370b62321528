package store

import (
	"context"

	"github.com/silkbridge/silkbridge/internal/search"
)

var _ search.PeopleSourceStore = (*DB)(nil)

// PeopleChanges reads the people change log.
func (db *DB) PeopleChanges(ctx context.Context, after int64, seqs []int64, limit int) ([]search.Change, error) {
	return db.changes(ctx, `people_changes`, `person_id`, after, seqs, limit)
}

// PeopleMaxSeq returns the newest people change seq.
func (db *DB) PeopleMaxSeq(ctx context.Context) (int64, error) {
	return db.maxSeq(ctx, `people_changes`)
}

// PeopleSource returns what the in-memory people index keeps of people:
// those named by ids, or a page in id order.
func (db *DB) PeopleSource(ctx context.Context, ids []string, after string, limit int) ([]search.PersonSource, error) {
	const cols = `SELECT id, owner_org, COALESCE(org, ''), visibility, erased, version, doc FROM people`
	q, args := cols+` WHERE id > ? ORDER BY id LIMIT ?`, []any{after, limit}
	if ids != nil {
		if len(ids) == 0 {
			return nil, nil
		}
		var in string
		in, args = inList(ids)
		q = cols + ` WHERE id IN (` + in + `) ORDER BY id`
	}
	rows, err := db.reader().query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []search.PersonSource
	for rows.Next() {
		var s search.PersonSource
		var erased int64
		var doc string
		if err := rows.Scan(&s.ID, &s.Owner, &s.Org, &s.Visibility, &erased, &s.Version, &doc); err != nil {
			return nil, interpretError(err)
		}
		s.Erased = erased != 0
		var d personDoc
		if err := decodeDoc(doc, &d); err != nil {
			return nil, err
		}
		s.Names = make(map[string]string, len(d.Localizations))
		for tag, l := range d.Localizations {
			s.Names[tag] = l.Name
		}
		out = append(out, s)
	}
	return out, interpretError(rows.Err())
}
