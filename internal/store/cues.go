package store

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/silkbridge/silkbridge/internal/subtitles"
)

// cueTable names a table holding cues of one owner (a subtitle track or a
// translation task). Both tables share one column layout, so writing, reading
// and replacing cues is one piece of code whichever owner they belong to.
// The names are constants of this package, never user input.
type cueTable struct {
	table, owner string
}

var (
	trackCues = cueTable{table: "subtitle_cues", owner: "track_id"}
	taskCues  = cueTable{table: "translation_cues", owner: "task_id"}
)

// insert writes cues in batches so one statement stays under the engines'
// bound-parameter limits.
func (ct cueTable) insert(ctx context.Context, c conn, ownerID string, cues []subtitles.Cue) error {
	for start := 0; start < len(cues); start += cueBatch {
		batch := cues[start:min(start+cueBatch, len(cues))]
		args := make([]any, 0, len(batch)*6)
		rows := make([]string, len(batch))
		for i, q := range batch {
			flags := "{}"
			if len(q.Flags) > 0 {
				flags = string(mustJSON(q.Flags))
			}
			rows[i] = "(?, ?, ?, ?, ?, ?)"
			args = append(args, ownerID, q.Index, q.Start.Milliseconds(), q.End.Milliseconds(), strings.Join(q.Lines, "\n"), flags)
		}
		if _, err := c.exec(ctx, `INSERT INTO `+ct.table+` (`+ct.owner+`, idx, start_ms, end_ms, text, flags) VALUES `+
			strings.Join(rows, ", "), args...); err != nil {
			return err
		}
	}
	return nil
}

// deleteIndexes removes the stored cues whose indexes appear in cues, so
// insert can write their new versions.
func (ct cueTable) deleteIndexes(ctx context.Context, c conn, ownerID string, cues []subtitles.Cue) error {
	for start := 0; start < len(cues); start += cueBatch {
		batch := cues[start:min(start+cueBatch, len(cues))]
		args := []any{ownerID}
		for _, q := range batch {
			args = append(args, q.Index)
		}
		if _, err := c.exec(ctx, `DELETE FROM `+ct.table+` WHERE `+ct.owner+` = ? AND idx IN (`+placeholders(len(batch))+`)`, args...); err != nil {
			return err
		}
	}
	return nil
}

// read returns the owner's cues in index order; capacity is the expected count.
func (ct cueTable) read(ctx context.Context, c conn, ownerID string, capacity int) ([]subtitles.Cue, error) {
	rows, err := c.query(ctx, `SELECT idx, start_ms, end_ms, text, flags FROM `+ct.table+` WHERE `+ct.owner+` = ? ORDER BY idx`, ownerID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cues := make([]subtitles.Cue, 0, capacity)
	for rows.Next() {
		var q subtitles.Cue
		var start, end int64
		var text, flags string
		if err := rows.Scan(&q.Index, &start, &end, &text, &flags); err != nil {
			return nil, interpretError(err)
		}
		q.Start, q.End = time.Duration(start)*time.Millisecond, time.Duration(end)*time.Millisecond
		q.Lines = []string{}
		if text != "" {
			q.Lines = strings.Split(text, "\n")
		}
		if flags != "{}" && flags != "" {
			if err := json.Unmarshal([]byte(flags), &q.Flags); err != nil {
				return nil, err
			}
		}
		cues = append(cues, q)
	}
	if err := interpretError(rows.Err()); err != nil {
		return nil, err
	}
	return cues, nil
}
