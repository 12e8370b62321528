package store

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/ncruces/go-sqlite3"
	"github.com/ncruces/go-sqlite3/ext/fts5"

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
		// A search reads up to 500 matches' index entries at random places;
		// with SQLite's default 2 MB page cache most of them are re-read
		// from the file at every query once the catalogue passes a few
		// hundred thousand titles. Pages are cached as they are used, so
		// the limit costs memory only on a large catalogue.
		if err := c.Exec(`PRAGMA cache_size = -65536`); err != nil {
			return err
		}
		return fts5.RegisterCustom(c, func(api *fts5.API) error {
			if err := api.CreateFunction(rankFunction, keysRank); err != nil {
				return err
			}
			return api.CreateTokenizer(keysTokenizer, func([]string) (fts5.Tokenizer, error) { return spaceTokenizer{}, nil })
		})
	})
}

// rankFunction is the FTS5 auxiliary function ranking candidates. bm25
// needs each phrase's document count, which FTS5 gets by reading the
// phrase's whole doclist on every query: with a common word that costs more
// than the capped scan itself. keysRank looks at the current row only: for
// each query term, the weight of the best class of key it matched by
// (native over stems over romanizations, see keyWeight). from divides it by
// the title's length in native keys (search_docs.native_keys), so short
// titles that match in their own script come first. Lower is better, as
// with bm25.
//
// Its argument is the query's layout (rankLayout): which phrases make up
// each alternative of each term, heaviest alternatives first, so that for
// most rows one phrase per term is looked at.
const rankFunction = "silkbridge_rank"

// rankAlt is one alternative of a term: its weight and its phrases.
type rankAlt struct {
	weight  float64
	phrases int
}

func keysRank(fc fts5.Context, ctx sqlite3.Context, args ...sqlite3.Value) {
	layout, _ := fc.GetAuxdata(false).([][]rankAlt)
	if layout == nil {
		if len(args) > 0 {
			layout = parseRankLayout(args[0].Text())
		}
		if err := fc.SetAuxdata(layout); err != nil {
			ctx.ResultError(err)
			return
		}
	}
	matched := func(p int) (bool, error) {
		cols, err := fc.PhraseIterColumn(p)
		if err != nil {
			return false, err
		}
		for range cols {
			return true, nil
		}
		return false, nil
	}
	score, phrase := 0.0, 0
	for _, alts := range layout {
		best := 0.0
		for _, a := range alts {
			all := best == 0
			for k := 0; all && k < a.phrases; k++ {
				ok, err := matched(phrase + k)
				if err != nil {
					ctx.ResultError(err)
					return
				}
				all = ok
			}
			if all {
				best = a.weight
			}
			phrase += a.phrases
		}
		score += best
	}
	ctx.ResultFloat(-score)
}

// rankLayout orders each term's alternatives heaviest first and describes
// them for keysRank as "w:n,w:n;w:n" (weight and phrase count of each
// alternative, terms separated by semicolons), in the order fts5Expr
// numbers the phrases.
func rankLayout(terms [][]search.Alt) ([][]search.Alt, string) {
	var b strings.Builder
	out := make([][]search.Alt, len(terms))
	for i, alts := range terms {
		sorted := append([]search.Alt{}, alts...)
		sort.SliceStable(sorted, func(a, c int) bool { return altWeight(sorted[a]) > altWeight(sorted[c]) })
		out[i] = sorted
		if i > 0 {
			b.WriteByte(';')
		}
		for j, a := range sorted {
			if j > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, "%g:%d", altWeight(a), len(a.Keys))
		}
	}
	return out, b.String()
}

func parseRankLayout(s string) [][]rankAlt {
	var out [][]rankAlt
	for _, term := range strings.Split(s, ";") {
		var alts []rankAlt
		for _, alt := range strings.Split(term, ",") {
			w, n, ok := strings.Cut(alt, ":")
			weight, err1 := strconv.ParseFloat(w, 64)
			phrases, err2 := strconv.Atoi(n)
			if ok && err1 == nil && err2 == nil {
				alts = append(alts, rankAlt{weight, phrases})
			}
		}
		out = append(out, alts)
	}
	return out
}

// altWeight is the weight of an alternative's class of keys: the columns
// hold native keys, stems and romanizations, in that order of weight.
func altWeight(a search.Alt) float64 {
	if len(a.Keys) == 0 {
		return 0
	}
	return columnWeight[search.ClassOf(a.Keys[0])]
}

