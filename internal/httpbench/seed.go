package httpbench

import (
	"context"
	"fmt"
	"io"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/search"
	"github.com/silkbridge/silkbridge/internal/search/searchbench"
	"github.com/silkbridge/silkbridge/internal/store"
)

// Prepare fills db with the search benchmark's generated catalogue (unless
// it already holds one, e.g. kept from `bench search`), brings its search
// index up to date so the server does not index during the measurement,
// issues a viewer token for the organisation that reads the catalogue
// (another than its owner, so visibility is checked on every read) and
// returns the token and the paths of n titles that organisation may read.
func Prepare(ctx context.Context, db *store.DB, titles, n int, progress io.Writer) (string, []string, error) {
	if _, _, err := searchbench.Load(ctx, db, searchbench.Config{Titles: titles, Seed: 1, Out: progress}); err != nil {
		return "", nil, err
	}
	if st, err := db.SearchIndexStatus(ctx); err != nil || st.Analyzer != search.AnalyzerVersion {
		fmt.Fprintln(progress, "indexing the catalogue before the server starts")
		if _, err := search.Rebuild(ctx, db, 0); err != nil {
			return "", nil, err
		}
	}
	_, token, err := auth.NewTokenService(db).Issue(ctx, searchbench.ViewerOrg, auth.RoleViewer, "bench http")
	if err != nil {
		return "", nil, err
	}
	// Title ids are random, so the first ones in id order are a uniform sample.
	rows, err := db.Writer().QueryContext(ctx, `SELECT id FROM titles WHERE visibility = 'public' ORDER BY id LIMIT `+fmt.Sprint(n))
	if err != nil {
		return "", nil, err
	}
	defer rows.Close()
	var paths []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return "", nil, err
		}
		paths = append(paths, "/api/v1/titles/"+id)
	}
	if err := rows.Err(); err != nil {
		return "", nil, err
	}
	if len(paths) == 0 {
		return "", nil, fmt.Errorf("the catalogue has no public titles")
	}
	return token, paths, nil
}
