package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/silkbridge/silkbridge/internal/search/searchbench"
	"github.com/silkbridge/silkbridge/internal/store"
)

func init() {
	extraCommands = append(extraCommands, newBenchCmd)
}

// benchFlags are the options of `bench search`.
type benchFlags struct {
	titles, queries   int
	warmup            int
	baselineQueries   int
	pgURL, cpuProfile string
	sqliteFile        string // kept and reused when set
	pgSchema          string // kept and reused when set
	baselines         bool
	skipSQLite        bool
	reindex           bool
	memory            bool
}

func newBenchCmd(*globalFlags) *cobra.Command {
	cmd := &cobra.Command{Use: "bench", Short: "Run benchmarks on generated data (slow; see docs/benchmarks.md)"}
	var bf benchFlags
	var pf peopleBenchFlags // bench_people.go
	searchCmd := &cobra.Command{
		Use:   "search",
		Short: "Generate a catalogue, index it and time searches on SQLite and, with --postgres, PostgreSQL, beside stock full-text baselines",
		RunE: func(cmd *cobra.Command, _ []string) error {
			out := cmd.OutOrStdout()
			if bf.cpuProfile != "" {
				stop, err := startCPUProfile(bf.cpuProfile)
				if err != nil {
					return err
				}
				defer stop()
			}
			var engines []string
			if !bf.skipSQLite {
				engines = append(engines, "sqlite")
			}
			if bf.pgURL != "" {
				engines = append(engines, "postgres")
			}
			if pf.people > 0 {
				return benchPeople(cmd.Context(), engines, bf, pf, out, cmd.ErrOrStderr())
			}
			var rows []string
			for _, e := range engines {
				r, err := benchEngine(cmd.Context(), e, bf, cmd.ErrOrStderr())
				if err != nil {
					return fmt.Errorf("%s: %w", e, err)
				}
				rows = append(rows, r...)
			}
			fmt.Fprintf(out, "| engine | titles | index titles/s | index size | search p50 | search p99 | suggest p50 | suggest p99 | relevance |\n|---|---|---|---|---|---|---|---|---|\n")
			fmt.Fprintln(out, strings.Join(rows, "\n"))
			return nil
		},
	}
	f := searchCmd.Flags()
	f.IntVar(&bf.titles, "titles", 100000, "titles to generate")
	f.IntVar(&bf.queries, "queries", 1000, "queries to time")
	f.IntVar(&bf.warmup, "warmup", 100, "other queries run first, untimed, on every engine (connections opened, statements prepared)")
	f.StringVar(&bf.pgURL, "postgres", "", "PostgreSQL server URL; the benchmark works in throwaway schemas")
	f.StringVar(&bf.cpuProfile, "cpuprofile", "", "write a CPU profile of the whole run to this file")
	f.StringVar(&bf.sqliteFile, "sqlite-file", "", "keep the generated SQLite catalogue in this file, and reuse it if it exists")
	f.StringVar(&bf.pgSchema, "pg-schema", "", "keep the generated PostgreSQL catalogue in this schema, and reuse it if it exists")
	f.BoolVar(&bf.baselines, "baselines", true, "also measure the stock full-text baselines")
	f.IntVar(&bf.baselineQueries, "baseline-queries", 200, "queries to time on each baseline (the first of the same list; pg_trgm takes seconds per query on large catalogues)")
	f.BoolVar(&bf.skipSQLite, "skip-sqlite", false, "measure PostgreSQL only")
	f.BoolVar(&bf.reindex, "reindex", false, "rebuild silkbridge's index even in a reused catalogue")
	f.BoolVar(&bf.memory, "memory", false, "time the same queries again, in the same process, through in-memory copies of the title and people indexes (serve --search-memory), loaded after the stored indexes are timed")
	pf.register(f)
	cmd.AddCommand(searchCmd, newBenchAuthCmd(), newBenchHTTPCmd(), newBenchPackageCmd(), newBenchUploadCmd(), newBenchImportCmd(), newBenchMachineCmd())
	return cmd
}

// benchOpen opens a database for the benchmark: a kept one when keep is set,
// else a throwaway one that the returned function removes.
func benchOpen(ctx context.Context, engine, pgURL, keep, name string) (*store.DB, *sql.DB, func(), error) {
	if engine == "sqlite" {
		path, cleanup := keep, func() {}
		if path == "" {
			dir, err := os.MkdirTemp("", "silkbridge-bench-")
			if err != nil {
				return nil, nil, nil, err
			}
			path, cleanup = filepath.Join(dir, name+".db"), func() { os.RemoveAll(dir) }
		}
		db, err := store.Open(ctx, path)
		if err != nil {
			cleanup()
			return nil, nil, nil, err
		}
		return db, db.Writer(), func() { db.Close(); cleanup() }, nil
	}
	admin, err := sql.Open("pgx", pgURL)
	if err != nil {
		return nil, nil, nil, err
	}
	schema := keep
	if schema == "" {
		schema = fmt.Sprintf("bench_%s_%d", name, time.Now().UnixNano())
	}
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA IF NOT EXISTS "+schema); err != nil {
		admin.Close()
		return nil, nil, nil, err
	}
	sep := "?"
	if strings.Contains(pgURL, "?") {
		sep = "&"
	}
	db, err := store.Open(ctx, pgURL+sep+"search_path="+schema+",public")
	cleanup := func() {
		if db != nil {
			db.Close()
		}
		if keep == "" {
			admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		}
		admin.Close()
	}
	if err != nil {
		cleanup()
		return nil, nil, nil, err
	}
	return db, db.Writer(), cleanup, nil
}

