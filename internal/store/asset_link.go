package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/media"
)

var _ media.LinkStore = (*DB)(nil)

// AssetLinkCreate implements media.LinkStore.
func (db *DB) AssetLinkCreate(ctx context.Context, l *media.Link, tokenHash string) error {
	return db.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `INSERT INTO asset_links (id, asset_id, org, token_hash, created_by, created_at, expires_at,
			max_downloads, downloads) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)`,
			l.ID, l.AssetID, l.Org, tokenHash, l.CreatedBy, fmtTime(l.CreatedAt), fmtTime(l.ExpiresAt), l.MaxDownloads); err != nil {
			if err := interpretError(err); apperr.Is(err, apperr.Conflict) {
				return apperr.New(apperr.NotFound, "asset %q not found", l.AssetID)
			}
			return err
		}
		return recordAudit(ctx, c, l.Org, "asset_link.created", "asset_link", l.ID, mustJSON(map[string]any{
			"asset_id": l.AssetID, "expires_at": l.ExpiresAt.UTC(), "max_downloads": l.MaxDownloads,
		}))
	})
}

const linkColumns = `id, asset_id, org, created_by, created_at, expires_at, max_downloads, downloads, revoked_at, last_used_at`

func scanLink(s scanner) (*media.Link, error) {
	var l media.Link
	var created, expires string
	var revoked, used sql.NullString
	if err := s.Scan(&l.ID, &l.AssetID, &l.Org, &l.CreatedBy, &created, &expires, &l.MaxDownloads, &l.Downloads,
		&revoked, &used); err != nil {
		return nil, interpretError(err)
	}
	l.CreatedAt, l.ExpiresAt = parseTime(created), parseTime(expires)
	l.RevokedAt, l.LastUsedAt = parseTimePtr(revoked), parseTimePtr(used)
	return &l, nil
}

// AssetLinkList implements media.LinkStore.
func (db *DB) AssetLinkList(ctx context.Context, assetID, org string) ([]*media.Link, error) {
	rows, err := db.reader().query(ctx, `SELECT `+linkColumns+` FROM asset_links WHERE asset_id = ? AND org = ?
		ORDER BY created_at DESC, id DESC`, assetID, org)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*media.Link{}
	for rows.Next() {
		l, err := scanLink(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, interpretError(rows.Err())
}

// AssetLinkRevoke implements media.LinkStore; revoking a revoked link
// changes nothing and is not audited again.
func (db *DB) AssetLinkRevoke(ctx context.Context, assetID, org, id string, at time.Time) error {
	return db.inTx(ctx, func(c conn) error {
		n, err := affected(c.exec(ctx, `UPDATE asset_links SET revoked_at = ? WHERE id = ? AND asset_id = ? AND org = ? AND revoked_at IS NULL`,
			fmtTime(at), id, assetID, org))
		if err != nil {
			return err
		}
		if n == 0 {
			var one int
			err := c.queryRow(ctx, `SELECT 1 FROM asset_links WHERE id = ? AND asset_id = ? AND org = ?`, id, assetID, org).Scan(&one)
			if err := interpretError(err); apperr.Is(err, apperr.NotFound) {
				return apperr.New(apperr.NotFound, "delivery link %q not found", id)
			}
			return interpretError(err)
		}
		return recordAudit(ctx, c, org, "asset_link.revoked", "asset_link", id, mustJSON(map[string]any{"asset_id": assetID}))
	})
}

// AssetLinkByHash implements media.LinkStore.
func (db *DB) AssetLinkByHash(ctx context.Context, tokenHash string) (*media.Link, error) {
	l, err := scanLink(db.reader().queryRow(ctx, `SELECT `+linkColumns+` FROM asset_links WHERE token_hash = ?`, tokenHash))
	if apperr.Is(err, apperr.NotFound) {
		return nil, apperr.New(apperr.NotFound, "delivery link not found")
	}
	return l, err
}

// AssetLinkUse implements media.LinkStore. The count is taken by one
// conditional UPDATE, so two requests racing for a link's last download
// cannot both have it; a continuation of a started download passes without
// counting.
func (db *DB) AssetLinkUse(ctx context.Context, id string, u media.LinkUse) (*media.Link, error) {
	var out *media.Link
	err := db.inTx(ctx, func(c conn) error {
		at := fmtTime(u.At)
		valid := ` WHERE id = ? AND revoked_at IS NULL AND expires_at > ?`
		var n int64
		var err error
		switch u.Kind {
		case media.UseHead:
			n, err = affected(c.exec(ctx, `UPDATE asset_links SET last_used_at = ?`+valid, at, id, at))
		case media.UseResume:
			n, err = affected(c.exec(ctx, `UPDATE asset_links SET last_used_at = ?`+valid+` AND downloads > 0`, at, id, at))
		}
		if err != nil {
			return err
		}
		counted := false
		if n == 0 && u.Kind != media.UseHead {
			// A new download, or a continuation of none: it counts.
			if n, err = affected(c.exec(ctx, `UPDATE asset_links SET downloads = downloads + 1, last_used_at = ?`+valid+
				` AND downloads < max_downloads`, at, id, at)); err != nil {
				return err
			}
			counted = n > 0
		}
		l, err := scanLink(c.queryRow(ctx, `SELECT `+linkColumns+` FROM asset_links WHERE id = ?`, id))
		if err != nil {
			return err
		}
		if n == 0 {
			if err := media.LinkRefusal(l, u.At, u.Kind); err != nil {
				return err
			}
			return apperr.New(media.CodeLinkUsedUp, "this delivery link's %d downloads are used up", l.MaxDownloads)
		}
		changes := mustJSON(map[string]any{"range": u.Range, "link": l.ID, "link_org": l.Org, "counted": counted,
			"downloads": l.Downloads, "sha256": u.Asset.SHA256, "title_id": u.Asset.TitleID})
		if err := recordAudit(ctx, c, u.Asset.Org, "asset.downloaded", "asset", u.Asset.ID, changes); err != nil {
			return err
		}
		if l.Org != u.Asset.Org {
			if err := recordAudit(ctx, c, l.Org, "asset_link.used", "asset_link", l.ID, changes); err != nil {
				return err
			}
		}
		out = l
		return nil
	})
	return out, err
}

// affected returns the rows an exec changed.
func affected(res sql.Result, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
