package store_test

import (
	"context"
	"testing"

	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/search"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// A SQLite rebuild turns FTS5's merging off while it fills the index and
// back to FTS5's defaults when it completes, so the inserts that follow
// changes keep the index merged; the rebuilt index answers.
func TestSQLiteRebuildRestoresMerging(t *testing.T) {
	db := storetest.OpenSQLite(t)
	b := storetest.NewSearchBundle(t, db)
	for _, title := range []string{"Amber Harbour", "Amber Lantern", "Quiet Meadow"} {
		b.Create(t, "cmg", storetest.TitleFields(title, catalog.VisibilityPublic))
	}
	if _, err := search.Rebuild(context.Background(), db, 1); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Writer().Query(`SELECT k, v FROM search_fts_config WHERE k IN ('automerge', 'crisismerge')`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]int{}
	for rows.Next() {
		var k string
		var v int
		if err := rows.Scan(&k, &v); err != nil {
			t.Fatal(err)
		}
		got[k] = v
	}
	if got["automerge"] != 4 || got["crisismerge"] != 16 {
		t.Errorf("after a rebuild FTS5 merges with %v, want automerge 4 and crisismerge 16", got)
	}
	if res := b.Find(t, "other", "amber", search.Filter{}); res.Total != 2 {
		t.Errorf("rebuilt index finds %d titles for amber, want 2", res.Total)
	}
}
