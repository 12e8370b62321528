package store

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/subtitles"
)

var _ subtitles.Store = (*DB)(nil)

const trackColumns = `id, title_id, org, language, usage, format, encoding, asset_id, cue_count, qc, version, created_by, created_at, updated_at`

// cueBatch bounds the rows of one multi-row INSERT (6 parameters each),
// well under SQLite's and PostgreSQL's parameter limits.
const cueBatch = 500

// SubtitleCreate implements subtitles.Store.
func (db *DB) SubtitleCreate(ctx context.Context, t *subtitles.Track) error {
	qc, err := json.Marshal(t.QC)
	if err != nil {
		return err
	}
	return db.inTx(ctx, func(c conn) error {
		var asset any
		if t.AssetID != "" {
			asset = t.AssetID
		}
		if _, err := c.exec(ctx, `INSERT INTO subtitle_tracks (`+trackColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			t.ID, t.TitleID, t.Org, t.Language, string(t.Usage), string(t.Format), t.Encoding, asset, len(t.Cues), string(qc),
			t.Version, t.CreatedBy, fmtTime(t.CreatedAt), fmtTime(t.UpdatedAt)); err != nil {
			return err
		}
		if err := trackCues.insert(ctx, c, t.ID, t.Cues); err != nil {
			return err
		}
		return recordAudit(ctx, c, t.Org, "subtitle.created", "subtitle", t.ID, mustJSON(map[string]any{
			"title_id": t.TitleID, "language": t.Language, "usage": t.Usage, "format": t.Format, "cues": len(t.Cues),
			"qc_passed": t.QC != nil && t.QC.Passed,
		}))
	})
}

func scanTrack(s scanner) (*subtitles.Track, error) {
	var t subtitles.Track
	var usage, format, qc, created, updated string
	var asset sql.NullString
	if err := s.Scan(&t.ID, &t.TitleID, &t.Org, &t.Language, &usage, &format, &t.Encoding, &asset, &t.CueCount, &qc,
		&t.Version, &t.CreatedBy, &created, &updated); err != nil {
		return nil, interpretError(err)
	}
	t.Usage, t.Format, t.AssetID = subtitles.Usage(usage), subtitles.Format(format), asset.String
	t.CreatedAt, t.UpdatedAt = parseTime(created), parseTime(updated)
	t.QC = &subtitles.QC{}
	if err := json.Unmarshal([]byte(qc), t.QC); err != nil {
		return nil, err
	}
	return &t, nil
}

// SubtitleGet implements subtitles.Store.
func (db *DB) SubtitleGet(ctx context.Context, id string) (*subtitles.Track, error) {
	r := db.reader()
	t, err := scanTrack(r.queryRow(ctx, `SELECT `+trackColumns+` FROM subtitle_tracks WHERE id = ?`, id))
	if apperr.Is(err, apperr.NotFound) {
		return nil, apperr.New(apperr.NotFound, "subtitle track %q not found", id)
	}
	if err != nil {
		return nil, err
	}
	if t.Cues, err = trackCues.read(ctx, r, id, t.CueCount); err != nil {
		return nil, err
	}
	return t, nil
}

