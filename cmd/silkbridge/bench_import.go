package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/avails"
	"github.com/silkbridge/silkbridge/internal/benchkit"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/org"
	"github.com/silkbridge/silkbridge/internal/rights"
)

// newBenchImportCmd is `bench import`: avails imports (many rows on one
// title, and many rows over many titles) while another organisation keeps
// creating titles, whose latency is measured during each import and, as a
// baseline, just before it in the same run.
func newBenchImportCmd() *cobra.Command {
	var (
		oneTitle, many, titles int
		every, baseline        time.Duration
		pgURL                  string
		skipSQLite             bool
	)
	cmd := &cobra.Command{
		Use:   "import",
		Short: "Time avails imports and a concurrent writer's title creation (p50/p99) during them and without them",
		RunE: func(cmd *cobra.Command, _ []string) error {
			var engines []string
			if !skipSQLite {
				engines = append(engines, "sqlite")
			}
			if pgURL != "" {
				engines = append(engines, "postgres")
			}
			out := cmd.OutOrStdout()
			fmt.Fprintln(out, "| engine | import | rows | import time | rows/s | writer without import p50 / p99 (n) | writer during import p50 / p99 / max (n) | writer errors |")
			fmt.Fprintln(out, "|---|---|---|---|---|---|---|---|")
			for _, e := range engines {
				if err := benchImportEngine(cmd.Context(), out, cmd.ErrOrStderr(), e, pgURL, oneTitle, many, titles, every, baseline); err != nil {
					return fmt.Errorf("%s: %w", e, err)
				}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.IntVar(&oneTitle, "one-title", 10_000, "rows of the import on one title")
	f.IntVar(&many, "many", 100_000, "rows of the import over many titles")
	f.IntVar(&titles, "titles", 2_000, "titles the many-title import spreads over")
	f.DurationVar(&every, "writer-every", 20*time.Millisecond, "the concurrent writer creates a title this often")
	f.DurationVar(&baseline, "baseline", 10*time.Second, "how long the writer is timed before each import")
	f.StringVar(&pgURL, "postgres", "", "PostgreSQL server URL; the benchmark works in a throwaway schema")
	f.BoolVar(&skipSQLite, "skip-sqlite", false, "run on PostgreSQL only")
	return cmd
}

func benchImportEngine(ctx context.Context, out, progress io.Writer, engine, pgURL string, oneTitle, many, titles int,
	every, baseline time.Duration) error {
	db, _, closeDB, err := benchOpen(ctx, engine, pgURL, "", "import")
	if err != nil {
		return err
	}
	defer closeDB()
	orgs, cat := org.NewService(db), catalog.NewService(db)
	for _, o := range []*org.Organisation{
		{Slug: "cmg", Country: "CN", Names: map[string]string{"en": "China Media Group"}},
		{Slug: "vgtrk", Country: "RU", Names: map[string]string{"en": "VGTRK"}, Partners: []string{"cmg"}},
	} {
		if err := orgs.Create(ctx, o); err != nil {
			return err
		}
	}
	cmg := auth.WithPrincipal(ctx, &auth.Principal{Org: "cmg", Role: auth.RoleAdmin, Name: "bench"})
	vg := auth.WithPrincipal(ctx, &auth.Principal{Org: "vgtrk", Role: auth.RoleEditor, Name: "bench-writer"})
	fmt.Fprintf(progress, "%s: creating %d titles\n", engine, titles+1)
	ids := make([]string, titles+1)
	for i := range ids {
		t, err := cat.Create(cmg, importBenchTitle(fmt.Sprintf("Import bench film %d", i)))
		if err != nil {
			return err
		}
		ids[i] = t.ID
	}
	av := avails.NewService(rights.NewService(db, cat), cat).WithJobs(db)
	for _, sc := range []struct {
		name string
		rows int
		ref  func(i int) string
	}{
		{"one title", oneTitle, func(int) string { return ids[0] }},
		{fmt.Sprintf("%d titles", titles), many, func(i int) string { return ids[1+i%titles] }},
	} {
		var sb strings.Builder
		sb.WriteString("Territory\tLicenseType\tStart\tEnd\tContentID\tAvailID\tExclusive\tAllowedLanguages\n")
		countries := []string{"RU", "BY", "KZ", "CN", "DE", "FR", "IT", "ES", "BR", "IN", "JP", "KR"}
		for i := range sc.rows {
			fmt.Fprintf(&sb, "%s\tSVOD\t2025-01-01\t2027-12-31\t%s\t%s-%d\tNo\tru\n", countries[i%len(countries)], sc.ref(i), sc.name, i)
		}
		file := []byte(sb.String())
		fmt.Fprintf(progress, "%s: writer baseline (%s)\n", engine, baseline)
		base, baseErrs := benchWriter(vg, cat, every, func() bool { return false }, baseline)
		fmt.Fprintf(progress, "%s: importing %d rows (%s)\n", engine, sc.rows, sc.name)
		var done sync.WaitGroup
		var finished bool
		var mu sync.Mutex
		var rep *avails.ImportJob
		var impErr error
		var took time.Duration
		done.Add(1)
		go func() {
			defer done.Done()
			start := time.Now()
			// Submit without a queue runs the job at once, through the same
			// code as the River worker.
			rep, impErr = av.Submit(cmg, file, avails.ImportOptions{Kind: rights.KindHoldings})
			took = time.Since(start)
			mu.Lock()
			finished = true
			mu.Unlock()
		}()
		during, duringErrs := benchWriter(vg, cat, every, func() bool { mu.Lock(); defer mu.Unlock(); return finished }, 0)
		done.Wait()
		if impErr != nil {
			return impErr
		}
		if rep.Status != avails.ImportSucceeded || rep.Report.Created != sc.rows {
			return fmt.Errorf("import %s: %+v (error %q)", sc.name, rep.Report, rep.Error)
		}
		fmt.Fprintf(out, "| %s | %s | %d | %.1f s | %.0f | %s / %s (%d) | %s / %s / %s (%d) | %d |\n", engine, sc.name, sc.rows,
			took.Seconds(), float64(sc.rows)/took.Seconds(), importMS(benchkit.Percentile(base, 50)), importMS(benchkit.Percentile(base, 99)), len(base),
			importMS(benchkit.Percentile(during, 50)), importMS(benchkit.Percentile(during, 99)), importMS(benchkit.Percentile(during, 100)), len(during), baseErrs+duringErrs)
	}
	return nil
}

// benchWriter creates a title every interval until stop says so (or for d
// when d > 0) and returns each create's latency and the number of failures.
func benchWriter(ctx context.Context, cat *catalog.Service, every time.Duration, stop func() bool, d time.Duration) ([]time.Duration, int) {
	var lat []time.Duration
	errs := 0
	end := time.Now().Add(d)
	tick := time.NewTicker(every)
	defer tick.Stop()
	for i := 0; ; i++ {
		if (d > 0 && time.Now().After(end)) || (d == 0 && stop()) {
			return lat, errs
		}
		<-tick.C
		start := time.Now()
		if _, err := cat.Create(ctx, importBenchTitle(fmt.Sprintf("Writer title %d %d", time.Now().UnixNano(), i))); err != nil {
			errs++
			continue
		}
		lat = append(lat, time.Since(start))
	}
}

func importBenchTitle(name string) catalog.Fields {
	return catalog.Fields{Kind: catalog.KindFilm, OriginalLanguage: "ru", ProductionYear: 2025,
		Localizations: map[string]catalog.Localization{"en": {Title: name}}, Visibility: catalog.VisibilityPartners,
		Genres: []string{"drama"}, Countries: []string{"RU"}}
}

func importMS(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }
