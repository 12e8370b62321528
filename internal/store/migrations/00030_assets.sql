-- Media assets, the content-addressed blobs they share, and resumable
-- uploads in progress with their running SHA-256 state.

-- +goose Up
CREATE TABLE media_blobs (
    sha256     TEXT PRIMARY KEY,
    blob_key   TEXT NOT NULL,
    size       BIGINT NOT NULL,
    refs       BIGINT NOT NULL, -- assets referring to it; the blob is deleted at 0
    created_at TEXT NOT NULL
);

CREATE TABLE assets (
    id             TEXT PRIMARY KEY,
    title_id       TEXT NOT NULL REFERENCES titles (id),
    org            TEXT NOT NULL REFERENCES orgs (slug),
    kind           TEXT NOT NULL,
    filename       TEXT NOT NULL,
    language       TEXT NOT NULL,
    size           BIGINT NOT NULL,
    sha256         TEXT NOT NULL REFERENCES media_blobs (sha256),
    content_type   TEXT NOT NULL,
    status         TEXT NOT NULL,
    reason         TEXT NOT NULL,
    technical      TEXT,           -- JSON from ffprobe
    preview_hls    TEXT NOT NULL,
    preview_poster TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX assets_title ON assets (title_id, created_at);
CREATE INDEX assets_org ON assets (org);
CREATE INDEX assets_sha256 ON assets (sha256);

CREATE TABLE asset_uploads (
    id          TEXT PRIMARY KEY,
    org         TEXT NOT NULL REFERENCES orgs (slug),
    created_by  TEXT NOT NULL,
    title_id    TEXT NOT NULL,
    kind        TEXT NOT NULL,
    filename    TEXT NOT NULL,
    language    TEXT NOT NULL,
    size        BIGINT NOT NULL,
    hash_offset BIGINT NOT NULL,
    hash_state  BLOB,
    head        BLOB,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);
CREATE INDEX asset_uploads_org ON asset_uploads (org);
CREATE INDEX asset_uploads_expires ON asset_uploads (expires_at);

-- A process waiting for an upload's lock asks its holder to let go here
-- (PostgreSQL advisory locks cannot carry that request themselves).
CREATE TABLE asset_upload_release (
    id           TEXT PRIMARY KEY,
    requested_at TEXT NOT NULL
);

-- +goose Down
DROP TABLE asset_upload_release;
DROP TABLE asset_uploads;
DROP TABLE assets;
DROP TABLE media_blobs;
