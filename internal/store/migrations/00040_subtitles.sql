-- Subtitle tracks, their cues (one row per cue, so an editor saving one
-- cue writes one row; the track's version guards every change) and each
-- organisation's QC rule overrides.

-- +goose Up
CREATE TABLE subtitle_tracks (
    id         TEXT PRIMARY KEY,
    title_id   TEXT NOT NULL REFERENCES titles (id),
    org        TEXT NOT NULL REFERENCES orgs (slug), -- the uploader, which owns the track
    language   TEXT NOT NULL,
    usage      TEXT NOT NULL,
    format     TEXT NOT NULL,
    encoding   TEXT NOT NULL,
    asset_id   TEXT REFERENCES assets (id) ON DELETE SET NULL,
    cue_count  BIGINT NOT NULL,
    qc         TEXT NOT NULL, -- JSON of the last check
    version    BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX subtitle_tracks_title ON subtitle_tracks (title_id, created_at);
CREATE INDEX subtitle_tracks_asset ON subtitle_tracks (asset_id);

CREATE TABLE subtitle_cues (
    track_id TEXT NOT NULL REFERENCES subtitle_tracks (id) ON DELETE CASCADE,
    idx      BIGINT NOT NULL, -- 1-based position in the track
    start_ms BIGINT NOT NULL,
    end_ms   BIGINT NOT NULL,
    text     TEXT NOT NULL,   -- lines joined by LF, styling tags kept
    flags    TEXT NOT NULL,   -- JSON object of per-cue marks, '{}' when none
    PRIMARY KEY (track_id, idx)
);

CREATE TABLE subtitle_rules (
    org      TEXT NOT NULL REFERENCES orgs (slug),
    language TEXT NOT NULL, -- BCP-47 tag or 'default'
    rules    TEXT NOT NULL, -- JSON of subtitles.Rules
    PRIMARY KEY (org, language)
);

-- +goose Down
DROP TABLE subtitle_rules;
DROP TABLE subtitle_cues;
DROP TABLE subtitle_tracks;
