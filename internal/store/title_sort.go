package store

import (
	"context"
	"strings"

	"github.com/silkbridge/silkbridge/internal/catalog"
)

// writeTitleSortKeys stores a title's collation key in every sort language
// (see migration 00090); the caller has deleted the old ones.
func writeTitleSortKeys(ctx context.Context, c conn, t *catalog.Title) error {
	for _, lang := range catalog.SortLanguages {
		if _, err := c.exec(ctx, `INSERT INTO title_sort_keys (title_id, lang, sort_key) VALUES (?, ?, ?)`,
			t.ID, lang, catalog.SortKey(t, lang)); err != nil {
			return err
		}
	}
	return nil
}

// SortKeysLangs is how title_sort_fill.langs names the sort languages of this
// build (migration 00095): a catalogue whose row says so has every key.
func SortKeysLangs() string { return strings.Join(catalog.SortLanguages, ",") }

// TitleSortFill is how far filling missing title sort keys has come.
type TitleSortFill struct {
	// Complete: every title has its key in every sort language.
	Complete bool
	// Done of Total titles walked by the running fill (Total is counted
	// when it starts; titles created meanwhile can take Done past it).
	Done, Total int64
}

// TitleSortKeysStatus reads whether every title has its sort keys (one
// small row, cheap enough for every start).
func (db *DB) TitleSortKeysStatus(ctx context.Context) (TitleSortFill, error) {
	var langs string
	var f TitleSortFill
	err := db.reader().queryRow(ctx, `SELECT langs, done, total FROM title_sort_fill WHERE id = 1`).Scan(&langs, &f.Done, &f.Total)
	if err != nil {
		return f, interpretError(err)
	}
	f.Complete = langs == SortKeysLangs()
	return f, nil
}

// sortFillBatch is how many titles one fill transaction walks: it writes at
// most three keys for each, a few milliseconds of SQLite's write lock.
const sortFillBatch = 200

// FillTitleSortKeysBatch gives the next titles that lack some sort key
// (stored before the keys existed, or before a sort language was added) all
// of theirs, in one short transaction, walking titles in id order from
// where the previous batch stopped (kept in title_sort_fill, so a fill cut
// off by a crash resumes there). After the last title it marks the
// catalogue complete. Every other write keeps keys current, so titles
// created or changed behind the fill need nothing from it.
func (db *DB) FillTitleSortKeysBatch(ctx context.Context) (TitleSortFill, error) {
	want := SortKeysLangs()
	f, err := db.TitleSortKeysStatus(ctx)
	if err != nil || f.Complete {
		return f, err
	}
	var total int64
	if f.Total == 0 {
		// Counted outside the write transaction: a million titles take
		// longer than a batch should hold SQLite's write lock.
		if err := db.reader().queryRow(ctx, `SELECT COUNT(*) FROM titles`).Scan(&total); err != nil {
			return f, interpretError(err)
		}
	}
	err = db.inTx(ctx, func(c conn) error {
		lock := ""
		if c.d == Postgres {
			// Two fills at once (a job rescued while still running)
			// take turns rather than writing the same keys.
			lock = " FOR UPDATE"
		}
		var langs, target, after string
		if err := c.queryRow(ctx, `SELECT langs, target, after_id, done, total FROM title_sort_fill WHERE id = 1`+lock).
			Scan(&langs, &target, &after, &f.Done, &f.Total); err != nil {
			return err
		}
		if f.Complete = langs == want; f.Complete {
			return nil
		}
		if target != want {
			// Not started, or started by a build with other languages:
			// the titles it walked may lack this build's.
			after, f.Done, f.Total = "", 0, 0
		}
		if f.Total == 0 {
			f.Total = total
		}
		ids, err := c.strings(ctx, `SELECT id FROM titles WHERE id > ? ORDER BY id LIMIT ?`, after, sortFillBatch)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			f.Complete = true
			_, err := c.exec(ctx, `UPDATE title_sort_fill SET langs = ?, target = ?, after_id = '', done = ?, total = ?, updated_at = ? WHERE id = 1`,
				want, want, f.Done, f.Total, fmtTimeNow())
			return err
		}
		last := ids[len(ids)-1]
		args := []any{after, last}
		for _, l := range catalog.SortLanguages {
			args = append(args, l)
		}
		args = append(args, len(catalog.SortLanguages))
		rows, err := c.query(ctx, `SELECT t.doc, t.version FROM titles t WHERE t.id > ? AND t.id <= ?
			AND (SELECT COUNT(*) FROM title_sort_keys k WHERE k.title_id = t.id AND k.lang IN (?`+
			strings.Repeat(", ?", len(catalog.SortLanguages)-1)+`)) < ? ORDER BY t.id`, args...)
		if err != nil {
			return err
		}
		var todo []*catalog.Title
		for rows.Next() {
			t, err := scanTitle(rows)
			if err != nil {
				rows.Close()
				return err
			}
			todo = append(todo, t)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, t := range todo {
			if _, err := c.exec(ctx, `DELETE FROM title_sort_keys WHERE title_id = ?`, t.ID); err != nil {
				return err
			}
			if err := writeTitleSortKeys(ctx, c, t); err != nil {
				return err
			}
		}
		f.Done += int64(len(ids))
		_, err = c.exec(ctx, `UPDATE title_sort_fill SET target = ?, after_id = ?, done = ?, total = ?, updated_at = ? WHERE id = 1`,
			want, last, f.Done, f.Total, fmtTimeNow())
		return err
	})
	return f, interpretError(err)
}

// FillTitleSortKeys runs FillTitleSortKeysBatch until the catalogue is
// complete or ctx ends, calling progress after each batch (when not nil).
func (db *DB) FillTitleSortKeys(ctx context.Context, progress func(TitleSortFill)) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		f, err := db.FillTitleSortKeysBatch(ctx)
		if err != nil {
			return err
		}
		if progress != nil {
			progress(f)
		}
		if f.Complete {
			return nil
		}
	}
}

// ResetTitleSortKeys marks the catalogue as possibly lacking sort keys, so
// the next fill walks every title (what a migration adding a sort language
// does; for tests and operators repairing keys).
func (db *DB) ResetTitleSortKeys(ctx context.Context) error {
	return db.inTx(ctx, func(c conn) error {
		_, err := c.exec(ctx, `UPDATE title_sort_fill SET langs = '', target = '', after_id = '', done = 0, total = 0, updated_at = ? WHERE id = 1`, fmtTimeNow())
		return err
	})
}

// sortKeysMissing says whether some title may lack its key in a sort
// language: the fill has not finished.
func sortKeysMissing(ctx context.Context, c conn) (bool, error) {
	var langs string
	if err := c.queryRow(ctx, `SELECT langs FROM title_sort_fill WHERE id = 1`).Scan(&langs); err != nil {
		return false, interpretError(err)
	}
	return langs != SortKeysLangs(), nil
}
