package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"sync"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/media"
)

var _ media.Store = (*DB)(nil)

// AssetEnqueuer schedules the processing of a newly registered asset inside
// the transaction that registers it, so an asset is never left unprocessed.
type AssetEnqueuer func(ctx context.Context, tx *sql.Tx, assetID string) error

// assetEnqueuers holds each DB's enqueuer (set once by the server at start).
var assetEnqueuers sync.Map // *DB -> AssetEnqueuer

// SetAssetEnqueuer connects the processing queue. Without one, assets are
// registered ready, with no technical metadata.
func (db *DB) SetAssetEnqueuer(e AssetEnqueuer) { assetEnqueuers.Store(db, e) }

func (db *DB) assetEnqueuer() AssetEnqueuer {
	e, _ := assetEnqueuers.Load(db)
	fn, _ := e.(AssetEnqueuer)
	return fn
}

// AssetRegister implements media.Store.
func (db *DB) AssetRegister(ctx context.Context, a *media.Asset, key string) (string, error) {
	enqueue := db.assetEnqueuer()
	if enqueue != nil {
		a.Status = media.StatusProcessing
	}
	var kept string
	err := db.inTx(ctx, func(c conn) error {
		now := fmtTime(a.CreatedAt)
		// Taking the reference and reading the kept key in one statement
		// serialises against a concurrent delete of the last reference.
		if err := c.queryRow(ctx, `INSERT INTO media_blobs (sha256, blob_key, size, refs, created_at) VALUES (?, ?, ?, 1, ?)
			ON CONFLICT (sha256) DO UPDATE SET refs = media_blobs.refs + 1 RETURNING blob_key`,
			a.SHA256, key, a.Size, now).Scan(&kept); err != nil {
			return interpretError(err)
		}
		if _, err := c.exec(ctx, `INSERT INTO assets (id, title_id, org, kind, filename, language, size, sha256, content_type,
			status, reason, technical, preview_hls, preview_poster, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.ID, a.TitleID, a.Org, string(a.Kind), a.Filename, a.Language, a.Size, a.SHA256, a.ContentType,
			string(a.Status), a.Reason, technicalJSON(a.Technical), "", "", a.CreatedBy, now, now); err != nil {
			return err
		}
		if err := recordAudit(ctx, c, a.Org, "asset.created", "asset", a.ID, mustJSON(map[string]any{
			"title_id": a.TitleID, "kind": a.Kind, "filename": a.Filename, "size": a.Size, "sha256": a.SHA256,
		})); err != nil {
			return err
		}
		if enqueue != nil {
			return enqueue(ctx, c.tx, a.ID)
		}
		return nil
	})
	return kept, err
}

func technicalJSON(t *media.Technical) any {
	if t == nil {
		return nil
	}
	b, _ := json.Marshal(t)
	return string(b)
}

const assetColumns = `a.id, a.title_id, a.org, a.kind, a.filename, a.language, a.size, a.sha256, a.content_type, a.status,
	a.reason, a.technical, a.preview_hls, a.preview_poster, a.created_by, a.created_at, a.progress, b.blob_key`

func scanAssets(rows *sql.Rows) ([]*media.Asset, []string, error) {
	defer rows.Close()
	out, keys := []*media.Asset{}, []string{}
	for rows.Next() {
		var a media.Asset
		var kind, status, created, hls, poster, key string
		var tech sql.NullString
		var progress int64
		if err := rows.Scan(&a.ID, &a.TitleID, &a.Org, &kind, &a.Filename, &a.Language, &a.Size, &a.SHA256, &a.ContentType,
			&status, &a.Reason, &tech, &hls, &poster, &a.CreatedBy, &created, &progress, &key); err != nil {
			return nil, nil, interpretError(err)
		}
		a.Kind, a.Status, a.CreatedAt = media.Kind(kind), media.Status(status), parseTime(created)
		if a.Status == media.StatusProcessing {
			a.Progress = int(progress)
		}
		if tech.Valid && tech.String != "" {
			a.Technical = &media.Technical{}
			if err := json.Unmarshal([]byte(tech.String), a.Technical); err != nil {
				return nil, nil, err
			}
		}
		if hls != "" || poster != "" {
			a.Preview = &media.Preview{HLS: hls, Poster: poster}
		}
		out, keys = append(out, &a), append(keys, key)
	}
	return out, keys, interpretError(rows.Err())
}

// AssetGet implements media.Store.
func (db *DB) AssetGet(ctx context.Context, id string) (*media.Asset, string, error) {
	rows, err := db.reader().query(ctx, `SELECT `+assetColumns+` FROM assets a JOIN media_blobs b ON b.sha256 = a.sha256 WHERE a.id = ?`, id)
	if err != nil {
		return nil, "", err
	}
	as, keys, err := scanAssets(rows)
	if err != nil {
		return nil, "", err
	}
	if len(as) == 0 {
		return nil, "", apperr.New(apperr.NotFound, "asset %q not found", id)
	}
	return as[0], keys[0], nil
}

// AssetList implements media.Store.
func (db *DB) AssetList(ctx context.Context, titleID string) ([]*media.Asset, error) {
	rows, err := db.reader().query(ctx, `SELECT `+assetColumns+` FROM assets a JOIN media_blobs b ON b.sha256 = a.sha256
		WHERE a.title_id = ? ORDER BY a.created_at, a.id`, titleID)
	if err != nil {
		return nil, err
	}
	as, _, err := scanAssets(rows)
	return as, err
}

// AssetDelete implements media.Store.
func (db *DB) AssetDelete(ctx context.Context, id string) (string, error) {
	var orphan string
	err := db.inTx(ctx, func(c conn) error {
		var sha, org string
		if err := c.queryRow(ctx, `SELECT sha256, org FROM assets WHERE id = ?`, id).Scan(&sha, &org); err != nil {
			if err := interpretError(err); apperr.Is(err, apperr.NotFound) {
				return apperr.New(apperr.NotFound, "asset %q not found", id)
			}
			return interpretError(err)
		}
		if _, err := c.exec(ctx, `DELETE FROM assets WHERE id = ?`, id); err != nil {
			return err
		}
		var refs int64
		var key string
		if err := c.queryRow(ctx, `UPDATE media_blobs SET refs = refs - 1 WHERE sha256 = ? RETURNING refs, blob_key`, sha).
			Scan(&refs, &key); err != nil {
			return interpretError(err)
		}
		if refs <= 0 {
			if _, err := c.exec(ctx, `DELETE FROM media_blobs WHERE sha256 = ?`, sha); err != nil {
				return err
			}
			orphan = key
		}
		return recordAudit(ctx, c, org, "asset.deleted", "asset", id, nil)
	})
	return orphan, err
}

// AssetUsage implements media.Store.
func (db *DB) AssetUsage(ctx context.Context, org string) (int64, error) {
	var assets, uploads int64
	c := db.reader()
	if err := c.queryRow(ctx, `SELECT COALESCE(SUM(size), 0) FROM assets WHERE org = ?`, org).Scan(&assets); err != nil {
		return 0, interpretError(err)
	}
	if err := c.queryRow(ctx, `SELECT COALESCE(SUM(size), 0) FROM asset_uploads WHERE org = ?`, org).Scan(&uploads); err != nil {
		return 0, interpretError(err)
	}
	return assets + uploads, nil
}

// AssetRecordDownload implements media.Store: the entry belongs to the
// owner's log, with the downloading organisation as the actor's.
func (db *DB) AssetRecordDownload(ctx context.Context, a *media.Asset, byteRange string) error {
	return recordAudit(ctx, db.writer(), a.Org, "asset.downloaded", "asset", a.ID, mustJSON(map[string]any{
		"range": byteRange, "sha256": a.SHA256, "title_id": a.TitleID,
	}))
}

// AssetUpdateProcessing implements media.Store; a nil Technical or Preview
// keeps what is stored.
func (db *DB) AssetUpdateProcessing(ctx context.Context, id string, u media.ProcessingUpdate) error {
	var hls, poster any
	if u.Preview != nil {
		hls, poster = u.Preview.HLS, u.Preview.Poster
	}
	res, err := db.writer().exec(ctx, `UPDATE assets SET status = ?, reason = ?, technical = COALESCE(?, technical),
		preview_hls = COALESCE(?, preview_hls), preview_poster = COALESCE(?, preview_poster), updated_at = ? WHERE id = ?`,
		string(u.Status), u.Reason, technicalJSON(u.Technical), hls, poster, fmtTimeNow(), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.New(apperr.NotFound, "asset %q not found", id)
	}
	return nil
}

// AssetSetProgress records how far processing has come (0-100), for the
// asset to show while its status is processing.
func (db *DB) AssetSetProgress(ctx context.Context, id string, percent int) error {
	percent = max(0, min(percent, 100))
	res, err := db.writer().exec(ctx, `UPDATE assets SET progress = ? WHERE id = ?`, percent, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.New(apperr.NotFound, "asset %q not found", id)
	}
	return nil
}

// UploadCreate implements media.Store.
func (db *DB) UploadCreate(ctx context.Context, u *media.Upload) error {
	_, err := db.writer().exec(ctx, `INSERT INTO asset_uploads (id, org, created_by, title_id, kind, filename, language, size,
		hash_offset, hash_state, head, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, NULL, ?, ?)`,
		u.ID, u.Org, u.CreatedBy, u.TitleID, string(u.Kind), u.Filename, u.Language, u.Size, fmtTime(u.CreatedAt), fmtTime(u.ExpiresAt))
	return err
}

// UploadGet implements media.Store.
func (db *DB) UploadGet(ctx context.Context, id string) (*media.Upload, error) {
	var u media.Upload
	var kind, created, expires string
	err := db.reader().queryRow(ctx, `SELECT id, org, created_by, title_id, kind, filename, language, size, hash_offset,
		hash_state, head, created_at, expires_at FROM asset_uploads WHERE id = ?`, id).Scan(&u.ID, &u.Org, &u.CreatedBy, &u.TitleID,
		&kind, &u.Filename, &u.Language, &u.Size, &u.HashOffset, &u.HashState, &u.Head, &created, &expires)
	if err != nil {
		if err := interpretError(err); apperr.Is(err, apperr.NotFound) {
			return nil, apperr.New(apperr.NotFound, "upload %q not found", id)
		}
		return nil, interpretError(err)
	}
	u.Kind, u.CreatedAt, u.ExpiresAt = media.Kind(kind), parseTime(created), parseTime(expires)
	return &u, nil
}

// UploadSaveHash implements media.Store.
func (db *DB) UploadSaveHash(ctx context.Context, id string, offset int64, state, head []byte, expires time.Time) error {
	res, err := db.writer().exec(ctx, `UPDATE asset_uploads SET hash_offset = ?, hash_state = ?, head = COALESCE(?, head), expires_at = ?
		WHERE id = ?`, offset, state, nilIfEmpty(head), fmtTime(expires), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.New(apperr.NotFound, "upload %q not found", id)
	}
	return nil
}

func nilIfEmpty(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return b
}

// UploadDelete implements media.Store.
func (db *DB) UploadDelete(ctx context.Context, id string) error {
	return db.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `DELETE FROM asset_uploads WHERE id = ?`, id); err != nil {
			return err
		}
		_, err := c.exec(ctx, `DELETE FROM asset_upload_release WHERE id = ?`, id)
		return err
	})
}

// UploadsExpired implements media.Store.
func (db *DB) UploadsExpired(ctx context.Context, t time.Time) ([]string, error) {
	return db.reader().strings(ctx, `SELECT id FROM asset_uploads WHERE expires_at < ? ORDER BY expires_at`, fmtTime(t))
}
