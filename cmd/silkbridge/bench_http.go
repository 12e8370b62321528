package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/silkbridge/silkbridge/internal/benchkit"
	"github.com/silkbridge/silkbridge/internal/httpbench"
	"github.com/silkbridge/silkbridge/internal/store"
)

// newBenchHTTPCmd is `bench http`: GET one title through the whole server
// stack under concurrent keep-alive clients, beside a bare net/http handler.
func newBenchHTTPCmd() *cobra.Command {
	var (
		titles, clients, rounds, paths int
		duration, warmup               time.Duration
		pgURL, pgSchema, dataDir, load string
		acceptEncoding, hubProfile     string
	)
	cmd := &cobra.Command{
		Use:   "http",
		Short: "Time GET /api/v1/titles/{id} through the real server (auth, rate limits, ETag, compression, logs, metrics) beside a bare net/http JSON handler",
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if os.Getenv(httpbench.BareEnv) != "" {
				return httpbench.ServeBare(ctx, cmd.OutOrStdout()) // the bare handler's child process
			}
			exe, err := os.Executable()
			if err != nil {
				return err
			}
			tmp, err := os.MkdirTemp("", "silkbridge-bench-http-")
			if err != nil {
				return err
			}
			defer os.RemoveAll(tmp)
			progress := cmd.ErrOrStderr()
			engine, dsn, data := "SQLite", "", dataDir
			switch {
			case pgURL != "" && pgSchema != "":
				engine, dsn, data = "PostgreSQL", withSearchPath(pgURL, pgSchema), tmp
				if err := createSchema(ctx, pgURL, pgSchema); err != nil {
					return err
				}
			case pgURL != "":
				var drop func()
				if dsn, drop, err = benchAuthDSN(ctx, pgURL, tmp); err != nil {
					return err
				}
				defer drop()
				engine, data = "PostgreSQL", tmp
			default:
				if data == "" {
					data = tmp
				}
				if err := os.MkdirAll(data, 0o755); err != nil {
					return err
				}
			}
			open := dsn
			if open == "" {
				open = filepath.Join(data, "silkbridge.db")
			}
			db, err := store.Open(ctx, open)
			if err != nil {
				return err
			}
			token, titlePaths, err := httpbench.Prepare(ctx, db, titles, paths, progress)
			db.Close()
			if err != nil {
				return err
			}
			if load == "auto" {
				load = "go"
				if _, err := exec.LookPath("wrk"); err == nil {
					load = "wrk"
				}
			}
			logFile, err := os.Create(filepath.Join(tmp, "server.log"))
			if err != nil {
				return err
			}
			defer logFile.Close()
			fmt.Fprintf(progress, "%s, %d clients, load generator %s; load average at start: %s\n", engine, clients, load, benchkit.LoadAverage())
			figs, err := httpbench.Run(ctx, httpbench.Config{
				// Rate limits stay on (every request takes from its address's
				// and its token's bucket) with a budget no run can exhaust.
				Hub:    hubArgs(exe, data, hubProfile),
				HubEnv: []string{"SILKBRIDGE_DB=" + dsn}, Bare: []string{exe, "bench", "http"}, Token: token, Paths: titlePaths,
				Clients: clients, Duration: duration, Warmup: warmup, Rounds: rounds, AcceptEncoding: acceptEncoding,
				Load: load, HubLog: logFile, Progress: progress, BodyFile: filepath.Join(tmp, "body.json"),
			})
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "%s; %d clients; load generator %s; Accept-Encoding: %s; body %d bytes\n", engine, clients, load, acceptEncoding, figs[0].ResponseBytes)
			fmt.Fprintln(out, "| target | req/s | p50 | p99 | errors | load average |")
			fmt.Fprintln(out, "|---|---|---|---|---|---|")
			var bare float64
			for _, f := range figs {
				ratio := ""
				if f.Target[0] == 'b' {
					bare = f.RPS
				} else if bare > 0 {
					ratio = fmt.Sprintf(" (%.2f of bare)", f.RPS/bare)
				}
				fmt.Fprintf(out, "| %s | %.0f%s | %s | %s | %d | %s |\n", f.Target, f.RPS, ratio, ms(f.P50), ms(f.P99), f.Errors, f.LoadAvg)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.IntVar(&titles, "titles", 100000, "titles to generate when the catalogue is new (the search benchmark's generator)")
	f.IntVar(&paths, "paths", 1000, "distinct titles the clients read in turn")
	f.IntVar(&clients, "clients", 16, "concurrent keep-alive connections")
	f.IntVar(&rounds, "rounds", 2, "times to alternate the bare handler and the hub")
	f.DurationVar(&duration, "duration", 10*time.Second, "length of each timed run")
	f.DurationVar(&warmup, "warmup", 2*time.Second, "untimed load before each timed run")
	f.StringVar(&pgURL, "postgres", "", "run the hub on this PostgreSQL server (in --pg-schema, or a throwaway schema)")
	f.StringVar(&pgSchema, "pg-schema", "", "keep the PostgreSQL catalogue in this schema, and reuse it if it exists")
	f.StringVar(&dataDir, "data", "", "keep the SQLite catalogue in DIR/silkbridge.db, and reuse it if it exists")
	f.StringVar(&load, "load", "auto", "load generator: wrk, go (built in) or auto (wrk when installed)")
	f.StringVar(&hubProfile, "hub-cpuprofile", "", "write a CPU profile of the hub over all its runs to this file")
	f.StringVar(&acceptEncoding, "accept-encoding", "gzip", "Accept-Encoding sent with every request")
	return cmd
}

func withSearchPath(pgURL, schema string) string {
	sep := "?"
	if strings.Contains(pgURL, "?") {
		sep = "&"
	}
	return pgURL + sep + "search_path=" + schema + ",public"
}

func createSchema(ctx context.Context, pgURL, schema string) error {
	admin, err := sql.Open("pgx", pgURL)
	if err != nil {
		return err
	}
	defer admin.Close()
	_, err = admin.ExecContext(ctx, "CREATE SCHEMA IF NOT EXISTS "+schema)
	return err
}

// hubArgs starts the hub for the benchmark. Rate limits stay on (every
// request takes from its address's and its token's bucket) with a budget no
// run can exhaust.
func hubArgs(exe, data, profile string) []string {
	args := []string{exe, "serve", "--data", data, "--rate-limit", "1e9", "--rate-burst", "1000000000"}
	if profile != "" {
		args = append(args, "--cpuprofile", profile)
	}
	return args
}
