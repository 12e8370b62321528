package store

import "context"

// PlannerSettingsForTest reports the planner settings a connection of each
// planned pool, and of the reader pool, starts with, by name of setting.
func PlannerSettingsForTest(ctx context.Context, db *DB, names ...string) (map[string]map[string]string, error) {
	out := map[string]map[string]string{}
	show := func(label string, q func(string) (string, error)) error {
		out[label] = map[string]string{}
		for _, n := range names {
			v, err := q(n)
			if err != nil {
				return err
			}
			out[label][n] = v
		}
		return nil
	}
	reader := func(n string) (string, error) {
		var v string
		return v, db.r.QueryRowContext(ctx, "SHOW "+n).Scan(&v)
	}
	if err := show("reader", reader); err != nil {
		return nil, err
	}
	for label, profile := range map[string]plannerProfile{"search": searchPlans, "generic": genericPlans} {
		pool, err := db.planned.pool(profile)
		if err != nil {
			return nil, err
		}
		if err := show(label, func(n string) (string, error) {
			var v string
			return v, pool.QueryRowContext(ctx, "SHOW "+n).Scan(&v)
		}); err != nil {
			return nil, err
		}
	}
	return out, nil
}
