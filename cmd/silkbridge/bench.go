package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/silkbridge/silkbridge/internal/search/searchbench"
	"github.com/silkbridge/silkbridge/internal/store"
)

func init() {
	extraCommands = append(extraCommands, newBenchCmd)
}

func newBenchCmd(*globalFlags) *cobra.Command {
	cmd := &cobra.Command{Use: "bench", Short: "Run benchmarks on generated data (slow; see docs/benchmarks.md)"}
	var titles, queries int
	var pgURL, cpuProfile string
	searchCmd := &cobra.Command{
		Use:   "search",
		Short: "Generate a catalogue, index it and time searches on SQLite and, with --postgres, PostgreSQL",
		RunE: func(cmd *cobra.Command, _ []string) error {
			out := cmd.OutOrStdout()
			if cpuProfile != "" {
				f, err := os.Create(cpuProfile)
				if err != nil {
					return err
				}
				defer f.Close()
				if err := pprof.StartCPUProfile(f); err != nil {
					return err
				}
				defer pprof.StopCPUProfile()
			}
			engines := []string{"sqlite"}
			if pgURL != "" {
				engines = append(engines, "postgres")
			}
			fmt.Fprintf(out, "| engine | titles | load titles/s | index titles/s | index size | search p50 | search p99 | suggest p50 | suggest p99 | relevance |\n|---|---|---|---|---|---|---|---|---|---|\n")
			for _, e := range engines {
				row, err := benchEngine(cmd.Context(), e, pgURL, titles, queries, cmd.ErrOrStderr())
				if err != nil {
					return fmt.Errorf("%s: %w", e, err)
				}
				fmt.Fprintln(out, row)
			}
			return nil
		},
	}
	searchCmd.Flags().IntVar(&titles, "titles", 100000, "titles to generate")
	searchCmd.Flags().IntVar(&queries, "queries", 1000, "queries to time")
	searchCmd.Flags().StringVar(&pgURL, "postgres", "", "PostgreSQL server URL; the benchmark works in throwaway schemas")
	searchCmd.Flags().StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile of the whole run to this file")
	cmd.AddCommand(searchCmd)
	return cmd
}

func benchEngine(ctx context.Context, engine, pgURL string, titles, queries int, progress io.Writer) (string, error) {
	open := func(name string) (*store.DB, func(), error) {
		if engine == "sqlite" {
			dir, err := os.MkdirTemp("", "silkbridge-bench-")
			if err != nil {
				return nil, nil, err
			}
			db, err := store.Open(ctx, filepath.Join(dir, name+".db"))
			return db, func() { db.Close(); os.RemoveAll(dir) }, err
		}
		schema := fmt.Sprintf("bench_%s_%d", name, time.Now().UnixNano())
		admin, err := sql.Open("pgx", pgURL)
		if err != nil {
			return nil, nil, err
		}
		if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
			admin.Close()
			return nil, nil, err
		}
		sep := "?"
		if strings.Contains(pgURL, "?") {
			sep = "&"
		}
		db, err := store.Open(ctx, pgURL+sep+"search_path="+schema)
		return db, func() {
			if db != nil {
				db.Close()
			}
			admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
			admin.Close()
		}, err
	}
	db, closeDB, err := open("load")
	if err != nil {
		return "", err
	}
	defer closeDB()
	rep, err := searchbench.Run(ctx, db, searchbench.Config{Titles: titles, Queries: queries, Seed: 1, Out: progress})
	if err != nil {
		return "", err
	}
	rdb, closeR, err := open("relevance")
	if err != nil {
		return "", err
	}
	defer closeR()
	rel, err := searchbench.Relevance(ctx, rdb)
	if err != nil {
		return "", err
	}
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }
	return fmt.Sprintf("| silkbridge (%s) | %d | %.0f | %.0f | %.0f MB | %s | %s | %s | %s | %d/%d |",
		engine, rep.Titles, rep.LoadRate, rep.IndexRate, float64(rep.IndexBytes)/1e6,
		ms(rep.SearchP50), ms(rep.SearchP99), ms(rep.SuggestP50), ms(rep.SuggestP99), rel.Passed, rel.Total), nil
}
