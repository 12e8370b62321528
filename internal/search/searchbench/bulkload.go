package searchbench

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"sync"

	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/store"
)

// bulkLoad writes generated titles straight into the catalogue tables with
// multi-row INSERTs, skipping the audit trail and per-title statements of
// the catalogue store: loading 1,000,000 titles through TitleImport takes
// an hour on PostgreSQL, and the benchmark measures search, not loading.
// The rows are those TitleImport writes (titles, localizations, sort keys,
// producers, genres, countries and the change log): with every title's sort
// keys written here, a generated catalogue is complete (an empty one is
// marked so by its migration) and never needs the fill job.
func bulkLoad(ctx context.Context, db *sql.DB, d store.Dialect, titles []*catalog.Title) error {
	// Keys are computed while the other tables are written.
	keysc := make(chan [][]byte, 1)
	go func() { keysc <- sortKeys(titles) }()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	const at = "2025-01-01T00:00:00.000000Z"
	var titleRows, locRows, prodRows, genreRows, countryRows, changeRows [][]any
	for _, t := range titles {
		doc, err := json.Marshal(t)
		if err != nil {
			return err
		}
		titleRows = append(titleRows, []any{t.ID, t.Owner, string(t.Kind), string(t.Visibility), t.OriginalLanguage, t.ProductionYear, t.Version, string(doc), at, at})
		for lang, l := range t.Localizations {
			locRows = append(locRows, []any{t.ID, lang, l.Title, l.Title})
		}
		for _, p := range t.Producers {
			prodRows = append(prodRows, []any{t.ID, p})
		}
		for _, g := range t.Genres {
			genreRows = append(genreRows, []any{t.ID, g})
		}
		for _, c := range t.Countries {
			countryRows = append(countryRows, []any{t.ID, c})
		}
		changeRows = append(changeRows, []any{t.ID, "upsert", at})
	}
	for _, ins := range []struct {
		head string
		rows [][]any
	}{
		{`INSERT INTO titles (id, owner_org, kind, visibility, original_language, production_year, version, doc, created_at, updated_at) VALUES `, titleRows},
		{`INSERT INTO title_localizations (title_id, lang, title, sort_title) VALUES `, locRows},
		{`INSERT INTO title_producers (title_id, org) VALUES `, prodRows},
		{`INSERT INTO title_genres (title_id, genre) VALUES `, genreRows},
		{`INSERT INTO title_countries (title_id, country) VALUES `, countryRows},
		{`INSERT INTO catalog_changes (title_id, op, changed_at) VALUES `, changeRows},
	} {
		if err := insertRows(ctx, tx, d, ins.head, ins.rows); err != nil {
			return err
		}
	}
	keys := <-keysc
	keyRows := make([][]any, 0, len(keys))
	for i, t := range titles {
		for j, lang := range catalog.SortLanguages {
			keyRows = append(keyRows, []any{t.ID, lang, keys[i*len(catalog.SortLanguages)+j]})
		}
	}
	if err := insertRows(ctx, tx, d, `INSERT INTO title_sort_keys (title_id, lang, sort_key) VALUES `, keyRows); err != nil {
		return err
	}
	return tx.Commit()
}

// sortKeys returns each title's key in each sort language (title by title,
// in catalog.SortLanguages' order), computed on every core: about 50 µs a
// title on one, most of it building collators, which for a million titles
// would otherwise be the load's largest cost after the database's.
func sortKeys(titles []*catalog.Title) [][]byte {
	n := len(catalog.SortLanguages)
	out := make([][]byte, len(titles)*n)
	workers := runtime.GOMAXPROCS(0)
	per := (len(titles) + workers - 1) / workers
	var wg sync.WaitGroup
	for start := 0; start < len(titles); start += per {
		wg.Go(func() {
			for i := start; i < min(len(titles), start+per); i++ {
				for j, lang := range catalog.SortLanguages {
					out[i*n+j] = catalog.SortKey(titles[i], lang)
				}
			}
		})
	}
	wg.Wait()
	return out
}

// insertRows writes rows with multi-row INSERTs of at most ~3000 parameters.
func insertRows(ctx context.Context, tx *sql.Tx, d store.Dialect, head string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	per := max(1, 3000/len(rows[0]))
	for start := 0; start < len(rows); start += per {
		chunk := rows[start:min(len(rows), start+per)]
		var b strings.Builder
		b.WriteString(head)
		args := make([]any, 0, len(chunk)*len(chunk[0]))
		for i, row := range chunk {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('(')
			for j, v := range row {
				if j > 0 {
					b.WriteString(", ")
				}
				args = append(args, v)
				if d == store.Postgres {
					fmt.Fprintf(&b, "$%d", len(args))
				} else {
					b.WriteByte('?')
				}
			}
			b.WriteByte(')')
		}
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
			return fmt.Errorf("%s: %w", head, err)
		}
	}
	return nil
}
