package store

import (
	"context"
	"strings"

	"github.com/ncruces/go-sqlite3"
	"github.com/ncruces/go-sqlite3/ext/fts5"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/search"
)

// keysTokenizer is the FTS5 tokenizer of the search index. The index stores
// keys the search analyzer has already made (space-separated), so the
// tokenizer only splits them; queries are built from the same keys.
const keysTokenizer = "silkbridge_keys"

func init() {
	// FTS5 is not built into the driver; register it, with the tokenizer, on
	// every connection.
	sqlite3.AutoExtension(func(c *sqlite3.Conn) error {
		return fts5.RegisterCustom(c, func(api *fts5.API) error {
			return api.CreateTokenizer(keysTokenizer, func([]string) (fts5.Tokenizer, error) { return spaceTokenizer{}, nil })
		})
	})
}

type spaceTokenizer struct{}

func (spaceTokenizer) Tokenize(_ fts5.TokenizeFlag, text, _ string, emit fts5.TokenCallback) error {
	start := 0
	for start < len(text) {
		end := strings.IndexByte(text[start:], ' ')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		if end > start {
			// An empty token means "the bytes start..end of the input", which
			// spares a copy.
			if err := emit(0, "", start, end); err != nil {
				return err
			}
		}
		start = end + 1
	}
	return nil
}

// sqliteSearch keeps the index in an FTS5 table whose rowids are
// search_docs.doc_id. The table is contentless (the keys are not stored
// twice) with contentless_delete, so a title's row can be replaced, and
// detail=column, because queries never need word positions.
type sqliteSearch struct{}

var sqliteIndexDDL = []string{
	`CREATE TABLE search_docs (
		doc_id   INTEGER PRIMARY KEY,
		title_id TEXT NOT NULL UNIQUE,
		version  BIGINT NOT NULL)`,
	`CREATE VIRTUAL TABLE search_fts USING fts5(native, stems, translit,
		content='', contentless_delete=1, detail=column, tokenize='` + keysTokenizer + `')`,
}

func (sqliteSearch) reset(ctx context.Context, c conn) error {
	for _, q := range append([]string{`DROP TABLE IF EXISTS search_fts`, `DROP TABLE IF EXISTS search_docs`}, sqliteIndexDDL...) {
		if _, err := c.exec(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

func (sqliteSearch) probe(ctx context.Context, c conn) error {
	var n int
	err := c.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT d.doc_id FROM search_fts JOIN search_docs d ON d.doc_id = search_fts.rowid
		WHERE search_fts MATCH '"0"' LIMIT 1)`).Scan(&n)
	return interpretError(err)
}

func (sqliteSearch) remove(ctx context.Context, c conn, ids []string) error {
	for _, id := range ids {
		var docID int64
		err := c.queryRow(ctx, `SELECT doc_id FROM search_docs WHERE title_id = ?`, id).Scan(&docID)
		if err != nil {
			if err = interpretError(err); isNotFound(err) {
				continue
			}
			return err
		}
		if _, err := c.exec(ctx, `DELETE FROM search_fts WHERE rowid = ?`, docID); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `DELETE FROM search_docs WHERE doc_id = ?`, docID); err != nil {
			return err
		}
	}
	return nil
}

func (sqliteSearch) upsert(ctx context.Context, c conn, docs []search.Doc) error {
	for _, d := range docs {
		var docID int64
		err := c.queryRow(ctx, `SELECT doc_id FROM search_docs WHERE title_id = ?`, d.TitleID).Scan(&docID)
		switch err = interpretError(err); {
		case err == nil:
			if _, err := c.exec(ctx, `DELETE FROM search_fts WHERE rowid = ?`, docID); err != nil {
				return err
			}
			if _, err := c.exec(ctx, `UPDATE search_docs SET version = ? WHERE doc_id = ?`, d.Version, docID); err != nil {
				return err
			}
		case isNotFound(err):
			if err := c.queryRow(ctx, `INSERT INTO search_docs (title_id, version) VALUES (?, ?) RETURNING doc_id`, d.TitleID, d.Version).Scan(&docID); err != nil {
				return interpretError(err)
			}
		default:
			return err
		}
		if _, err := c.exec(ctx, `INSERT INTO search_fts (rowid, native, stems, translit) VALUES (?, ?, ?, ?)`,
			docID, strings.Join(d.Keys.Native, " "), strings.Join(d.Keys.Stems, " "), strings.Join(d.Keys.Translit, " ")); err != nil {
			return err
		}
	}
	return nil
}

// from matches with an FTS5 expression and ranks by bm25, weighting native
// keys over stems over romanizations (bm25 is lower for better matches).
func (sqliteSearch) from(terms [][]search.Alt) (string, string, []any, string) {
	return `search_fts JOIN search_docs d ON d.doc_id = search_fts.rowid JOIN titles t ON t.id = d.title_id`,
		`search_fts MATCH ?`, []any{fts5Expr(terms)}, `bm25(search_fts, 4.0, 2.0, 1.0)`
}

func (sqliteSearch) jsonElements() string { return `SELECT value FROM json_each(?)` }

// fts5Expr renders terms as an FTS5 query: every term, by any alternative.
func fts5Expr(terms [][]search.Alt) string {
	var b strings.Builder
	for i, alts := range terms {
		if i > 0 {
			b.WriteString(" AND ")
		}
		b.WriteByte('(')
		for j, a := range alts {
			if j > 0 {
				b.WriteString(" OR ")
			}
			b.WriteByte('(')
			for k, key := range a.Keys {
				if k > 0 {
					b.WriteString(" AND ")
				}
				b.WriteString(`"` + strings.ReplaceAll(key, `"`, `""`) + `"`)
				if a.Prefix {
					b.WriteByte('*')
				}
			}
			b.WriteByte(')')
		}
		b.WriteByte(')')
	}
	return b.String()
}

func isNotFound(err error) bool { return apperr.Is(err, apperr.NotFound) }
