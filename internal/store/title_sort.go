package store

import (
	"context"
	"errors"
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
	if f.Complete {
		db.sortKeysComplete.Store(true)
	}
	return f, nil
}

// sortFillBatch is how many titles one fill batch walks. Keys are computed
// before its transaction, which only checks and writes them. Writing 150
// keys into a large SQLite catalogue (random places in two indexes) holds
// the write lock for about 15 ms, like importing as many titles; 200 titles
// held it for about 60.
const sortFillBatch = 50

// FillTitleSortKeysBatch gives the next titles that lack some sort key
// (stored before the keys existed, or before a sort language was added) all
// of theirs, walking titles in id order from where the previous batch
// stopped (kept in title_sort_fill, so a fill cut off by a crash resumes
// there). It reads and computes outside its write transaction, which
// writes a title's keys only if the title is still at the version read
// (a title changed meanwhile got current keys from its change). After the
// last title it marks the catalogue complete. Every other write keeps keys
// current, so titles created or changed behind the fill need nothing from it.
func (db *DB) FillTitleSortKeysBatch(ctx context.Context) (TitleSortFill, error) {
	want := SortKeysLangs()
	r := db.reader()
	var langs, target, after string
	var f TitleSortFill
	if err := r.queryRow(ctx, `SELECT langs, target, after_id, done, total FROM title_sort_fill WHERE id = 1`).
		Scan(&langs, &target, &after, &f.Done, &f.Total); err != nil {
		return f, interpretError(err)
	}
	if f.Complete = langs == want; f.Complete {
		return f, nil
	}
	if target != want {
		// Not started, or started by a build with other languages: the
		// titles it walked may lack this build's.
		after, f.Done, f.Total = "", 0, 0
	}
	if f.Total == 0 {
		if err := r.queryRow(ctx, `SELECT COUNT(*) FROM titles`).Scan(&f.Total); err != nil {
			return f, interpretError(err)
		}
	}
	ids, err := r.strings(ctx, `SELECT id FROM titles WHERE id > ? ORDER BY id LIMIT ?`, after, sortFillBatch)
	if err != nil {
		return f, err
	}
	var todo []*catalog.Title
	if len(ids) > 0 {
		args := []any{after, ids[len(ids)-1]}
		for _, l := range catalog.SortLanguages {
			args = append(args, l)
		}
		args = append(args, len(catalog.SortLanguages))
		if todo, err = queryTitles(ctx, r, `SELECT t.doc, t.version FROM titles t WHERE t.id > ? AND t.id <= ?
			AND (SELECT COUNT(*) FROM title_sort_keys k WHERE k.title_id = t.id AND k.lang IN (?`+
			strings.Repeat(", ?", len(catalog.SortLanguages)-1)+`)) < ? ORDER BY t.id`, args...); err != nil {
			return f, interpretError(err)
		}
	}
	keys := make([][]byte, 0, len(todo)*len(catalog.SortLanguages))
	for _, t := range todo {
		for _, l := range catalog.SortLanguages {
			keys = append(keys, catalog.SortKey(t, l))
		}
	}
	err = db.inTx(ctx, func(c conn) error {
		lock := ""
		if c.d == Postgres {
			// Two fills at once (a job rescued while still running) take
			// turns; the second finds the cursor moved and does nothing.
			lock = " FOR UPDATE"
		}
		var nowTarget, nowAfter string
		if err := c.queryRow(ctx, `SELECT target, after_id FROM title_sort_fill WHERE id = 1`+lock).Scan(&nowTarget, &nowAfter); err != nil {
			return err
		}
		if nowTarget != target || nowAfter != after {
			return errFillMoved
		}
		if len(ids) == 0 {
			f.Complete = true
			db.sortKeysComplete.Store(true)
			_, err := c.exec(ctx, `UPDATE title_sort_fill SET langs = ?, target = ?, after_id = '', done = ?, total = ?, updated_at = ? WHERE id = 1`,
				want, want, f.Done, f.Total, fmtTimeNow())
			return err
		}
		if err := writeFilledKeys(ctx, c, todo, keys); err != nil {
			return err
		}
		f.Done += int64(len(ids))
		_, err := c.exec(ctx, `UPDATE title_sort_fill SET target = ?, after_id = ?, done = ?, total = ?, updated_at = ? WHERE id = 1`,
			want, ids[len(ids)-1], f.Done, f.Total, fmtTimeNow())
		return err
	})
	if err == errFillMoved {
		// Another fill did this batch; report where things stand.
		return db.TitleSortKeysStatus(ctx)
	}
	return f, interpretError(err)
}

var errFillMoved = errors.New("title sort fill moved on")

// writeFilledKeys replaces the keys of the titles among todo still at the
// version read (keys holds each one's, in catalog.SortLanguages' order),
// with one statement per table.
func writeFilledKeys(ctx context.Context, c conn, todo []*catalog.Title, keys [][]byte) error {
	if len(todo) == 0 {
		return nil
	}
	lock := ""
	if c.d == Postgres {
		lock = " FOR UPDATE" // a change waits for this batch, then rewrites its keys
	}
	ids := make([]any, len(todo))
	for i, t := range todo {
		ids[i] = t.ID
	}
	in := "?" + strings.Repeat(", ?", len(ids)-1)
	rows, err := c.query(ctx, `SELECT id, version FROM titles WHERE id IN (`+in+`)`+lock, ids...)
	if err != nil {
		return err
	}
	version := map[string]int64{}
	for rows.Next() {
		var id string
		var v int64
		if err := rows.Scan(&id, &v); err != nil {
			rows.Close()
			return err
		}
		version[id] = v
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var still []any
	var values []string
	var args []any
	n := len(catalog.SortLanguages)
	for i, t := range todo {
		if v, ok := version[t.ID]; !ok || v != t.Version {
			continue // deleted, or changed and given current keys
		}
		still = append(still, t.ID)
		for j, l := range catalog.SortLanguages {
			values = append(values, "(?, ?, ?)")
			args = append(args, t.ID, l, keys[i*n+j])
		}
	}
	if len(still) == 0 {
		return nil
	}
	if _, err := c.exec(ctx, `DELETE FROM title_sort_keys WHERE title_id IN (?`+strings.Repeat(", ?", len(still)-1)+`)`, still...); err != nil {
		return err
	}
	_, err = c.exec(ctx, `INSERT INTO title_sort_keys (title_id, lang, sort_key) VALUES `+strings.Join(values, ", "), args...)
	return err
}

// FillTitleSortKeys runs FillTitleSortKeysBatch until the catalogue is
// complete or ctx ends, calling progress after each batch (when not nil);
// an error from progress stops the fill.
func (db *DB) FillTitleSortKeys(ctx context.Context, progress func(TitleSortFill) error) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		f, err := db.FillTitleSortKeysBatch(ctx)
		if err != nil {
			return err
		}
		if progress != nil {
			if err := progress(f); err != nil {
				return err
			}
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
	db.sortKeysComplete.Store(false)
	return db.inTx(ctx, func(c conn) error {
		_, err := c.exec(ctx, `UPDATE title_sort_fill SET langs = '', target = '', after_id = '', done = 0, total = 0, updated_at = ? WHERE id = 1`, fmtTimeNow())
		return err
	})
}

// sortKeysMissing says whether some title may lack its key in a sort
// language: the fill has not finished. Once this process has seen the
// catalogue complete it reads nothing.
func (db *DB) sortKeysMissing(ctx context.Context) (bool, error) {
	if db.sortKeysComplete.Load() {
		return false, nil
	}
	f, err := db.TitleSortKeysStatus(ctx)
	return !f.Complete, err
}
