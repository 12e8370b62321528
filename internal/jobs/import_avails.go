package jobs

import (
	"context"
	"time"

	"github.com/riverqueue/river"
)

// ImportAvailsArgs works one recorded avails import.
type ImportAvailsArgs struct {
	ImportID string `json:"import_id"`
}

// Kind names the job.
func (ImportAvailsArgs) Kind() string { return "import_avails" }

// InsertOpts makes an import's job unique, so queuing unfinished imports at
// start never runs one twice at once.
func (ImportAvailsArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 5, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// Importer runs recorded imports (avails.Service).
type Importer interface {
	// RunImport works an import; it returns an error only for a failure
	// worth retrying, and on the final attempt records the import failed.
	RunImport(ctx context.Context, id string, final bool) error
	UnfinishedImports(ctx context.Context) ([]string, error)
}

// importTimeout bounds one attempt. The largest file (100,000 rows) applies
// in a few minutes; a run cut off is retried, and since rows replace the
// records of their AvailID, running it again is safe.
const importTimeout = 30 * time.Minute

type importWorker struct {
	river.WorkerDefaults[ImportAvailsArgs]
	importer Importer
}

func (w *importWorker) Timeout(*river.Job[ImportAvailsArgs]) time.Duration { return importTimeout }

func (w *importWorker) Work(ctx context.Context, job *river.Job[ImportAvailsArgs]) error {
	return w.importer.RunImport(ctx, job.Args.ImportID, job.Attempt >= job.MaxAttempts)
}

// EnqueueImport queues a recorded import.
func (q *Queue) EnqueueImport(ctx context.Context, id string) error {
	_, err := q.client.Insert(ctx, ImportAvailsArgs{ImportID: id}, nil)
	return err
}

// EnqueueUnfinishedImports queues the imports recorded while no queue ran
// (or whose job was lost with its process); unique job options make it safe
// to call at every start.
func (q *Queue) EnqueueUnfinishedImports(ctx context.Context, importer Importer) (int, error) {
	ids, err := importer.UnfinishedImports(ctx)
	if err != nil {
		return 0, err
	}
	for _, id := range ids {
		if err := q.EnqueueImport(ctx, id); err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}
