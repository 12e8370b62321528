package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

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
// database become searchable) and repairs a missing or damaged index. The
// returned function stops it and waits for it.
func startIndexer(ctx context.Context, a *app, log *slog.Logger) (stop func()) {
	ix := search.NewIndexer(a.db, search.IndexerConfig{Logger: log.With("component", "search")})
	a.search.IndexTrouble = ix.RequestCheck
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		ix.Run(ctx)
	}()
	return func() {
		cancel()
		<-done
	}
}
