package store

import (
	"context"

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

// fillTitleSortKeys gives the titles that lack some sort key (stored before
// the keys existed, or before a sort language was added) all of theirs, a
// batch per transaction, walking titles once in id order. Every later write
// keeps them current, so when each title already has one key per language
// (two counts, compared on every migrate) nothing is read.
func (db *DB) fillTitleSortKeys(ctx context.Context) error {
	var titles, keys int64
	if err := db.inTx(ctx, func(c conn) error {
		if err := c.queryRow(ctx, `SELECT COUNT(*) FROM titles`).Scan(&titles); err != nil {
			return err
		}
		return c.queryRow(ctx, `SELECT COUNT(*) FROM title_sort_keys`).Scan(&keys)
	}); err != nil {
		return err
	}
	if keys == titles*int64(len(catalog.SortLanguages)) {
		return nil
	}
	after := ""
	for {
		var todo []*catalog.Title
		err := db.inTx(ctx, func(c conn) error {
			rows, err := c.query(ctx, `SELECT t.doc, t.version FROM titles t
				WHERE t.id > ? AND (SELECT COUNT(*) FROM title_sort_keys k WHERE k.title_id = t.id) < ?
				ORDER BY t.id LIMIT 200`,
				after, len(catalog.SortLanguages))
			if err != nil {
				return err
			}
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
			return nil
		})
		if err != nil || len(todo) < 200 {
			return err
		}
		after = todo[len(todo)-1].ID
	}
}
