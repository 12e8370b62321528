package store_test

import (
	"context"
	"sync"
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

// TestPostgresPlannedPoolsStartWithTheirSettings checks that search
// statements' connections plan every statement for its arguments without
// sequential scans, the vocabulary's plan once, and that the reader pool,
// which every other statement uses, keeps PostgreSQL's defaults.
func TestPostgresPlannedPoolsStartWithTheirSettings(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, storetest.NewPostgresSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := store.PlannerSettingsForTest(ctx, db, "enable_seqscan", "plan_cache_mode", "max_parallel_workers_per_gather")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]string{
		"reader":  {"enable_seqscan": "on", "plan_cache_mode": "auto", "max_parallel_workers_per_gather": "0"},
		"search":  {"enable_seqscan": "off", "plan_cache_mode": "force_custom_plan", "max_parallel_workers_per_gather": "0"},
		"generic": {"enable_seqscan": "on", "plan_cache_mode": "force_generic_plan", "max_parallel_workers_per_gather": "0"},
	}
	for pool, settings := range want {
		for name, v := range settings {
			if got[pool][name] != v {
				t.Errorf("%s pool: %s = %q, want %q", pool, name, got[pool][name], v)
			}
		}
	}
}

// TestPostgresPoolsKeepTheirConnectionsBetweenBursts runs bursts of as many
// concurrent statements as each pool may open and checks that none of the
// connections is closed when a burst ends: a pool keeping fewer idle than
// open closed the rest after every burst and forked new server processes
// for the next.
func TestPostgresPoolsKeepTheirConnectionsBetweenBursts(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, storetest.NewPostgresSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	pools, err := store.PoolsForTest(db)
	if err != nil {
		t.Fatal(err)
	}
	for label, pool := range pools {
		n := pool.Stats().MaxOpenConnections
		for range 2 {
			var wg sync.WaitGroup
			errs := make(chan error, n)
			for range n {
				wg.Go(func() {
					_, err := pool.ExecContext(ctx, `SELECT pg_sleep(0.05)`)
					errs <- err
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Fatalf("%s pool: %v", label, err)
				}
			}
		}
		if st := pool.Stats(); st.MaxIdleClosed != 0 || st.Idle != n {
			t.Errorf("%s pool after two bursts of %d: %d idle, %d closed for the idle limit, want %d and 0", label, n, st.Idle, st.MaxIdleClosed, n)
		}
	}
}
