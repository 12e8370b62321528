package store

import (
	"context"
	"database/sql"
)

// PlannerSettingsForTest reports the planner settings a connection of each
// planned pool, and of the reader pool, starts with, by name of setting.
func PlannerSettingsForTest(ctx context.Context, db *DB, names ...string) (map[string]map[string]string, error) {
	pools, err := PoolsForTest(db)
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]string{}
	for label, pool := range pools {
		out[label] = map[string]string{}
		for _, n := range names {
			var v string
			if err := pool.QueryRowContext(ctx, "SHOW "+n).Scan(&v); err != nil {
				return nil, err
			}
			out[label][n] = v
		}
	}
	return out, nil
}

// PoolsForTest returns the PostgreSQL pools a DB reads through: the reader
// (every statement but the searches') and each planner profile's.
func PoolsForTest(db *DB) (map[string]*sql.DB, error) {
	pools := map[string]*sql.DB{"reader": db.r}
	for label, profile := range map[string]plannerProfile{"search": searchPlans, "generic": genericPlans} {
		pool, err := db.planned.pool(profile)
		if err != nil {
			return nil, err
		}
		pools[label] = pool
	}
	return pools, nil
}
