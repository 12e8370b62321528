package jobs

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/riverqueue/river"

	"github.com/silkbridge/silkbridge/internal/webhook"
)

// DeliverWebhookArgs sends one recorded webhook delivery.
type DeliverWebhookArgs struct {
	DeliveryID string `json:"delivery_id"`
}

// Kind names the job.
func (DeliverWebhookArgs) Kind() string { return "deliver_webhook" }

// InsertOpts makes a delivery's job unique, so scheduling pending deliveries
// at start never duplicates one already queued.
func (DeliverWebhookArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 12, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

type deliverWorker struct {
	river.WorkerDefaults[DeliverWebhookArgs]
	deliverer *webhook.Deliverer
	base      time.Duration
}

func (w *deliverWorker) Work(ctx context.Context, job *river.Job[DeliverWebhookArgs]) error {
	err := w.deliverer.Deliver(ctx, job.Args.DeliveryID, job.Attempt >= job.MaxAttempts)
	if errors.Is(err, webhook.ErrGone) {
		return river.JobCancel(err)
	}
	return err
}

// NextRetry backs off exponentially: base, 2×base, 4×base… capped at six hours
// (12 attempts with a 10 s base span about a day).
func (w *deliverWorker) NextRetry(job *river.Job[DeliverWebhookArgs]) time.Time {
	d := w.base << min(job.Attempt-1, 20)
	if d > 6*time.Hour || d <= 0 {
		d = 6 * time.Hour
	}
	return time.Now().Add(d)
}

// EnqueueDeliveryTx schedules a delivery inside tx (the store's Enqueuer).
func (q *Queue) EnqueueDeliveryTx(ctx context.Context, tx *sql.Tx, deliveryID string) error {
	_, err := q.client.InsertTx(ctx, tx, DeliverWebhookArgs{DeliveryID: deliveryID}, nil)
	return err
}

// PendingLister lists deliveries not yet sent.
type PendingLister interface {
	DeliveryPending(ctx context.Context, limit int) ([]*webhook.Delivery, error)
}

// EnqueuePending schedules deliveries recorded without a queue (by CLI
// commands); unique job options make it safe to call at every start.
func (q *Queue) EnqueuePending(ctx context.Context, store PendingLister) (int, error) {
	pending, err := store.DeliveryPending(ctx, 10000)
	if err != nil {
		return 0, err
	}
	for _, d := range pending {
		if _, err := q.client.Insert(ctx, DeliverWebhookArgs{DeliveryID: d.ID}, nil); err != nil {
			return 0, err
		}
	}
	return len(pending), nil
}
