package store

import (
	"context"
	"strings"

	"github.com/silkbridge/silkbridge/internal/search"
)

// pgSearch keeps the index as a tsvector per title with a GIN index. The
// lexemes are the search analyzer's keys, given verbatim with
// array_to_tsvector (no PostgreSQL dictionary touches them). They carry no
// positions, and so no weights: setweight marks positions only, so the
// setweight A/B/C this index was once written with changed nothing but the
// server's work (15% of building a tsvector). The Go ranking tells native
// keys, stems and romanizations apart.
type pgSearch struct{}

var pgIndexDDL = []string{
	`CREATE TABLE IF NOT EXISTS search_docs (
		title_id TEXT PRIMARY KEY,
		version  BIGINT NOT NULL,
		tsv      tsvector NOT NULL,
		facets   TEXT NOT NULL DEFAULT '')`,
}

// pgGIN is the full-text index. Adding a million tsvectors to a GIN index
// one batch at a time costs several times building it once over the full
// table, so reset drops it and complete builds it after a rebuild. In
// between, searches scan search_docs: slower, but still right.
const pgGIN = `CREATE INDEX IF NOT EXISTS search_docs_tsv ON search_docs USING GIN (tsv)`

// reset empties the table rather than dropping it, so other server
// processes' prepared statements stay valid.
func (pgSearch) reset(ctx context.Context, c conn) error {
	for _, q := range append(pgIndexDDL, `TRUNCATE search_docs`, `DROP INDEX IF EXISTS search_docs_tsv`) {
		if _, err := c.exec(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// complete builds the GIN index and gathers the planner's statistics of
// the new keys at once (7 s at a million titles), since search plans depend
// on them (migration 00023) and autovacuum may take a while to come round.
func (pgSearch) complete(ctx context.Context, c conn) error {
	if _, err := c.exec(ctx, pgGIN); err != nil {
		return err
	}
	_, err := c.exec(ctx, `ANALYZE search_docs`)
	return err
}

func (pgSearch) probe(ctx context.Context, c conn) error {
	var n int
	err := c.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM search_docs WHERE tsv @@ CAST('0' AS tsquery) LIMIT 1) x`).Scan(&n)
	return interpretError(err)
}

func (pgSearch) remove(ctx context.Context, c conn, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	_, err := c.exec(ctx, `DELETE FROM search_docs WHERE title_id IN (`+placeholders(len(ids))+`)`, args...)
	return err
}

const pgTsvector = `array_to_tsvector(string_to_array(?, ' '))`

// tsvectorKeys joins a document's keys of every class, space-separated, for
// string_to_array; array_to_tsvector drops the repeats.
func tsvectorKeys(k search.Keys) string {
	all := make([]string, 0, len(k.Native)+len(k.Stems)+len(k.Translit))
	return strings.Join(append(append(append(all, k.Native...), k.Stems...), k.Translit...), " ")
}

func (pgSearch) upsert(ctx context.Context, c conn, docs []search.Doc) error {
	for start := 0; start < len(docs); start += 200 {
		chunk := docs[start:min(len(docs), start+200)]
		values := make([]string, len(chunk))
		args := make([]any, 0, 4*len(chunk))
		for i, d := range chunk {
			values[i] = `(?, ?, ` + pgTsvector + `, ?)`
			args = append(args, d.TitleID, d.Version, tsvectorKeys(d.Keys), d.Facets)
		}
		// The version guard keeps a newer entry written by another process.
		if _, err := c.exec(ctx, `INSERT INTO search_docs (title_id, version, tsv, facets) VALUES `+strings.Join(values, ", ")+`
			ON CONFLICT (title_id) DO UPDATE SET version = excluded.version, tsv = excluded.tsv, facets = excluded.facets
			WHERE search_docs.version <= excluded.version`, args...); err != nil {
			return err
		}
	}
	return nil
}

// from matches with a tsquery and ranks by ts_rank (negated: lower is
// better) over the terms' own alternatives only. ts_rank looks up every
// operand in each examined title's tsvector: for a word with its sixteen
// completions that was about a third of the statement's time (EXPLAIN
// ANALYZE at a million titles), spent only to pick which 50 titles this
// package re-ranks.
func (pgSearch) from(terms [][]search.Alt) (string, string, []any, string) {
	own := make([][]search.Alt, len(terms))
	for i, alts := range terms {
		for _, a := range alts {
			if !a.Extra {
				own[i] = append(own[i], a)
			}
		}
		if len(own[i]) == 0 {
			own[i] = alts
		}
	}
	return `search_docs d CROSS JOIN (SELECT CAST(? AS tsquery) AS q, CAST(? AS tsquery) AS rq) sq JOIN titles t ON t.id = d.title_id`,
		`d.tsv @@ sq.q`, []any{tsqueryExpr(terms), tsqueryExpr(own)}, `-ts_rank(d.tsv, sq.rq)`
}

// tsqueryExpr renders terms as tsquery text with quoted, verbatim lexemes.
func tsqueryExpr(terms [][]search.Alt) string {
	quote := strings.NewReplacer(`\`, `\\`, `'`, `''`)
	return booleanExpr(terms, " & ", " | ", func(key string) string { return `'` + quote.Replace(key) + `'` })
}
