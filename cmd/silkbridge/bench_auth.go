package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/silkbridge/silkbridge/internal/authbench"
	"github.com/silkbridge/silkbridge/internal/benchkit"
	"github.com/silkbridge/silkbridge/internal/store"
)

// newBenchAuthCmd is `bench auth`: a flood of bad credentials against one
// real server process while a normal client reads titles.
func newBenchAuthCmd() *cobra.Command {
	var (
		attackers    int
		phase, every time.Duration
		attackEvery  time.Duration
		titles       int
		pgURL        string
	)
	cmd := &cobra.Command{
		Use:   "auth",
		Short: "Flood one server with random token secrets and junk Authorization headers; time a normal client and the server's memory against a baseline",
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if os.Getenv(authbench.AttackEnv) != "" {
				return authbench.AttackFromEnv(ctx) // the attacking child process
			}
			exe, err := os.Executable()
			if err != nil {
				return err
			}
			dir, err := os.MkdirTemp("", "silkbridge-bench-auth-")
			if err != nil {
				return err
			}
			defer os.RemoveAll(dir)
			dsn, cleanup, err := benchAuthDSN(ctx, pgURL, dir)
			if err != nil {
				return err
			}
			defer cleanup()
			db, err := store.Open(ctx, dsn)
			if err != nil {
				return err
			}
			tokens, err := authbench.Seed(ctx, db, titles)
			db.Close()
			if err != nil {
				return err
			}
			engine := "SQLite"
			if pgURL != "" {
				engine = "PostgreSQL"
			}
			progress := cmd.ErrOrStderr()
			fmt.Fprintf(progress, "%s, %d titles, %d attackers, %v per phase; load average at start: %s", engine, titles, attackers, phase, loadavg())
			logFile, err := os.Create(filepath.Join(dir, "server.log"))
			if err != nil {
				return err
			}
			defer logFile.Close()
			results, err := authbench.Run(ctx, authbench.Config{
				ServerLog: logFile,
				Server:    []string{exe, "serve", "--data", dir}, Env: []string{"SILKBRIDGE_DB=" + pgURLOrEmpty(dsn, pgURL)},
				Attackers: attackers, Phase: phase, NormalEvery: every, AttackEvery: attackEvery, Progress: progress,
				// The attackers stand for remote machines: at the lowest CPU
				// priority they still load the server with every request
				// they send, but do not outrun it for this machine's cores.
				AttackCommand: []string{"nice", "-n", "19", exe, "bench", "auth"},
			}, tokens)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if logged, err := os.ReadFile(logFile.Name()); err == nil {
				fmt.Fprintf(out, "server log (level info): %d lines, %d bytes\n", strings.Count(string(logged), "\n"), len(logged))
			}
			fmt.Fprintf(out, "%s; load average at end: %s\n", engine, strings.TrimSpace(loadavg()))
			fmt.Fprintln(out, "| phase | normal client p50 | p99 | max | requests (failed) | attacker answers | server CPU | server peak RSS |")
			fmt.Fprintln(out, "|---|---|---|---|---|---|---|---|")
			for _, r := range results {
				fmt.Fprintf(out, "| %s | %s | %s | %s | %d (%d) | %s | %.1f s | %d MiB |\n", r.Name, ms(r.P50), ms(r.P99), ms(r.Max),
					r.NormalN, r.NormalFailed, statuses(r.AttackStatus), r.ServerCPU.Seconds(), r.PeakRSS>>20)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.IntVar(&attackers, "attackers", 200, "concurrent attacking clients")
	f.DurationVar(&phase, "phase", 20*time.Second, "length of each phase")
	f.DurationVar(&every, "every", 50*time.Millisecond, "the normal client reads a page of titles this often")
	f.IntVar(&titles, "titles", 200, "titles in the catalogue")
	f.DurationVar(&attackEvery, "attacker-every", 0, "pace each attacker to one request this often (0: back to back)")
	f.StringVar(&pgURL, "postgres", "", "run the server on PostgreSQL (a throwaway schema on this server) instead of SQLite")
	return cmd
}

func pgURLOrEmpty(dsn, pgURL string) string {
	if pgURL == "" {
		return ""
	}
	return dsn
}

// benchAuthDSN returns the database of the run: SQLite in dir, or a
// throwaway schema on pgURL.
func benchAuthDSN(ctx context.Context, pgURL, dir string) (string, func(), error) {
	if pgURL == "" {
		return filepath.Join(dir, "silkbridge.db"), func() {}, nil
	}
	admin, err := sql.Open("pgx", pgURL)
	if err != nil {
		return "", nil, err
	}
	schema := fmt.Sprintf("bench_auth_%d", time.Now().UnixNano())
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		return "", nil, err
	}
	sep := "?"
	if strings.Contains(pgURL, "?") {
		sep = "&"
	}
	return pgURL + sep + "search_path=" + schema + ",public", func() {
		admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		admin.Close()
	}, nil
}

func loadavg() string { return benchkit.LoadAverage() + "\n" }

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

func statuses(m map[int]int64) string {
	if len(m) == 0 {
		return "–"
	}
	var parts []string
	for _, code := range []int{200, 401, 429, 500, 503} {
		if n := m[code]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d×%d", n, code))
		}
	}
	for code, n := range m {
		switch code {
		case 200, 401, 429, 500, 503:
		default:
			parts = append(parts, fmt.Sprintf("%d×%d", n, code))
		}
	}
	return strings.Join(parts, ", ")
}
