package store

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/avails"
	"github.com/silkbridge/silkbridge/internal/rights"
)

var _ avails.JobStore = (*DB)(nil)

// ImportCreate records a queued import with its file.
func (db *DB) ImportCreate(ctx context.Context, j *avails.ImportJob, file []byte) error {
	keep := 0
	if j.KeepGoodRows {
		keep = 1
	}
	_, err := db.writer().exec(ctx, `INSERT INTO avails_imports (id, org, role, created_by, token_id, user_id, kind, format,
		keep_good, status, rows_total, rows_done, file, created_at, updated_at) VALUES (`+placeholders(15)+`)`,
		j.ID, j.Org, string(j.Role), j.CreatedBy, nullString(j.TokenID), nullString(j.UserID), string(j.Kind), string(j.Format), keep, string(j.Status),
		j.RowsTotal, j.RowsDone, file, fmtTime(j.CreatedAt), fmtTime(j.UpdatedAt))
	return err
}

// ImportGet returns an import without its file.
func (db *DB) ImportGet(ctx context.Context, id string) (*avails.ImportJob, error) {
	var j avails.ImportJob
	var role, kind, format, status, created, updated string
	var keep int
	var report, errText, finished, tokenID, userID sql.NullString
	err := db.reader().queryRow(ctx, `SELECT id, org, role, created_by, token_id, user_id, kind, format, keep_good, status,
		rows_total, rows_done, report, error, created_at, updated_at, finished_at FROM avails_imports WHERE id = ?`, id).Scan(
		&j.ID, &j.Org, &role, &j.CreatedBy, &tokenID, &userID, &kind, &format, &keep, &status, &j.RowsTotal, &j.RowsDone,
		&report, &errText, &created, &updated, &finished)
	if err == sql.ErrNoRows {
		return nil, apperr.New(apperr.NotFound, "import %q not found", id)
	}
	if err != nil {
		return nil, interpretError(err)
	}
	j.Role, j.Kind, j.Format, j.Status = auth.Role(role), rights.Kind(kind), avails.Format(format), avails.ImportStatus(status)
	j.KeepGoodRows, j.Error, j.TokenID, j.UserID = keep == 1, errText.String, tokenID.String, userID.String
	j.CreatedAt, j.UpdatedAt, j.FinishedAt = parseTime(created), parseTime(updated), parseTimePtr(finished)
	if report.Valid {
		j.Report = &avails.Report{}
		if err := json.Unmarshal([]byte(report.String), j.Report); err != nil {
			return nil, err
		}
	}
	return &j, nil
}

// ImportFile returns an unfinished import's file.
func (db *DB) ImportFile(ctx context.Context, id string) ([]byte, error) {
	var file []byte
	err := db.reader().queryRow(ctx, `SELECT file FROM avails_imports WHERE id = ?`, id).Scan(&file)
	if err == sql.ErrNoRows || (err == nil && file == nil) {
		return nil, apperr.New(apperr.NotFound, "the file of import %q is gone", id)
	}
	return file, interpretError(err)
}

// ImportProgress records an import's status and the rows applied.
func (db *DB) ImportProgress(ctx context.Context, id string, status avails.ImportStatus, rowsDone int) error {
	_, err := db.writer().exec(ctx, `UPDATE avails_imports SET status = ?, rows_done = ?, updated_at = ?
		WHERE id = ? AND status IN ('queued', 'running')`, string(status), rowsDone, fmtTimeNow(), id)
	return err
}

// ImportFinish records an import's outcome and drops its file, which only
// an unfinished import needs.
func (db *DB) ImportFinish(ctx context.Context, j *avails.ImportJob) error {
	var report any
	if j.Report != nil {
		b, err := json.Marshal(j.Report)
		if err != nil {
			return err
		}
		report = string(b)
	}
	_, err := db.writer().exec(ctx, `UPDATE avails_imports SET status = ?, rows_done = ?, report = ?, error = ?,
		file = NULL, updated_at = ?, finished_at = ? WHERE id = ?`, string(j.Status), j.RowsDone, report,
		nullString(j.Error), fmtTime(j.UpdatedAt), fmtTimePtr(j.FinishedAt), j.ID)
	return err
}

// ImportsUnfinished lists queued and running imports, oldest first.
func (db *DB) ImportsUnfinished(ctx context.Context) ([]string, error) {
	return db.reader().strings(ctx, `SELECT id FROM avails_imports WHERE status IN ('queued', 'running') ORDER BY created_at, id`)
}
