package main

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/spf13/cobra"

	"github.com/silkbridge/silkbridge/internal/search"
)

func init() {
	extraCommands = append(extraCommands, newReindexCmd)
}

func newReindexCmd(g *globalFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "reindex",
		Short: "Rebuild the search index from the catalogue (servers keep running and pick up changes made meanwhile)",
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := g.open(cmd.Context())
			if err != nil {
				return err
			}
			defer a.db.Close()
			start := time.Now()
			n, err := search.Rebuild(cmd.Context(), a.db, 0)
			if err != nil {
				return fmt.Errorf("reindex: %w", err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "indexed %d titles in %s\n", n, time.Since(start).Round(time.Millisecond))
			return nil
		},
	}
}

// startIndexer runs the search indexer for the server's lifetime: it follows
// the catalogue change log (so changes made by other processes on the same
// database become searchable) and repairs a missing or damaged index. With
// memory set it also keeps in-memory copies of the title and people indexes
// that searches read (search.MemoryIndex, search.MemoryPeople), which it
// returns. The returned function stops them all and waits.
func startIndexer(ctx context.Context, a *app, log *slog.Logger, memory bool) (stop func(), copies *searchCopies) {
	log = log.With("component", "search")
	ix := search.NewIndexer(a.db, search.IndexerConfig{Logger: log})
	a.search.IndexTrouble = ix.RequestCheck
	ctx, cancel := context.WithCancel(ctx)
	var running sync.WaitGroup
	running.Go(func() { ix.Run(ctx) })
	if memory {
		heap := &heapSettler{log: log}
		cfg := search.MemoryConfig{Logger: log, Loaded: func(search.MemoryStats) { heap.loaded() }}
		copies = &searchCopies{
			titles: search.NewMemoryIndex(a.db, a.db, cfg),
			people: search.NewMemoryPeople(a.db, a.db, cfg),
		}
		a.search.WithMemoryIndex(copies.titles).WithMemoryPeople(copies.people)
		running.Go(func() { copies.titles.Run(ctx) })
		running.Go(func() { copies.people.Run(ctx) })
	}
	return func() {
		cancel()
		running.Wait()
	}, copies
}

// searchCopies are the in-memory copies of the search indexes a server
// keeps unless --search-memory=false.
type searchCopies struct {
	titles *search.MemoryIndex
	people *search.MemoryPeople
}

// registerSearchMemoryMetrics exports the in-memory copies' state on
// /metrics: whether they have loaded, their titles and people, and how
// many look-ups each answered and passed to the database (behind its change
// log, or loading).
func registerSearchMemoryMetrics(reg *prometheus.Registry, c *searchCopies) {
	for _, ix := range []struct {
		name  string
		stats func() search.MemoryStats
	}{{"titles", c.titles.Stats}, {"people", c.people.Stats}} {
		lookups := func(by string, n func(search.MemoryStats) int64) prometheus.Collector {
			return prometheus.NewCounterFunc(prometheus.CounterOpts{
				Name: "silkbridge_search_memory_lookups_total", Help: "Search index look-ups, by index and who answered them (memory or database).",
				ConstLabels: prometheus.Labels{"index": ix.name, "answered_by": by},
			}, func() float64 { return float64(n(ix.stats())) })
		}
		reg.MustRegister(
			prometheus.NewGaugeFunc(prometheus.GaugeOpts{
				Name: "silkbridge_search_memory_" + ix.name, Help: "Live " + ix.name + " in the in-memory search index (0 until it has loaded).",
			}, func() float64 { return float64(ix.stats().Live) }),
			prometheus.NewGaugeFunc(prometheus.GaugeOpts{
				Name: "silkbridge_search_memory_loaded", Help: "1 once the in-memory search index has loaded, else 0.",
				ConstLabels: prometheus.Labels{"index": ix.name},
			}, func() float64 {
				if ix.stats().Loaded {
					return 1
				}
				return 0
			}),
			lookups("memory", func(s search.MemoryStats) int64 { return s.Answered }),
			lookups("database", func(s search.MemoryStats) int64 { return s.Deferred }),
		)
	}
}
