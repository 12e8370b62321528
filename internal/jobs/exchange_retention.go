package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
)

// Exchanges is the part of the personnel-exchange service the periodic
// job runs.
type Exchanges interface {
	// Sweep moves programmes on by the calendar (open → running on the
	// first day, running → completed after the last).
	Sweep(ctx context.Context) (int, error)
	// EraseDue removes the private fields of the participants of completed
	// programmes whose retention period ended.
	EraseDue(ctx context.Context) (int, error)
}

// ExchangeRetentionArgs runs one sweep of the exchange calendar and the
// retention of participants' private data. Both steps are idempotent (a
// programme's erasure is marked done in the store), so a sweep repeated
// after a crash erases nothing twice.
type ExchangeRetentionArgs struct{}

// Kind names the job.
func (ExchangeRetentionArgs) Kind() string { return "exchange_retention" }

// InsertOpts gives up after a few attempts: the next sweep comes anyway.
func (ExchangeRetentionArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: 3} }

type exchangeRetentionWorker struct {
	river.WorkerDefaults[ExchangeRetentionArgs]
	x   Exchanges
	log *slog.Logger
}

func (w *exchangeRetentionWorker) Work(ctx context.Context, _ *river.Job[ExchangeRetentionArgs]) error {
	moved, err := w.x.Sweep(ctx)
	if moved > 0 {
		w.log.Info("exchange programmes moved by the calendar", "count", moved)
	}
	if err != nil {
		return err
	}
	erased, err := w.x.EraseDue(ctx)
	if erased > 0 {
		w.log.Info("erased private data of exchange participants after retention", "count", erased)
	}
	return err
}

// exchangeJobs registers the exchange sweep's worker and returns its
// periodic schedule: at start, then every interval.
func exchangeJobs(workers *river.Workers, x Exchanges, interval time.Duration, log *slog.Logger) []*river.PeriodicJob {
	river.AddWorker(workers, &exchangeRetentionWorker{x: x, log: log})
	return []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(interval),
		func() (river.JobArgs, *river.InsertOpts) { return ExchangeRetentionArgs{}, nil },
		&river.PeriodicJobOpts{ID: "exchange_retention", RunOnStart: true})}
}
