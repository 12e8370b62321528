package store

import (
	"database/sql"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// noParallelWorkers is the session setting every PostgreSQL connection of
// the hub starts with, unless the URL sets it (as a query parameter or in
// options=-c): no parallel workers for a query. The hub's reads are short
// and many run at once; the planner starts two workers whenever it expects
// a few thousand rows (the holdings and licences of a series' episodes),
// and starting them cost 8 ms of an 11 ms read on an idle two-core machine
// and turned 3 ms into 90 ms on a loaded one. Parallel index builds are
// another setting (max_parallel_maintenance_workers) and stay as they are.
const noParallelWorkers = "max_parallel_workers_per_gather"

// openPostgres opens a pool on dsn with the hub's session defaults and,
// after them, the planner settings given (plannedPool).
func openPostgres(dsn string, planner map[string]string) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	_, set := cfg.RuntimeParams[noParallelWorkers]
	if !set && !strings.Contains(cfg.RuntimeParams["options"], noParallelWorkers) {
		cfg.RuntimeParams[noParallelWorkers] = "0"
	}
	for k, v := range planner {
		cfg.RuntimeParams[k] = v
	}
	return stdlib.OpenDB(*cfg), nil
}
