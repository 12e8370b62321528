package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/silkbridge/silkbridge/internal/jobs"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/webhook"
)

// startJobs migrates and starts the durable job queue on the app's database,
// connects it to the store so changes enqueue their jobs transactionally, and
// schedules deliveries recorded while no server ran, unfinished imports and
// the fill of missing title sort keys.
func startJobs(ctx context.Context, a *app, log *slog.Logger) (*jobs.Queue, error) {
	pg := a.db.Dialect() == store.Postgres
	if err := jobs.Migrate(ctx, a.db.Writer(), pg); err != nil {
		return nil, err
	}
	q, err := jobs.New(a.db.Writer(), jobs.Config{Postgres: pg, Logger: log.With("component", "jobs")},
		jobs.Deps{Deliverer: webhook.NewDeliverer(a.db, a.guard), Licensing: a.licensingService(), Importer: a.avails, Processing: a.processing(),
			Exchanges: a.exchangeService(), SortKeys: a.db})
	if err != nil {
		return nil, err
	}
	a.db.SetEnqueuer(q.EnqueueDeliveryTx)
	a.avails.SetScheduler(q.EnqueueImport)
	if a.processing() != nil {
		a.db.SetAssetEnqueuer(q.EnqueueProcessAssetTx)
	}
	if err := q.Start(ctx); err != nil {
		return nil, err
	}
	if n, err := q.EnqueuePending(ctx, a.db); err != nil {
		log.Warn("scheduling pending webhook deliveries", "err", err)
	} else if n > 0 {
		log.Info("scheduled pending webhook deliveries", "count", n)
	}
	if n, err := q.EnqueueUnfinishedImports(ctx, a.avails); err != nil {
		log.Warn("scheduling unfinished avails imports", "err", err)
	} else if n > 0 {
		log.Info("scheduled unfinished avails imports", "count", n)
	}
	if queued, err := q.EnqueueSortKeysFill(ctx, a.db); err != nil {
		log.Warn("scheduling the fill of title sort keys", "err", err)
	} else if queued {
		log.Info("scheduled the fill of title sort keys: titles lacking one list after the others until it finishes")
	}
	return q, nil
}

func stopJobs(q *jobs.Queue, log *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := q.Stop(ctx); err != nil {
		log.Warn("stopping job queue", "err", err)
	}
}
