package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/licensing"
	"github.com/silkbridge/silkbridge/internal/subtitles"
	"github.com/silkbridge/silkbridge/internal/translation"
	"github.com/silkbridge/silkbridge/internal/webhook"
)

var _ translation.Store = (*DB)(nil)

const taskColumns = `id, source_track_id, title_id, requester, assignee, source_language, target_language, due, status, message,
	result_track_id, version, cue_count, created_by, created_at, updated_at`

// TranslationCreate implements translation.Store.
func (db *DB) TranslationCreate(ctx context.Context, t *translation.Task) error {
	return db.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `INSERT INTO translation_tasks (`+taskColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			t.ID, t.SourceTrackID, t.TitleID, t.Requester, t.Assignee, t.SourceLanguage, t.TargetLanguage, t.Due, string(t.Status),
			t.Message, nil, t.Version, len(t.Cues), t.CreatedBy, fmtTime(t.CreatedAt), fmtTime(t.UpdatedAt)); err != nil {
			return err
		}
		if err := taskCues.insert(ctx, c, t.ID, t.Cues); err != nil {
			return err
		}
		t.Count()
		return db.taskChanged(ctx, c, t, translation.EventCreated, t.Requester, t.CreatedBy, t.CreatedAt, nil)
	})
}

// taskChanged writes what every step entails: an audit entry for each
// party, the webhook event to both, and a notification to the other side.
// Cue edits are audited only.
func (db *DB) taskChanged(ctx context.Context, c conn, t *translation.Task, event, org, actor string, at time.Time, extra map[string]any) error {
	rec := map[string]any{"task": t.ID, "source_track_id": t.SourceTrackID, "title_id": t.TitleID, "requester": t.Requester,
		"assignee": t.Assignee, "target_language": t.TargetLanguage, "status": t.Status, "version": t.Version, "by": actor, "org": org}
	for k, v := range extra {
		rec[k] = v
	}
	for _, o := range []string{t.Requester, t.Assignee} {
		if err := recordAudit(ctx, c, o, event, "translation", t.ID, mustJSON(rec)); err != nil {
			return err
		}
		if t.Requester == t.Assignee {
			break
		}
	}
	if event == translation.EventCuesChanged {
		return nil
	}
	if wantsEvent(event) {
		data := *t
		data.Cues = nil
		if err := db.publish(ctx, c, webhook.Event{Type: event, Orgs: []string{t.Requester, t.Assignee}, At: at, Data: &data}); err != nil {
			return err
		}
	}
	other := t.Other(org)
	if other == org {
		return nil
	}
	return insertNotifications(ctx, c, []*licensing.Notification{{ID: uuid.Must(uuid.NewV7()).String(), Org: other, Kind: event,
		TitleID: t.TitleID, From: org, Actor: actor, Text: notificationText(t, event, org), CreatedAt: at}})
}

func notificationText(t *translation.Task, event, org string) string {
	switch event {
	case translation.EventCreated:
		return fmt.Sprintf("%s asks you to translate subtitles into %s", org, t.TargetLanguage)
	case translation.EventStarted:
		return fmt.Sprintf("%s started the %s translation", org, t.TargetLanguage)
	case translation.EventSubmitted:
		return fmt.Sprintf("%s submitted the %s translation for review", org, t.TargetLanguage)
	case translation.EventApproved:
		return fmt.Sprintf("%s approved the %s translation", org, t.TargetLanguage)
	case translation.EventChangesRequested:
		return fmt.Sprintf("%s asks for changes to the %s translation", org, t.TargetLanguage)
	}
	return event
}

func scanTask(s scanner) (*translation.Task, error) {
	var t translation.Task
	var status, created, updated string
	var result sql.NullString
	if err := s.Scan(&t.ID, &t.SourceTrackID, &t.TitleID, &t.Requester, &t.Assignee, &t.SourceLanguage, &t.TargetLanguage, &t.Due,
		&status, &t.Message, &result, &t.Version, &t.CueCount, &t.CreatedBy, &created, &updated); err != nil {
		return nil, interpretError(err)
	}
	t.Status, t.ResultTrackID = translation.Status(status), result.String
	t.CreatedAt, t.UpdatedAt = parseTime(created), parseTime(updated)
	return &t, nil
}

// TranslationGet implements translation.Store.
func (db *DB) TranslationGet(ctx context.Context, id string) (*translation.Task, error) {
	return getTask(ctx, db.reader(), id)
}

func getTask(ctx context.Context, c conn, id string) (*translation.Task, error) {
	t, err := scanTask(c.queryRow(ctx, `SELECT `+taskColumns+` FROM translation_tasks WHERE id = ?`, id))
	if apperr.Is(err, apperr.NotFound) {
		return nil, apperr.New(apperr.NotFound, "translation %q not found", id)
	}
	if err != nil {
		return nil, err
	}
	if t.Cues, err = taskCues.read(ctx, c, id, t.CueCount); err != nil {
		return nil, err
	}
	t.Count()
	return t, nil
}

