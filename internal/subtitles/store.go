package subtitles

import "context"

// Store persists tracks, their cues and organisations' QC rules. Cues are
// kept one row per cue (track, index), so an editor saving one cue writes
// one row; the track's version guards every change (If-Match).
type Store interface {
	// SubtitleCreate inserts a track with its cues and QC result, audited.
	SubtitleCreate(ctx context.Context, t *Track) error
	// SubtitleGet returns a track with its cues. Returns NotFound.
	SubtitleGet(ctx context.Context, id string) (*Track, error)
	// SubtitleList returns a title's tracks without cues, oldest first.
	SubtitleList(ctx context.Context, titleID string) ([]*Track, error)
	// SubtitleSaveCues writes the given cues (by index, inserting or
	// replacing), drops cues numbered above count, stores qc and raises the
	// version, if the track is still at version; else PreconditionFailed.
	SubtitleSaveCues(ctx context.Context, id string, version int, cues []Cue, count int, qc *QC, by string) (*Track, error)
	// SubtitleDelete removes a track and its cues, audited.
	SubtitleDelete(ctx context.Context, id, by string) error
	// SubtitleRules returns an organisation's rule overrides by language.
	SubtitleRules(ctx context.Context, org string) (map[string]Rules, error)
	// SubtitleSetRules replaces an organisation's overrides, audited.
	SubtitleSetRules(ctx context.Context, org string, rules map[string]Rules, by string) error
}