func benchEngine(ctx context.Context, engine string, bf benchFlags, progress io.Writer) ([]string, error) {
	keep := bf.sqliteFile
	if engine == "postgres" {
		keep = bf.pgSchema
	}
	db, raw, closeDB, err := benchOpen(ctx, engine, bf.pgURL, keep, "load")
	if err != nil {
		return nil, err
	}
	defer closeDB()
	cfg := searchbench.Config{Titles: bf.titles, Queries: bf.queries, Seed: 1, Out: progress, Reindex: bf.reindex, Memory: bf.memory}
	loadRate, titles, err := searchbench.Load(ctx, db, cfg)
	if err != nil {
		return nil, err
	}
	if loadRate > 0 {
		fmt.Fprintf(progress, "%s: loaded %d titles at %.0f titles/s (bulk INSERTs)\n", engine, titles, loadRate)
	}
	queries, err := searchbench.Queries(ctx, db, cfg.Seed, bf.queries)
	if err != nil {
		return nil, err
	}
	if cfg.Warmup, err = searchbench.Queries(ctx, db, cfg.Seed+1, bf.warmup); err != nil {
		return nil, err
	}
	rep, err := searchbench.Run(ctx, db, queries, cfg)
	if err != nil {
		return nil, err
	}
	rdb, rraw, closeR, err := benchOpen(ctx, engine, bf.pgURL, "", "relevance")
	if err != nil {
		return nil, err
	}
	defer closeR()
	key, err := searchbench.LoadRelevance(ctx, rdb)
	if err != nil {
		return nil, err
	}
	rel, memRel, err := searchbench.Relevance(ctx, rdb, key, rep.Memory != nil)
	if err != nil {
		return nil, err
	}
	for _, f := range rel.Failures {
		fmt.Fprintf(progress, "  %s miss: %s\n", rep.Engine, f)
	}
	for _, f := range memRel.Failures {
		fmt.Fprintf(progress, "  %s, in memory miss: %s\n", rep.Engine, f)
	}
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }
	rate := func(r float64) string {
		if r == 0 {
			return "(reused)"
		}
		return fmt.Sprintf("%.0f", r)
	}
	size := "(reused)"
	if rep.IndexBytes > 0 {
		size = fmt.Sprintf("%.0f MB", float64(rep.IndexBytes)/1e6)
	}
	rows := []string{fmt.Sprintf("| %s | %d | %s | %s | %s | %s | %s | %s | %d/%d |",
		rep.Engine, titles, rate(rep.IndexRate), size,
		ms(rep.SearchP50), ms(rep.SearchP99), ms(rep.SuggestP50), ms(rep.SuggestP99), rel.Passed, rel.Total)}
	if m := rep.Memory; m != nil {
		rows = append(rows, fmt.Sprintf("| %s | %d | – | – | %s | %s | %s | %s | %d/%d |",
			m.Engine, titles, ms(m.SearchP50), ms(m.SearchP99), ms(m.SuggestP50), ms(m.SuggestP99), memRel.Passed, memRel.Total))
	}
	for _, r := range rows {
		fmt.Fprintln(progress, r)
	}
	if !bf.baselines {
		return rows, nil
	}
	for _, b := range searchbench.Baselines(db.Dialect()) {
		rate, size, err := b.Build(ctx, raw, titles)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", b.Name, err)
		}
		p50, p99, err := b.Time(ctx, raw, cfg.Warmup[:min(len(cfg.Warmup), bf.baselineQueries)], queries[:min(len(queries), bf.baselineQueries)])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", b.Name, err)
		}
		if _, _, err := b.Build(ctx, rraw, len(key)); err != nil {
			return nil, fmt.Errorf("%s: %w", b.Name, err)
		}
		brel, err := b.Relevance(ctx, rraw, key)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", b.Name, err)
		}
		row := fmt.Sprintf("| %s | %d | %.0f | %.0f MB | %s | %s | – | – | %d/%d |",
			b.Name, titles, rate, float64(size)/1e6, ms(p50), ms(p99), brel.Passed, brel.Total)
		fmt.Fprintln(progress, row)
		rows = append(rows, row)
	}
	return rows, nil
}