// SubtitleList implements subtitles.Store.
func (db *DB) SubtitleList(ctx context.Context, titleID string) ([]*subtitles.Track, error) {
	rows, err := db.reader().query(ctx, `SELECT `+trackColumns+` FROM subtitle_tracks WHERE title_id = ? ORDER BY created_at, id`, titleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*subtitles.Track{}
	for rows.Next() {
		t, err := scanTrack(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, interpretError(rows.Err())
}

// SubtitleSaveCues implements subtitles.Store.
func (db *DB) SubtitleSaveCues(ctx context.Context, id string, version int, cues []subtitles.Cue, count int, qc *subtitles.QC, by string) (*subtitles.Track, error) {
	q, err := json.Marshal(qc)
	if err != nil {
		return nil, err
	}
	var out *subtitles.Track
	err = db.inTx(ctx, func(c conn) error {
		n, err := affected(c.exec(ctx, `UPDATE subtitle_tracks SET version = version + 1, cue_count = ?, qc = ?, updated_at = ?
			WHERE id = ? AND version = ?`, count, string(q), fmtTimeNow(), id, version))
		if err != nil {
			return err
		}
		if n == 0 {
			var cur int
			err := c.queryRow(ctx, `SELECT version FROM subtitle_tracks WHERE id = ?`, id).Scan(&cur)
			if err := interpretError(err); apperr.Is(err, apperr.NotFound) {
				return apperr.New(apperr.NotFound, "subtitle track %q not found", id)
			} else if err != nil {
				return err
			}
			return apperr.New(apperr.PreconditionFailed, "the track changed (version %d, not %d); reload it and apply your change again", cur, version)
		}
		if len(cues) == count {
			if _, err := c.exec(ctx, `DELETE FROM subtitle_cues WHERE track_id = ?`, id); err != nil {
				return err
			}
		} else {
			if _, err := c.exec(ctx, `DELETE FROM subtitle_cues WHERE track_id = ? AND idx > ?`, id, count); err != nil {
				return err
			}
			if err := trackCues.deleteIndexes(ctx, c, id, cues); err != nil {
				return err
			}
		}
		if err := trackCues.insert(ctx, c, id, cues); err != nil {
			return err
		}
		t, err := scanTrack(c.queryRow(ctx, `SELECT `+trackColumns+` FROM subtitle_tracks WHERE id = ?`, id))
		if err != nil {
			return err
		}
		out = t
		return recordAudit(ctx, c, t.Org, "subtitle.cues_changed", "subtitle", id, mustJSON(map[string]any{
			"cues_changed": len(cues), "cues": count, "version": t.Version, "qc_passed": qc.Passed, "by": by,
		}))
	})
	return out, err
}

// SubtitleDelete implements subtitles.Store.
func (db *DB) SubtitleDelete(ctx context.Context, id, by string) error {
	return db.inTx(ctx, func(c conn) error {
		var org, title, lang string
		err := c.queryRow(ctx, `SELECT org, title_id, language FROM subtitle_tracks WHERE id = ?`, id).Scan(&org, &title, &lang)
		if err := interpretError(err); apperr.Is(err, apperr.NotFound) {
			return apperr.New(apperr.NotFound, "subtitle track %q not found", id)
		} else if err != nil {
			return err
		}
		if _, err := c.exec(ctx, `DELETE FROM subtitle_cues WHERE track_id = ?`, id); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `DELETE FROM subtitle_tracks WHERE id = ?`, id); err != nil {
			return err
		}
		return recordAudit(ctx, c, org, "subtitle.deleted", "subtitle", id, mustJSON(map[string]any{"title_id": title, "language": lang, "by": by}))
	})
}

// SubtitleRules implements subtitles.Store.
func (db *DB) SubtitleRules(ctx context.Context, org string) (map[string]subtitles.Rules, error) {
	rows, err := db.reader().query(ctx, `SELECT language, rules FROM subtitle_rules WHERE org = ?`, org)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]subtitles.Rules{}
	for rows.Next() {
		var lang, js string
		if err := rows.Scan(&lang, &js); err != nil {
			return nil, interpretError(err)
		}
		var r subtitles.Rules
		if err := json.Unmarshal([]byte(js), &r); err != nil {
			return nil, err
		}
		out[lang] = r
	}
	return out, interpretError(rows.Err())
}

// SubtitleSetRules implements subtitles.Store.
func (db *DB) SubtitleSetRules(ctx context.Context, org string, rules map[string]subtitles.Rules, by string) error {
	return db.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `DELETE FROM subtitle_rules WHERE org = ?`, org); err != nil {
			return err
		}
		for lang, r := range rules {
			if _, err := c.exec(ctx, `INSERT INTO subtitle_rules (org, language, rules) VALUES (?, ?, ?)`, org, lang, string(mustJSON(r))); err != nil {
				return err
			}
		}
		return recordAudit(ctx, c, org, "subtitle_rules.changed", "org", org, mustJSON(map[string]any{"rules": rules, "by": by}))
	})
}
