package searchbench

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/silkbridge/silkbridge/internal/benchkit"
	"github.com/silkbridge/silkbridge/internal/search/relevance"
	"github.com/silkbridge/silkbridge/internal/store"
)

// Baseline is a stock full-text setup a user would otherwise pick, built
// over the same catalogue tables: one document per title, its localized
// titles joined with spaces. Queries apply the same visibility rule as
// silkbridge's and return the 20 best titles by the engine's own rank.
type Baseline struct {
	Name  string
	build []string // statements creating and filling the index
	size  string   // SQL giving the index's bytes on disk (on SQLite, the database's: Build takes the difference)
	query string   // SQL taking the query text (and the viewer three times) and returning title ids
	// arg turns the user's query into the engine's query text.
	arg func(q string) string
}

// Baselines returns the baselines for db's engine.
func Baselines(d store.Dialect) []Baseline {
	where, _ := store.ReadableClause("")
	if d == store.Postgres {
		where = rebindFrom(where, 2)
		return []Baseline{{
			Name: "PostgreSQL to_tsvector('russian') + GIN",
			build: []string{
				`DROP TABLE IF EXISTS base_ru`,
				`CREATE TABLE base_ru (title_id TEXT PRIMARY KEY, tsv tsvector NOT NULL)`,
				`INSERT INTO base_ru SELECT title_id, to_tsvector('russian', string_agg(title, ' ')) FROM title_localizations GROUP BY title_id`,
				`CREATE INDEX base_ru_tsv ON base_ru USING GIN (tsv)`,
			},
			size: `SELECT pg_total_relation_size('base_ru')`,
			query: `SELECT t.id FROM base_ru b JOIN titles t ON t.id = b.title_id CROSS JOIN plainto_tsquery('russian', $1) q
				WHERE b.tsv @@ q AND ` + where + ` ORDER BY ts_rank(b.tsv, q) DESC, t.id LIMIT 20`,
			arg: func(q string) string { return q },
		}, {
			Name: "PostgreSQL pg_trgm word_similarity + GIN",
			build: []string{
				`CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public`,
				`DROP TABLE IF EXISTS base_trgm`,
				`CREATE TABLE base_trgm (title_id TEXT PRIMARY KEY, doc TEXT NOT NULL)`,
				`INSERT INTO base_trgm SELECT title_id, string_agg(title, ' ') FROM title_localizations GROUP BY title_id`,
				`CREATE INDEX base_trgm_doc ON base_trgm USING GIN (doc public.gin_trgm_ops)`,
			},
			size: `SELECT pg_total_relation_size('base_trgm')`,
			query: `SELECT t.id FROM base_trgm b JOIN titles t ON t.id = b.title_id
				WHERE $1 OPERATOR(public.<%) b.doc AND ` + where + ` ORDER BY public.word_similarity($1, b.doc) DESC, t.id LIMIT 20`,
			arg: func(q string) string { return q },
		}}
	}
	where = strings.ReplaceAll(where, "?", "?2")
	return []Baseline{{
		Name: "SQLite FTS5 unicode61",
		build: []string{
			`DROP TABLE IF EXISTS base_fts`,
			`CREATE VIRTUAL TABLE base_fts USING fts5(doc, tokenize='unicode61 remove_diacritics 2')`,
			`INSERT INTO base_fts (rowid, doc) SELECT t.rowid, (SELECT group_concat(l.title, ' ') FROM title_localizations l WHERE l.title_id = t.id) FROM titles t`,
		},
		size: `SELECT (SELECT page_count FROM pragma_page_count()) * (SELECT page_size FROM pragma_page_size())
			- (SELECT freelist_count FROM pragma_freelist_count()) * (SELECT page_size FROM pragma_page_size())`,
		query: `SELECT t.id FROM base_fts JOIN titles t ON t.rowid = base_fts.rowid
			WHERE base_fts MATCH ?1 AND ` + where + ` ORDER BY base_fts.rank, t.id LIMIT 20`,
		// Each word quoted (so punctuation cannot break the FTS5 syntax),
		// all required: what an application typically does with user input.
		arg: func(q string) string {
			var words []string
			for _, w := range strings.Fields(q) {
				words = append(words, `"`+strings.ReplaceAll(w, `"`, `""`)+`"`)
			}
			return strings.Join(words, " ")
		},
	}}
}

// rebindFrom rewrites "?" placeholders as $from, $from+1…; the visibility
// clause takes the viewer three times, all the same value, so one numbered
// parameter serves.
func rebindFrom(q string, n int) string {
	return strings.ReplaceAll(q, "?", fmt.Sprintf("$%d", n))
}

// Build creates the baseline's index over the catalogue in db and returns its
// rate in titles/s and size in bytes.
func (b Baseline) Build(ctx context.Context, db *sql.DB, titles int) (float64, int64, error) {
	var before sql.NullInt64
	if err := db.QueryRowContext(ctx, b.size).Scan(&before); err != nil {
		before.Int64 = 0 // the table does not exist yet
	}
	start := time.Now()
	for _, q := range b.build {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return 0, 0, fmt.Errorf("%s: %w", q, err)
		}
	}
	rate := float64(titles) / time.Since(start).Seconds()
	var size sql.NullInt64
	if err := db.QueryRowContext(ctx, b.size).Scan(&size); err != nil {
		return 0, 0, err
	}
	return rate, size.Int64 - before.Int64, nil
}

// Search returns the ids of the best titles for q that viewer may read.
func (b Baseline) Search(ctx context.Context, db *sql.DB, viewer, q string) ([]string, error) {
	arg := b.arg(q)
	if arg == "" {
		return nil, nil
	}
	return queryIDs(ctx, db, b.query, q, arg, viewer)
}

// queryIDs runs a baseline's statement for q (its argument arg) as viewer and
// returns the ids it lists.
func queryIDs(ctx context.Context, db *sql.DB, query, q, arg, viewer string) ([]string, error) {
	rows, err := db.QueryContext(ctx, query, arg, viewer)
	if err != nil {
		return nil, fmt.Errorf("%q: %w", q, err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// Time runs the warm-up queries untimed, then the queries, and returns
// their p50 and p99 latency.
func (b Baseline) Time(ctx context.Context, db *sql.DB, warmup, queries []string) (time.Duration, time.Duration, error) {
	for _, q := range warmup {
		if _, err := b.Search(ctx, db, viewerOrg, q); err != nil {
			return 0, 0, err
		}
	}
	var ts []time.Duration
	for _, q := range queries {
		t0 := time.Now()
		if _, err := b.Search(ctx, db, viewerOrg, q); err != nil {
			return 0, 0, err
		}
		ts = append(ts, time.Since(t0))
	}
	return benchkit.Percentile(ts, 50), benchkit.Percentile(ts, 99), nil
}

// Relevance scores the suite on a database holding the relevance fixture
// (LoadRelevance) on which Build has run.
func (b Baseline) Relevance(ctx context.Context, db *sql.DB, key map[string]string) (relevance.Result, error) {
	return relevance.Evaluate(func(q string) ([]string, error) {
		ids, err := b.Search(ctx, db, "benchco", q)
		var out []string
		for _, id := range ids {
			out = append(out, key[id])
		}
		return out, err
	})
}
