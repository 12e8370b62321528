package jobs

import (
	"context"
	"log/slog"

	"github.com/riverqueue/river"
)

// RequestExpiryArgs runs one sweep recording open requests past their
// deadline as expired (with their audit entries and notifications). Reads
// show such requests as expired even before the sweep.
type RequestExpiryArgs struct{}

// Kind names the job.
func (RequestExpiryArgs) Kind() string { return "request_expiry" }

// InsertOpts gives up after a few attempts: the next sweep comes anyway.
func (RequestExpiryArgs) InsertOpts() river.InsertOpts { return LicenceExpiringArgs{}.InsertOpts() }

type requestExpiryWorker struct {
	river.WorkerDefaults[RequestExpiryArgs]
	licensing Licensing
	log       *slog.Logger
}

func (w *requestExpiryWorker) Work(ctx context.Context, _ *river.Job[RequestExpiryArgs]) error {
	n, err := w.licensing.ExpireOverdue(ctx)
	if n > 0 {
		w.log.Info("expired overdue requests", "count", n)
	}
	return err
}
