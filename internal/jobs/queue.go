// Package jobs is silkbridge's durable job queue: River on the same database
// as the data (SQLite or PostgreSQL), so a job is inserted in the transaction
// that makes it necessary and survives restarts. One file per job kind.
package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/silkbridge/silkbridge/internal/webhook"
)

// Config tunes the queue.
type Config struct {
	// Postgres selects River's PostgreSQL driver; otherwise SQLite.
	Postgres bool
	// PollInterval is how often workers look for new jobs (SQLite has no
	// LISTEN/NOTIFY, so it always polls). Default 1s.
	PollInterval time.Duration
	// RetryBase is the first retry delay; each further retry doubles it.
	RetryBase time.Duration
	Logger    *slog.Logger
	Workers   int
	// SweepInterval is how often the licensing sweeps run (licence.expiring
	// notices, request deadlines). Default 1h.
	SweepInterval time.Duration
}

// Queue runs background jobs.
type Queue struct {
	client *river.Client[*sql.Tx]
	// processing says the media processing worker is registered.
	processing bool
	log        *slog.Logger
}

// Deps are what the workers call.
type Deps struct {
	Deliverer *webhook.Deliverer
	// Licensing, when set, adds the periodic licensing sweeps.
	Licensing Licensing
	// Importer, when set, adds the avails import worker.
	Importer Importer
	// Processing, when set, adds the media processing worker.
	Processing *Processing
	// Exchanges, when set, adds the periodic exchange calendar and
	// retention sweep (exchange_retention.go).
	Exchanges Exchanges
	// SortKeys, when set, adds the fill of missing title sort keys
	// (sort_keys.go).
	SortKeys SortKeys
}

func driver(db *sql.DB, postgres bool) riverdriver.Driver[*sql.Tx] {
	if postgres {
		return riverdatabasesql.New(db)
	}
	return riversqlite.New(db)
}

// Migrate creates or upgrades the queue's tables. On SQLite pass the
// single-connection write pool: River writes through it like the rest of the app.
func Migrate(ctx context.Context, db *sql.DB, postgres bool) error {
	m, err := rivermigrate.New(driver(db, postgres), nil)
	if err != nil {
		return fmt.Errorf("job queue migrator: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("job queue migrate: %w", err)
	}
	return nil
}

// New builds a queue over db (migrated by Migrate). It inserts jobs at once;
// it works them only after Start.
func New(db *sql.DB, cfg Config, deps Deps) (*Queue, error) {
	if cfg.PollInterval == 0 {
		cfg.PollInterval = time.Second
	}
	if cfg.RetryBase == 0 {
		cfg.RetryBase = 10 * time.Second
	}
	if cfg.Workers == 0 {
		cfg.Workers = 8
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.SweepInterval == 0 {
		cfg.SweepInterval = time.Hour
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, &deliverWorker{deliverer: deps.Deliverer, base: cfg.RetryBase})
	if deps.Importer != nil {
		river.AddWorker(workers, &importWorker{importer: deps.Importer})
	}
	if deps.SortKeys != nil {
		river.AddWorker(workers, &sortKeysWorker{store: deps.SortKeys, log: cfg.Logger})
	}
	rescueAfter := time.Duration(0) // River's default
	if deps.Processing != nil {
		if deps.Processing.Timeout <= 0 {
			deps.Processing.Timeout = 6 * time.Hour
		}
		river.AddWorker(workers, &processWorker{p: deps.Processing, base: cfg.RetryBase, log: cfg.Logger})
		// A job still running is never rescued as stuck (see orphans.go).
		rescueAfter = deps.Processing.Timeout + time.Hour
	}
	var periodic []*river.PeriodicJob
	if deps.Licensing != nil {
		periodic = licensingJobs(workers, deps.Licensing, cfg.SweepInterval, cfg.Logger)
	}
	if deps.Exchanges != nil {
		periodic = append(periodic, exchangeJobs(workers, deps.Exchanges, cfg.SweepInterval, cfg.Logger)...)
	}
	client, err := river.NewClient(driver(db, cfg.Postgres), &river.Config{
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: cfg.Workers}},
		Workers:           workers,
		PeriodicJobs:      periodic,
		FetchPollInterval: cfg.PollInterval,
		FetchCooldown:     min(cfg.PollInterval, 100*time.Millisecond),
		JobTimeout:        time.Minute,
		Logger:            cfg.Logger,
		ID:                newClientID(),

		RescueStuckJobsAfter: rescueAfter,
	})
	if err != nil {
		return nil, fmt.Errorf("job queue: %w", err)
	}
	return &Queue{client: client, processing: deps.Processing != nil, log: cfg.Logger}, nil
}

// Start works jobs until Stop or ctx ends; first it takes back the jobs an
// exited process of this host left running (see orphans.go).
func (q *Queue) Start(ctx context.Context) error {
	if n, err := q.rescueOrphans(ctx); err != nil {
		q.log.Warn("rescuing jobs of exited processes", "err", err)
	} else if n > 0 {
		q.log.Info("rescued jobs of exited processes", "count", n)
	}
	return q.client.Start(ctx)
}

// Stop waits for running jobs to finish (bounded by ctx).
func (q *Queue) Stop(ctx context.Context) error { return q.client.Stop(ctx) }
