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
// memory set it also keeps an in-memory copy of the index that searches
// read (search.MemoryIndex), which it returns. The returned function stops
// both and waits.
func startIndexer(ctx context.Context, a *app, log *slog.Logger, memory bool) (stop func(), mem *search.MemoryIndex) {
	log = log.With("component", "search")
	ix := search.NewIndexer(a.db, search.IndexerConfig{Logger: log})
	a.search.IndexTrouble = ix.RequestCheck
	ctx, cancel := context.WithCancel(ctx)
	var running sync.WaitGroup
	running.Go(func() { ix.Run(ctx) })
	if memory {
		mem = search.NewMemoryIndex(a.db, a.db, search.MemoryConfig{Logger: log})
		a.search.WithMemoryIndex(mem)
		running.Go(func() { mem.Run(ctx) })
	}
	return func() {
		cancel()
		running.Wait()
	}, mem
}

// registerSearchMemoryMetrics exports the in-memory index's state on
// /metrics: whether it has loaded (its titles), and how many look-ups it
// answered and passed to the database (behind the change log, or loading).
func registerSearchMemoryMetrics(reg *prometheus.Registry, mem *search.MemoryIndex) {
	lookups := func(by string, n func(search.MemoryStats) int64) prometheus.Collector {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "silkbridge_search_memory_lookups_total", Help: "Search index look-ups, by who answered them (memory or database).",
			ConstLabels: prometheus.Labels{"answered_by": by},
		}, func() float64 { return float64(n(mem.Stats())) })
	}
	reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "silkbridge_search_memory_titles", Help: "Titles in the in-memory search index (0 until it has loaded).",
		}, func() float64 { return float64(mem.Stats().Titles) }),
		lookups("memory", func(s search.MemoryStats) int64 { return s.Answered }),
		lookups("database", func(s search.MemoryStats) int64 { return s.Deferred }),
	)
}