// TranslationList implements translation.Store.
func (db *DB) TranslationList(ctx context.Context, p translation.ListParams) ([]*translation.Task, error) {
	q := `SELECT ` + taskColumns + ` FROM translation_tasks WHERE (requester = ? OR assignee = ?)`
	args := []any{p.Org, p.Org}
	if p.SourceTrackID != "" {
		q += ` AND source_track_id = ?`
		args = append(args, p.SourceTrackID)
	}
	if p.TitleID != "" {
		q += ` AND title_id = ?`
		args = append(args, p.TitleID)
	}
	rows, err := db.reader().query(ctx, q+` ORDER BY created_at DESC, id DESC LIMIT 500`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*translation.Task{}
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	if err := interpretError(rows.Err()); err != nil {
		return nil, err
	}
	rows.Close()
	// Progress counts, one grouped query for the page.
	for _, t := range out {
		var done, machine int64
		err := db.reader().queryRow(ctx, `SELECT COALESCE(SUM(CASE WHEN text <> '' THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN flags LIKE '%"machine":true%' THEN 1 ELSE 0 END), 0) FROM translation_cues WHERE task_id = ?`, t.ID).Scan(&done, &machine)
		if err != nil {
			return nil, interpretError(err)
		}
		t.Translated, t.MachineCues = int(done), int(machine)
	}
	return out, nil
}

// TranslationUpdate implements translation.Store.
func (db *DB) TranslationUpdate(ctx context.Context, id string, version int, u translation.Update) (*translation.Task, error) {
	var out *translation.Task
	err := db.inTx(ctx, func(c conn) error {
		set := `version = version + 1, updated_at = ?`
		args := []any{fmtTime(u.At)}
		if u.Status != "" {
			set += `, status = ?`
			args = append(args, string(u.Status))
		}
		if u.Message != nil {
			set += `, message = ?`
			args = append(args, *u.Message)
		}
		if u.Result != nil {
			set += `, result_track_id = ?`
			args = append(args, u.Result.ID)
		}
		if u.Result != nil {
			// The track goes in before the task points at it.
			if err := insertTrack(ctx, c, u.Result); err != nil {
				return err
			}
		}
		n, err := affected(c.exec(ctx, `UPDATE translation_tasks SET `+set+` WHERE id = ? AND version = ?`, append(args, id, version)...))
		if err != nil {
			return err
		}
		if n == 0 {
			var cur int
			err := c.queryRow(ctx, `SELECT version FROM translation_tasks WHERE id = ?`, id).Scan(&cur)
			if err := interpretError(err); apperr.Is(err, apperr.NotFound) {
				return apperr.New(apperr.NotFound, "translation %q not found", id)
			} else if err != nil {
				return err
			}
			return apperr.New(apperr.PreconditionFailed, "the translation changed (version %d, not %d); reload it and apply your change again", cur, version)
		}
		if err := taskCues.deleteIndexes(ctx, c, id, u.Cues); err != nil {
			return err
		}
		if err := taskCues.insert(ctx, c, id, u.Cues); err != nil {
			return err
		}
		t, err := getTask(ctx, c, id)
		if err != nil {
			return err
		}
		out = t
		extra := map[string]any{}
		if len(u.Cues) > 0 {
			extra["cues_changed"] = len(u.Cues)
		}
		if u.Result != nil {
			extra["track"] = u.Result.ID
		}
		if u.Message != nil && *u.Message != "" {
			extra["message"] = *u.Message
		}
		return db.taskChanged(ctx, c, t, u.Event, u.Org, u.Actor, u.At, extra)
	})
	return out, err
}

// insertTrack stores the track approval creates, as SubtitleCreate does,
// inside the caller's transaction.
func insertTrack(ctx context.Context, c conn, t *subtitles.Track) error {
	var asset any
	if t.AssetID != "" {
		asset = t.AssetID
	}
	if _, err := c.exec(ctx, `INSERT INTO subtitle_tracks (`+trackColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		t.ID, t.TitleID, t.Org, t.Language, string(t.Usage), string(t.Format), t.Encoding, asset, len(t.Cues), string(mustJSON(t.QC)),
		t.Version, t.CreatedBy, fmtTime(t.CreatedAt), fmtTime(t.UpdatedAt)); err != nil {
		return err
	}
	if err := trackCues.insert(ctx, c, t.ID, t.Cues); err != nil {
		return err
	}
	return recordAudit(ctx, c, t.Org, "subtitle.created", "subtitle", t.ID, mustJSON(map[string]any{
		"title_id": t.TitleID, "language": t.Language, "usage": t.Usage, "cues": len(t.Cues), "qc_passed": t.QC != nil && t.QC.Passed,
		"translation": true,
	}))
}
