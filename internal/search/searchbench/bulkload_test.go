package searchbench

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"testing"

	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// TestBulkLoadWritesSortKeys: a generated catalogue has every title's key in
// every sort language, the keys the catalogue store would have written, so
// it is complete and no fill job is needed.
func TestBulkLoadWritesSortKeys(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		ctx := context.Background()
		db := open(t)
		const n = 300
		if _, got, err := Load(ctx, db, Config{Titles: n, Seed: 1, Out: io.Discard}); err != nil || got != n {
			t.Fatalf("load: %d, %v", got, err)
		}
		if f, err := db.TitleSortKeysStatus(ctx); err != nil || !f.Complete {
			t.Fatalf("after the load: %+v, %v", f, err)
		}
		rows, err := db.Writer().QueryContext(ctx, `SELECT t.doc, k.lang, k.sort_key FROM titles t JOIN title_sort_keys k ON k.title_id = t.id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		keys := 0
		for rows.Next() {
			var doc, lang string
			var key []byte
			if err := rows.Scan(&doc, &lang, &key); err != nil {
				t.Fatal(err)
			}
			var ti catalog.Title
			if err := json.Unmarshal([]byte(doc), &ti); err != nil {
				t.Fatal(err)
			}
			if want := catalog.SortKey(&ti, lang); !bytes.Equal(key, want) {
				t.Fatalf("%s in %s: key %x, want %x", ti.ID, lang, key, want)
			}
			keys++
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if keys != n*len(catalog.SortLanguages) {
			t.Fatalf("%d keys, want %d", keys, n*len(catalog.SortLanguages))
		}
	})
}
