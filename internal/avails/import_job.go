package avails

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/rights"
)

// ImportStatus is where a background import stands.
type ImportStatus string

// Import statuses.
const (
	ImportQueued    ImportStatus = "queued"
	ImportRunning   ImportStatus = "running"
	ImportSucceeded ImportStatus = "succeeded"
	ImportFailed    ImportStatus = "failed"
)

// Finished reports whether the import will change no more.
func (s ImportStatus) Finished() bool { return s == ImportSucceeded || s == ImportFailed }

// ImportJob is an avails import run in the background. Only the importing
// organisation may read it.
type ImportJob struct {
	ID           string       `json:"id"`
	Org          string       `json:"org"`
	CreatedBy    string       `json:"created_by"`
	Role         auth.Role    `json:"-"` // the importer's, which the job acts with
	TokenID      string       `json:"-"` // the importer's token or user, for the
	UserID       string       `json:"-"` // audit entries of the records it makes
	Kind         rights.Kind  `json:"kind"`
	Format       Format       `json:"format"`
	KeepGoodRows bool         `json:"keep_good_rows"`
	Status       ImportStatus `json:"status" enum:"queued,running,succeeded,failed"`
	RowsTotal    int          `json:"rows_total" doc:"Data rows in the file"`
	RowsDone     int          `json:"rows_done" doc:"Rows applied so far"`
	Report       *Report      `json:"report,omitempty" doc:"When finished: what was stored and every bad row"`
	Error        string       `json:"error,omitempty" doc:"Why the import itself failed (not a row's fault)"`
	CreatedAt    time.Time    `json:"created_at"`
	UpdatedAt    time.Time    `json:"updated_at"`
	FinishedAt   *time.Time   `json:"finished_at,omitempty"`
}

// JobStore keeps import jobs with their files, so a job survives restarts.
type JobStore interface {
	ImportCreate(ctx context.Context, j *ImportJob, file []byte) error
	// ImportGet returns NotFound for an unknown id.
	ImportGet(ctx context.Context, id string) (*ImportJob, error)
	ImportFile(ctx context.Context, id string) ([]byte, error)
	ImportProgress(ctx context.Context, id string, status ImportStatus, rowsDone int) error
	// ImportFinish records the outcome and drops the file.
	ImportFinish(ctx context.Context, j *ImportJob) error
	// ImportsUnfinished lists the ids of queued and running imports.
	ImportsUnfinished(ctx context.Context) ([]string, error)
}

// WithJobs lets s run imports in the background, kept in store.
func (s *Service) WithJobs(store JobStore) *Service {
	s.jobs = store
	return s
}

// SetScheduler makes Submit queue imports with fn (the job queue) instead of
// running them at once.
func (s *Service) SetScheduler(fn func(ctx context.Context, id string) error) { s.schedule = fn }

// Submit records an import of data for the caller and queues it. A file that
// is not an avails sheet is refused at once (Invalid, naming the problem);
// its rows are checked by the job, whose report says which are bad.
func (s *Service) Submit(ctx context.Context, data []byte, opt ImportOptions) (*ImportJob, error) {
	p, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	if err := p.RequireWrite(); err != nil {
		return nil, err
	}
	if s.jobs == nil {
		return nil, apperr.New(apperr.Internal, "import jobs are not configured")
	}
	if opt.Kind != rights.KindHoldings && opt.Kind != rights.KindLicences {
		return nil, apperr.New(apperr.Invalid, "kind must be holdings or licences, not %q", opt.Kind)
	}
	if opt.Format == "" {
		opt.Format = DetectFormat(data)
	}
	sheets, err := Read(data, opt.Format)
	if err != nil {
		return nil, err
	}
	now := s.now().UTC().Truncate(time.Microsecond)
	j := &ImportJob{ID: newImportID(), Org: p.Org, CreatedBy: p.Name, Role: p.Role, TokenID: p.TokenID, UserID: p.UserID,
		Kind: opt.Kind, Format: opt.Format,
		KeepGoodRows: opt.KeepGoodRows, Status: ImportQueued, CreatedAt: now, UpdatedAt: now}
	for _, sh := range sheets {
		j.RowsTotal += len(sh.Rows)
	}
	if err := s.jobs.ImportCreate(ctx, j, data); err != nil {
		return nil, err
	}
	if s.schedule != nil {
		if err := s.schedule(ctx, j.ID); err != nil {
			// The client hears of a failure, so the import must not run
			// later behind its back: record it failed.
			now := s.now().UTC().Truncate(time.Microsecond)
			j.Status, j.Error, j.UpdatedAt, j.FinishedAt = ImportFailed, "the import could not be queued", now, &now
			_ = s.jobs.ImportFinish(context.WithoutCancel(ctx), j)
			return nil, err
		}
		return j, nil
	}
	if err := s.RunImport(context.WithoutCancel(ctx), j.ID, true); err != nil {
		return nil, err
	}
	return s.jobs.ImportGet(ctx, j.ID)
}

