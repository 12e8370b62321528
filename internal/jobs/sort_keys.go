package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/silkbridge/silkbridge/internal/store"
)

// FillSortKeysArgs gives every title its catalogue sort keys (migration
// 00090) when some lack them: a catalogue from before the keys existed, or
// a build that added a sort language. The store walks titles a short batch
// per transaction and keeps where it is, so the hub serves meanwhile (titles
// without a key are listed after the others) and a run cut off resumes.
type FillSortKeysArgs struct{}

// Kind names the job.
func (FillSortKeysArgs) Kind() string { return "fill_title_sort_keys" }

// InsertOpts: one fill queued or running at a time, however many servers
// start on the database; a finished one does not stop the next (a later
// build adding a language queues another).
func (FillSortKeysArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 10, UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: []rivertype.JobState{
		rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning,
		rivertype.JobStateRetryable, rivertype.JobStateScheduled,
	}}}
}

// SortKeys is the store's fill of title sort keys (store.DB).
type SortKeys interface {
	TitleSortKeysStatus(ctx context.Context) (store.TitleSortFill, error)
	FillTitleSortKeys(ctx context.Context, progress func(store.TitleSortFill) error) error
}

// sortKeysTimeout bounds one attempt. Filling 40,000 titles took 13 s on
// PostgreSQL and 27 s on SQLite (a busy two-core machine), so a million
// take minutes; an attempt cut off is retried from where it stopped.
// It stays under River's rescue of stuck jobs (an hour), so a slow attempt
// ends before another server could take the job up.
const sortKeysTimeout = 45 * time.Minute

type sortKeysWorker struct {
	river.WorkerDefaults[FillSortKeysArgs]
	store SortKeys
	log   *slog.Logger
}

func (w *sortKeysWorker) Timeout(*river.Job[FillSortKeysArgs]) time.Duration { return sortKeysTimeout }

// Work fills batch after batch, logging progress at most every 10 s or 10 %
// and recording the last as the job's output.
func (w *sortKeysWorker) Work(ctx context.Context, job *river.Job[FillSortKeysArgs]) error {
	log := w.log.With("job", job.ID)
	lastAt, lastPct := time.Now(), -1
	return w.store.FillTitleSortKeys(ctx, func(f store.TitleSortFill) error {
		pct := sortKeysPercent(f)
		if f.Complete {
			log.Info("title sort keys filled", "titles", f.Done)
			return river.RecordOutput(ctx, sortKeysOutput{Done: f.Done, Total: f.Total, Percent: 100})
		}
		if pct < lastPct+10 && time.Since(lastAt) < 10*time.Second {
			return nil
		}
		lastAt, lastPct = time.Now(), pct
		log.Info("filling title sort keys", "done", f.Done, "total", f.Total, "percent", pct)
		return river.RecordOutput(ctx, sortKeysOutput{Done: f.Done, Total: f.Total, Percent: pct})
	})
}

// sortKeysOutput is the job's recorded progress.
type sortKeysOutput struct {
	Done    int64 `json:"done"`
	Total   int64 `json:"total"`
	Percent int   `json:"percent"`
}

func sortKeysPercent(f store.TitleSortFill) int {
	if f.Complete {
		return 100
	}
	if f.Total <= 0 {
		return 0
	}
	return int(min(99, f.Done*100/f.Total))
}

// EnqueueSortKeysFill queues the fill when some title may lack a sort key
// (one small row read, so it is cheap at every start) and says whether it
// did. Unique job options make it safe for many servers at once.
func (q *Queue) EnqueueSortKeysFill(ctx context.Context, s SortKeys) (bool, error) {
	f, err := s.TitleSortKeysStatus(ctx)
	if err != nil || f.Complete {
		return false, err
	}
	res, err := q.client.Insert(ctx, FillSortKeysArgs{}, nil)
	if err != nil {
		return false, err
	}
	return !res.UniqueSkippedAsDuplicate, nil
}
