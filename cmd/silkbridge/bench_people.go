package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"github.com/silkbridge/silkbridge/internal/search/searchbench"
)

// peopleBenchFlags are the people options of `bench search`: with --people,
// the run measures people search and suggestions instead of titles.
type peopleBenchFlags struct {
	people, credits int
}

func (p *peopleBenchFlags) register(f *pflag.FlagSet) {
	f.IntVar(&p.people, "people", 0, "generate this many people (and --credits credits on the titles) and time people search and suggestions instead of title search")
	f.IntVar(&p.credits, "credits", 0, "credits to generate with --people, spread over the titles (the first of each title a director)")
}

// benchPeople runs the people benchmark on every engine and prints one table.
func benchPeople(ctx context.Context, engines []string, bf benchFlags, pf peopleBenchFlags, out, progress io.Writer) error {
	var rows []string
	for _, engine := range engines {
		keep := bf.sqliteFile
		if engine == "postgres" {
			keep = bf.pgSchema
		}
		db, raw, closeDB, err := benchOpen(ctx, engine, bf.pgURL, keep, "people")
		if err != nil {
			return err
		}
		defer closeDB()
		if _, _, err := searchbench.Load(ctx, db, searchbench.Config{Titles: bf.titles, Seed: 1, Out: progress}); err != nil {
			return err
		}
		rate, people, credits, err := searchbench.LoadPeople(ctx, db, searchbench.PeopleConfig{People: pf.people, Credits: pf.credits, Seed: 1, Out: progress})
		if err != nil {
			return fmt.Errorf("%s: %w", engine, err)
		}
		if rate > 0 {
			fmt.Fprintf(progress, "%s: loaded %d people at %.0f people/s and %d credits\n", engine, people, rate, credits)
		}
		queries, err := searchbench.PeopleQueries(ctx, db, 1, bf.queries)
		if err != nil {
			return err
		}
		warmup, err := searchbench.PeopleQueries(ctx, db, 2, bf.warmup)
		if err != nil {
			return err
		}
		fmt.Fprintf(progress, "%s: load average before timing %s", engine, loadavg())
		rep, err := searchbench.RunPeople(ctx, db, queries, warmup, bf.memory, progress)
		if err != nil {
			return fmt.Errorf("%s: %w", engine, err)
		}
		for _, r := range []struct {
			name string
			rep  *searchbench.PeopleReport
		}{{engine, rep}, {engine + ", in memory", rep.Memory}} {
			if r.rep == nil {
				continue
			}
			for _, f := range r.rep.Failures {
				fmt.Fprintf(progress, "  %s miss: %s\n", r.name, f)
			}
			row := fmt.Sprintf("| silkbridge (%s) | %d | %d | %s | %s | %s | %s | %d/%d | %s |", r.name, people, credits,
				ms(r.rep.SearchP50), ms(r.rep.SearchP99), ms(r.rep.SuggestP50), ms(r.rep.SuggestP99), r.rep.Passed, r.rep.Total, trimLoad())
			fmt.Fprintln(progress, row)
			rows = append(rows, row)
		}
		if !bf.baselines {
			continue
		}
		for _, b := range searchbench.PeopleBaselines(db.Dialect()) {
			took, err := b.Build(ctx, raw)
			if err != nil {
				return fmt.Errorf("%s: %w", b.Name, err)
			}
			fmt.Fprintf(progress, "%s: built in %.0f s\n", b.Name, took.Seconds())
			n := min(len(queries), bf.baselineQueries)
			brep, err := b.Time(ctx, raw, warmup[:min(len(warmup), bf.baselineQueries)], queries[:n])
			if err != nil {
				return fmt.Errorf("%s: %w", b.Name, err)
			}
			row := fmt.Sprintf("| %s | %d | %d | %s | %s | – | – | %d/%d | %s |", b.Name, people, credits,
				ms(brep.SearchP50), ms(brep.SearchP99), brep.Passed, brep.Total, trimLoad())
			fmt.Fprintln(progress, row)
			rows = append(rows, row)
		}
	}
	fmt.Fprintln(out, "| engine | people | credits | search p50 | search p99 | suggest p50 | suggest p99 | relevance | load average |")
	fmt.Fprintln(out, "|---|---|---|---|---|---|---|---|---|")
	for _, r := range rows {
		fmt.Fprintln(out, r)
	}
	return nil
}

func trimLoad() string {
	s := loadavg()
	return s[:len(s)-1]
}
