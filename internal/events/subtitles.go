package events

import (
	"context"

	"github.com/silkbridge/silkbridge/internal/subtitles"
)

// SubtitleLister lists a title's subtitle tracks (the subtitle store).
type SubtitleLister interface {
	SubtitleList(ctx context.Context, titleID string) ([]*subtitles.Track, error)
}

// StoredSubtitles reads tracks and their stored QC outcome for the checks.
type StoredSubtitles struct{ Store SubtitleLister }

// SubtitleTracks implements SubtitleSource.
func (s StoredSubtitles) SubtitleTracks(ctx context.Context, titleID string) ([]Track, error) {
	ts, err := s.Store.SubtitleList(ctx, titleID)
	if err != nil {
		return nil, err
	}
	out := make([]Track, 0, len(ts))
	for _, t := range ts {
		out = append(out, Track{ID: t.ID, Language: t.Language, QCPassed: t.QC != nil && t.QC.Passed})
	}
	return out, nil
}
