package store

import (
	"context"
	"sort"
	"time"

	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/rights"
)

var _ rights.ImportStore = (*DB)(nil)

// hierarchyBatch bounds the roots read by one statement (SQLite takes at
// most 32,766 arguments; a few hundred keep each statement quick).
const hierarchyBatch = 200

// RightsHierarchies reads the hierarchies of titles for an import's first,
// read-only pass; on SQLite through the read pool, so no writer waits.
func (db *DB) RightsHierarchies(ctx context.Context, titleIDs []string) (map[string]*rights.Hierarchy, error) {
	return loadHierarchies(ctx, db.reader(), rights.HierarchyScope{TitleIDs: titleIDs})
}

// RightsApplyHierarchies locks, reads, decides and writes one chunk of an
// import in one transaction. Roots are locked in id order, so two imports
// touching the same hierarchies never wait on each other in a circle.
//
// On SQLite the write lock is the whole database's: after committing, the
// chunk waits about as long as it held the lock, so another process's
// writers (which retry on their busy timeout rather than queue) get their
// turn, and a CLI import beside the server never starves it.
func (db *DB) RightsApplyHierarchies(ctx context.Context, scope rights.HierarchyScope, decide func(map[string]*rights.Hierarchy) ([]*rights.Change, error)) error {
	start := time.Now()
	err := db.inTx(ctx, func(c conn) error {
		roots, _, err := rootsOf(ctx, c, scope.TitleIDs)
		if err != nil {
			return err
		}
		for _, r := range sortedValues(roots) {
			if err := lockRoot(ctx, c, r); err != nil {
				return err
			}
		}
		hs, err := loadHierarchies(ctx, c, scope)
		if err != nil {
			return err
		}
		changes, err := decide(hs)
		if err != nil {
			return err
		}
		// What each change replaces, for its audit entry and claim notices.
		holdings := map[string]*rights.Holding{}
		licences := map[string]*rights.Licence{}
		keepers := map[string][]string{}
		for _, h := range hs {
			for _, r := range h.Family.Holdings {
				holdings[r.ID] = r
			}
			for _, l := range h.Family.Licences {
				licences[l.ID] = l
			}
			for t, k := range h.Keepers {
				keepers[t] = k
			}
		}
		for _, ch := range changes {
			f := &rights.Family{Parent: map[string]string{}}
			for _, id := range ch.DeleteHoldings {
				if r := holdings[id]; r != nil {
					f.Holdings = append(f.Holdings, r)
					f.TitleID = r.TitleID
				}
			}
			for _, id := range ch.DeleteLicences {
				if l := licences[id]; l != nil {
					f.Licences = append(f.Licences, l)
					f.TitleID = l.TitleID
				}
			}
			for _, r := range ch.AddHoldings {
				f.TitleID = r.TitleID
			}
			for _, l := range ch.AddLicences {
				f.TitleID = l.TitleID
			}
			f.Keepers = keepers[f.TitleID]
			if err := db.applyChange(ctx, c, f, ch); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil && db.dialect == SQLite {
		pause := min(time.Since(start), time.Second)
		select {
		case <-ctx.Done():
		case <-time.After(pause):
		}
	}
	return err
}

// rootsOf maps each title to the root of its hierarchy (series > season >
// episode: two joins reach it; deeper, bad data is walked one step at a
// time) and tells which roots are series or seasons, the only titles with
// children. Missing titles are absent.
func rootsOf(ctx context.Context, c conn, ids []string) (map[string]string, map[string]bool, error) {
	out := map[string]string{}
	containers := map[string]bool{}
	for from := 0; from < len(ids); from += hierarchyBatch {
		batch := ids[from:min(from+hierarchyBatch, len(ids))]
		args := make([]any, len(batch))
		for i, id := range batch {
			args[i] = id
		}
		rows, err := c.query(ctx, `SELECT t.id, t.kind, p.id, p.kind, g.id, g.kind, g.parent_id FROM titles t
			LEFT JOIN titles p ON p.id = t.parent_id LEFT JOIN titles g ON g.id = p.parent_id
			WHERE t.id IN (`+placeholders(len(batch))+`)`, args...)
		if err != nil {
			return nil, nil, err
		}
		var deep []string
		for rows.Next() {
			var id, kind string
			var pid, pkind, gid, gkind, ggp *string
			if err := rows.Scan(&id, &kind, &pid, &pkind, &gid, &gkind, &ggp); err != nil {
				rows.Close()
				return nil, nil, err
			}
			root, rootKind := id, kind
			switch {
			case ggp != nil:
				deep = append(deep, id)
				continue
			case gid != nil:
				root, rootKind = *gid, *gkind
			case pid != nil:
				root, rootKind = *pid, *pkind
			}
			out[id] = root
			containers[root] = rootKind == string(catalog.KindSeries) || rootKind == string(catalog.KindSeason)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, nil, err
		}
		for _, id := range deep {
			r, err := rootOf(ctx, c, id)
			if err != nil {
				return nil, nil, err
			}
			out[id], containers[r] = r, true
		}
	}
	return out, containers, nil
}

// loadHierarchies reads the whole family of the root of each title, with
// every title's keepers, a batch of roots per statement. With scope.Holder
// set, that holder's holdings are read only where their AvailID or id is
// among scope.Keys (the Hierarchy is then Partial).
func loadHierarchies(ctx context.Context, c conn, scope rights.HierarchyScope) (map[string]*rights.Hierarchy, error) {
	roots, containers, err := rootsOf(ctx, c, scope.TitleIDs)
	if err != nil {
		return nil, err
	}
	rootIDs := sortedValues(roots)
	byRoot := map[string]*rights.Hierarchy{}
	for from := 0; from < len(rootIDs); from += hierarchyBatch {
		batch := rootIDs[from:min(from+hierarchyBatch, len(rootIDs))]
		// Walk down from series and seasons only, one indexed query per
		// level (as loadFamilies does, sparing SQLite a scan of titles).
		parent := map[string]string{}
		rootOfTitle := map[string]string{}
		var down []string
		for _, r := range batch {
			parent[r], rootOfTitle[r] = "", r
			if containers[r] {
				down = append(down, r)
			}
		}
		for depth := 0; len(down) > 0 && depth < 10; depth++ {
			args := make([]any, len(down))
			for i, id := range down {
				args[i] = id
			}
			rows, err := c.query(ctx, `SELECT id, parent_id, kind FROM titles WHERE parent_id IN (`+placeholders(len(down))+`)`, args...)
			if err != nil {
				return nil, err
			}
			down = down[:0:0]
			for rows.Next() {
				var id, p, kind string
				if err := rows.Scan(&id, &p, &kind); err != nil {
					rows.Close()
					return nil, err
				}
				if _, seen := parent[id]; seen {
					continue
				}
				parent[id], rootOfTitle[id] = p, rootOfTitle[p]
				if kind == string(catalog.KindSeries) || kind == string(catalog.KindSeason) {
					down = append(down, id)
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return nil, err
			}
		}
		titles := make([]string, 0, len(parent))
		for t := range parent {
			titles = append(titles, t)
		}
		sort.Strings(titles)
		for _, r := range batch {
			h := &rights.Hierarchy{Family: &rights.Family{TitleID: r, Parent: map[string]string{}},
				Keepers: map[string][]string{}, Partial: scope.Holder != ""}
			byRoot[r] = h
		}
		for _, t := range titles {
			byRoot[rootOfTitle[t]].Family.Parent[t] = parent[t]
		}
		for k := 0; k < len(titles); k += hierarchyBatch {
			part := titles[k:min(k+hierarchyBatch, len(titles))]
			args := make([]any, len(part))
			for i, t := range part {
				args[i] = t
			}
			where := `WHERE title_id IN (` + placeholders(len(part)) + `)`
			hargs := args
			if scope.Holder != "" {
				keys := make([]any, len(scope.Keys))
				for i, k := range scope.Keys {
					keys[i] = k
				}
				if len(keys) == 0 {
					keys = []any{""}
				}
				hargs = append(append(append(append([]any{}, args...), scope.Holder), keys...), keys...)
				where += ` AND (holder <> ? OR avail_id IN (` + placeholders(len(keys)) + `) OR id IN (` + placeholders(len(keys)) + `))`
			}
			hs, err := queryHoldings(ctx, c, where, hargs...)
			if err != nil {
				return nil, err
			}
			for _, h := range hs {
				f := byRoot[rootOfTitle[h.TitleID]].Family
				f.Holdings = append(f.Holdings, h)
			}
			ls, err := queryLicences(ctx, c, `WHERE title_id IN (`+placeholders(len(part))+`)`, args...)
			if err != nil {
				return nil, err
			}
			for _, l := range ls {
				f := byRoot[rootOfTitle[l.TitleID]].Family
				f.Licences = append(f.Licences, l)
			}
			keepers, err := keepersOf(ctx, c, part)
			if err != nil {
				return nil, err
			}
			dated, err := datedEvents(ctx, c, args)
			if err != nil {
				return nil, err
			}
			for _, d := range dated {
				f := byRoot[rootOfTitle[d.TitleID]].Family
				f.Dated = append(f.Dated, d)
			}
			for _, t := range part {
				byRoot[rootOfTitle[t]].Keepers[t] = keepers[t]
			}
		}
	}
	out := map[string]*rights.Hierarchy{}
	for id, root := range roots {
		if h := byRoot[root]; h != nil {
			out[id] = h
		}
	}
	return out, nil
}

// sortedValues returns the distinct values of m in order.
func sortedValues(m map[string]string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range m {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	sort.Strings(out)
	return out
}
