package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/search"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// freshness is how soon a committed change must be searchable in another
// server process (the rule).
const freshness = time.Second

// TestSearchFreshAcrossProcessesPostgres runs two independent store and
// indexer instances on one PostgreSQL schema, as two server processes would:
// a title created, changed and deleted through the first is found (or no
// longer found) through the second within a second.
func TestSearchFreshAcrossProcessesPostgres(t *testing.T) {
	url := storetest.NewPostgresSchema(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var procs []*storetest.SearchBundle
	for i := range 2 {
		db, err := store.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		b := &storetest.SearchBundle{Services: storetest.NewServices(db), Search: search.NewService(db),
			Indexer: search.NewIndexer(db, search.IndexerConfig{Poll: 50 * time.Millisecond})}
		if i == 0 {
			storetest.SeedOrgs(t, b.Services)
		}
		b.Sync(t) // as serve does before it listens
		done := make(chan struct{})
		go func() { defer close(done); b.Indexer.Run(ctx) }()
		t.Cleanup(func() { cancel(); <-done })
		procs = append(procs, b)
	}
	writer, reader := procs[0], procs[1]
	waitFor := func(what, q string, want []string) {
		t.Helper()
		deadline := time.Now().Add(freshness)
		for {
			res := reader.Find(t, "other", q, search.Filter{})
			got := []string{}
			for _, h := range res.Hits {
				got = append(got, h.ID)
			}
			if slices.Equal(got, want) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: second process still finds %v for %q after %v, want %v", what, got, q, freshness, want)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	f := storetest.TitleFields("Amber Caravan", catalog.VisibilityPublic)
	ti := writer.Create(t, "cmg", f)
	waitFor("create", "amber caravan", []string{ti.ID})
	editor := storetest.As("cmg", auth.RoleEditor)
	if _, err := writer.Catalog.Patch(editor, ti.ID, map[string]any{"localizations": map[string]any{"en": map[string]any{"title": "Jade Caravel"}, "ru": nil}}, ""); err != nil {
		t.Fatal(err)
	}
	waitFor("change", "jade", []string{ti.ID})
	waitFor("change", "amber", []string{})
	if err := writer.Catalog.Delete(editor, ti.ID, ""); err != nil {
		t.Fatal(err)
	}
	waitFor("delete", "jade", []string{})
}

// TestSearchIndexerWaitsForLateCommitsPostgres holds a catalogue change open
// while a later one commits, as concurrent PostgreSQL transactions do: the
// later seq is visible first, and the indexer must still index the earlier
// one when it commits.
func TestSearchIndexerWaitsForLateCommitsPostgres(t *testing.T) {
	db := storetest.OpenPostgres(t)
	b := storetest.NewSearchBundle(t, db)
	ctx := context.Background()
	early := b.Create(t, "cmg", storetest.TitleFields("Early Bird", catalog.VisibilityPublic))
	b.Sync(t)

	tx, err := db.Writer().BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, q := range []string{
		`UPDATE title_localizations SET title = 'Late Owl' WHERE title_id = $1 AND lang = 'en'`,
		`UPDATE titles SET version = version + 1 WHERE id = $1`,
		`INSERT INTO catalog_changes (title_id, op, changed_at) VALUES ($1, 'upsert', '2025-01-01T00:00:00.000000Z')`,
	} {
		if _, err := tx.ExecContext(ctx, q, early.ID); err != nil {
			t.Fatal(err)
		}
	}
	later := b.Create(t, "cmg", storetest.TitleFields("Later Lark", catalog.VisibilityPublic))
	b.Sync(t)
	if res := b.Find(t, "other", "lark", search.Filter{}); res.Total != 1 || res.Hits[0].ID != later.ID {
		t.Fatalf("the committed change is not indexed: %+v", res)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	b.Sync(t)
	if res := b.Find(t, "other", "owl", search.Filter{}); res.Total != 1 || res.Hits[0].ID != early.ID {
		t.Fatalf("the change that committed late was skipped: %+v", res)
	}
}