var columnWeight = [3]float64{4, 2, 1}

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
		version  BIGINT NOT NULL,
		native_keys INTEGER NOT NULL DEFAULT 0,
		facets   TEXT NOT NULL DEFAULT '')`,
	`CREATE VIRTUAL TABLE search_fts USING fts5(native, stems, translit,
		content='', contentless_delete=1, detail=column, tokenize='` + keysTokenizer + `')`,
}

func (sqliteSearch) reset(ctx context.Context, c conn) error {
	for _, q := range append(append([]string{`DROP TABLE IF EXISTS search_fts`, `DROP TABLE IF EXISTS search_docs`}, sqliteIndexDDL...), rebuildMerging...) {
		if _, err := c.exec(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// While a rebuild fills the index, FTS5 would merge the segment each
// transaction writes into larger ones as it goes, only for complete's
// 'optimize' to merge everything into one segment again: a fifth of a
// rebuild's time at a million titles. The rebuild turns merging off (500
// batches make 500 segments, below FTS5's limit of 2,000) and complete turns
// it back to FTS5's defaults for the inserts that follow changes.
var (
	rebuildMerging = []string{
		`INSERT INTO search_fts (search_fts, rank) VALUES ('automerge', 0)`,
		`INSERT INTO search_fts (search_fts, rank) VALUES ('crisismerge', 1900)`,
	}
	followMerging = []string{
		`INSERT INTO search_fts (search_fts, rank) VALUES ('automerge', 4)`,
		`INSERT INTO search_fts (search_fts, rank) VALUES ('crisismerge', 16)`,
	}
)

// complete merges the index's segments into one after a rebuild, so a query
// seeks each term once rather than once per segment (5 s at a million
// titles).
func (sqliteSearch) complete(ctx context.Context, c conn) error {
	for _, q := range append([]string{`INSERT INTO search_fts (search_fts) VALUES ('optimize')`}, followMerging...) {
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

// docIDs returns the doc_id of each title of ids that has one.
func docIDs(ctx context.Context, c conn, ids []string) (map[string]int64, error) {
	out := map[string]int64{}
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(len(ids), start+500)]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := c.query(ctx, `SELECT title_id, doc_id FROM search_docs WHERE title_id IN (`+placeholders(len(chunk))+`)`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id string
			var doc int64
			if err := rows.Scan(&id, &doc); err != nil {
				rows.Close()
				return nil, interpretError(err)
			}
			out[id] = doc
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, interpretError(err)
		}
	}
	return out, nil
}

// deleteDocs removes the FTS rows (and with docs, the search_docs rows) of
// the given doc_ids.
func deleteDocs(ctx context.Context, c conn, docs []int64, alsoDocs bool) error {
	for start := 0; start < len(docs); start += 500 {
		chunk := docs[start:min(len(docs), start+500)]
		args := make([]any, len(chunk))
		for i, d := range chunk {
			args[i] = d
		}
		in := `(` + placeholders(len(chunk)) + `)`
		if _, err := c.exec(ctx, `DELETE FROM search_fts WHERE rowid IN `+in, args...); err != nil {
			return err
		}
		if alsoDocs {
			if _, err := c.exec(ctx, `DELETE FROM search_docs WHERE doc_id IN `+in, args...); err != nil {
				return err
			}
		}
	}
	return nil
}

func (sqliteSearch) remove(ctx context.Context, c conn, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	have, err := docIDs(ctx, c, ids)
	if err != nil {
		return err
	}
	docs := make([]int64, 0, len(have))
	for _, d := range have {
		docs = append(docs, d)
	}
	return deleteDocs(ctx, c, docs, true)
}

// upsert writes docs with multi-row statements: a rebuild writes thousands
// of titles per transaction, and statements per title would dominate.
func (sqliteSearch) upsert(ctx context.Context, c conn, docs []search.Doc) error {
	if len(docs) == 0 {
		return nil
	}
	ids := make([]string, len(docs))
	for i, d := range docs {
		ids[i] = d.TitleID
	}
	have, err := docIDs(ctx, c, ids)
	if err != nil {
		return err
	}
	var old []int64
	var fresh []search.Doc
	for _, d := range docs {
		if id, ok := have[d.TitleID]; ok {
			old = append(old, id)
			if _, err := c.exec(ctx, `UPDATE search_docs SET version = ?, native_keys = ?, facets = ? WHERE doc_id = ?`, d.Version, len(d.Keys.Native), d.Facets, id); err != nil {
				return err
			}
		} else {
			fresh = append(fresh, d)
		}
	}
	if err := deleteDocs(ctx, c, old, false); err != nil {
		return err
	}
	for start := 0; start < len(fresh); start += 500 {
		chunk := fresh[start:min(len(fresh), start+500)]
		args := make([]any, 0, 4*len(chunk))
		for _, d := range chunk {
			args = append(args, d.TitleID, d.Version, len(d.Keys.Native), d.Facets)
		}
		rows, err := c.query(ctx, `INSERT INTO search_docs (title_id, version, native_keys, facets) VALUES `+
			strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?), ", len(chunk)), ", ")+` RETURNING title_id, doc_id`, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id string
			var doc int64
			if err := rows.Scan(&id, &doc); err != nil {
				rows.Close()
				return interpretError(err)
			}
			have[id] = doc
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return interpretError(err)
		}
	}
	for start := 0; start < len(docs); start += 500 {
		chunk := docs[start:min(len(docs), start+500)]
		args := make([]any, 0, 4*len(chunk))
		for _, d := range chunk {
			args = append(args, have[d.TitleID], strings.Join(d.Keys.Native, " "), strings.Join(d.Keys.Stems, " "), strings.Join(d.Keys.Translit, " "))
		}
		if _, err := c.exec(ctx, `INSERT INTO search_fts (rowid, native, stems, translit) VALUES `+
			strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?), ", len(chunk)), ", "), args...); err != nil {
			return err
		}
	}
	return nil
}

// from matches with an FTS5 expression and ranks by keysRank. It reads
// titles through their covering search index (migration 00017).
func (sqliteSearch) from(terms [][]search.Alt) (string, string, []any, string) {
	sorted, layout := rankLayout(terms)
	return `search_fts JOIN search_docs d ON d.doc_id = search_fts.rowid JOIN titles t INDEXED BY titles_search ON t.id = d.title_id`,
		`search_fts MATCH ?`, []any{layout, fts5Expr(sorted)}, rankFunction + `(search_fts, ?) / (4 + d.native_keys)`
}

// fts5Expr renders terms as an FTS5 query: every term, by any alternative.
func fts5Expr(terms [][]search.Alt) string {
	return booleanExpr(terms, " AND ", " OR ", func(key string) string { return `"` + strings.ReplaceAll(key, `"`, `""`) + `"` })
}
