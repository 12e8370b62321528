package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
)

// Licensing is the part of the licensing service the periodic jobs run.
type Licensing interface {
	// RemindExpiring sends the licence.expiring notices that are due (30 and
	// 7 days before a licence's end), each once per licence.
	RemindExpiring(ctx context.Context) (int, error)
	// ExpireOverdue records open requests past their deadline as expired.
	ExpireOverdue(ctx context.Context) (int, error)
}

// LicenceExpiringArgs runs one sweep for licence.expiring notices. What was
// sent is recorded per licence and mark in the same transaction as the
// sending, so a sweep repeated after a restart sends nothing twice.
type LicenceExpiringArgs struct{}

// Kind names the job.
func (LicenceExpiringArgs) Kind() string { return "licence_expiring" }

// InsertOpts gives up after a few attempts: the next sweep comes anyway.
func (LicenceExpiringArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: 3} }

type licenceExpiringWorker struct {
	river.WorkerDefaults[LicenceExpiringArgs]
	licensing Licensing
	log       *slog.Logger
}

func (w *licenceExpiringWorker) Work(ctx context.Context, _ *river.Job[LicenceExpiringArgs]) error {
	n, err := w.licensing.RemindExpiring(ctx)
	if n > 0 {
		w.log.Info("sent licence.expiring notices", "count", n)
	}
	return err
}

// licensingJobs registers the licensing sweeps' workers and returns their
// periodic schedules; both run at start and then every interval.
func licensingJobs(workers *river.Workers, l Licensing, interval time.Duration, log *slog.Logger) []*river.PeriodicJob {
	river.AddWorker(workers, &licenceExpiringWorker{licensing: l, log: log})
	river.AddWorker(workers, &requestExpiryWorker{licensing: l, log: log})
	opts := func(id string) *river.PeriodicJobOpts { return &river.PeriodicJobOpts{ID: id, RunOnStart: true} }
	return []*river.PeriodicJob{
		river.NewPeriodicJob(river.PeriodicInterval(interval),
			func() (river.JobArgs, *river.InsertOpts) { return LicenceExpiringArgs{}, nil }, opts("licence_expiring")),
		river.NewPeriodicJob(river.PeriodicInterval(interval),
			func() (river.JobArgs, *river.InsertOpts) { return RequestExpiryArgs{}, nil }, opts("request_expiry")),
	}
}
