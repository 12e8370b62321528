package store_test

import (
	"context"
	"testing"

	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// TestPostgresConnectionsStartWithoutParallelWorkers checks the hub's
// session default and that a URL setting it, either way, wins.
func TestPostgresConnectionsStartWithoutParallelWorkers(t *testing.T) {
	url := storetest.NewPostgresSchema(t)
	for _, c := range []struct{ suffix, want string }{
		{"", "0"},
		{"&max_parallel_workers_per_gather=2", "2"},
		{"&options=-c%20max_parallel_workers_per_gather%3D1", "1"},
	} {
		db, err := store.Open(context.Background(), url+c.suffix)
		if err != nil {
			t.Fatalf("open %q: %v", c.suffix, err)
		}
		var got string
		err = db.Writer().QueryRow(`SHOW max_parallel_workers_per_gather`).Scan(&got)
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("URL suffix %q: max_parallel_workers_per_gather = %s, want %s", c.suffix, got, c.want)
		}
	}
}
