package searchbench

import (
	"context"
	"io"
	"slices"
	"testing"

	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// TestPeopleQueriesRepeat: the people benchmark's query list is the same on
// every run over one catalogue, so runs of two builds time the same queries.
func TestPeopleQueriesRepeat(t *testing.T) {
	ctx := context.Background()
	db := storetest.OpenSQLite(t)
	if _, _, err := Load(ctx, db, Config{Titles: 100, Seed: 1, Out: io.Discard}); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := LoadPeople(ctx, db, PeopleConfig{People: 400, Credits: 400, Seed: 1, Out: io.Discard}); err != nil {
		t.Fatal(err)
	}
	first, err := PeopleQueries(ctx, db, 1, 300)
	if err != nil || len(first) < 250 {
		t.Fatalf("queries: %d, %v", len(first), err)
	}
	for range 3 {
		again, err := PeopleQueries(ctx, db, 1, 300)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(first, again) {
			t.Fatalf("the query list changed between two calls with the same seed")
		}
	}
}