// ImportStatus returns an import of the caller's organisation; others'
// imports do not exist for it.
func (s *Service) ImportStatus(ctx context.Context, id string) (*ImportJob, error) {
	p, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	if s.jobs == nil {
		return nil, apperr.New(apperr.NotFound, "import %q not found", id)
	}
	j, err := s.jobs.ImportGet(ctx, id)
	if err != nil {
		return nil, err
	}
	if j.Org != p.Org {
		return nil, apperr.New(apperr.NotFound, "import %q not found", id)
	}
	return j, nil
}

// RunImport works an import (the job queue's worker calls it). It acts as
// the importer, records progress after each chunk and finally the report.
// Running it again is safe: a finished import is left alone, and an
// unfinished one starts over, its rows replacing the records the previous
// run stored under the same AvailIDs. An error is returned only for a
// failure worth retrying (the database); on the last attempt (final) the
// import is recorded as failed instead.
func (s *Service) RunImport(ctx context.Context, id string, final bool) error {
	j, err := s.jobs.ImportGet(ctx, id)
	if err != nil {
		if apperr.Is(err, apperr.NotFound) {
			return nil // its organisation was deleted
		}
		return err
	}
	if j.Status.Finished() {
		return nil
	}
	if err := s.jobs.ImportProgress(ctx, id, ImportRunning, 0); err != nil {
		return err
	}
	file, err := s.jobs.ImportFile(ctx, id)
	if err != nil {
		return err
	}
	actx := auth.WithPrincipal(ctx, &auth.Principal{Org: j.Org, Role: j.Role, Name: j.CreatedBy, TokenID: j.TokenID, UserID: j.UserID})
	rep, err := s.Import(actx, file, ImportOptions{Kind: j.Kind, Format: j.Format, KeepGoodRows: j.KeepGoodRows,
		Progress: func(done, _ int) {
			// Progress is advisory: a failed write of it must not fail the import.
			_ = s.jobs.ImportProgress(ctx, id, ImportRunning, done)
		}})
	now := s.now().UTC().Truncate(time.Microsecond)
	j.FinishedAt, j.UpdatedAt = &now, now
	switch {
	case err == nil:
		j.Report, j.Status = rep, ImportSucceeded
		if !rep.Committed {
			j.Status = ImportFailed
		} else {
			j.RowsDone = j.RowsTotal
		}
	case apperr.ErrorCode(err) != apperr.Internal:
		j.Status, j.Error = ImportFailed, err.Error()
	case final:
		j.Status, j.Error = ImportFailed, "the import failed on the server; nothing more will be tried"
	default:
		return err
	}
	return s.jobs.ImportFinish(ctx, j)
}

// UnfinishedImports lists the imports to queue at start (recorded while no
// queue ran, or queued when the process stopped).
func (s *Service) UnfinishedImports(ctx context.Context) ([]string, error) {
	if s.jobs == nil {
		return nil, nil
	}
	return s.jobs.ImportsUnfinished(ctx)
}

func newImportID() string { return uuid.Must(uuid.NewV7()).String() }
