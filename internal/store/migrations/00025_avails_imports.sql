-- Avails imports run as background jobs: the uploaded file is kept with the
-- import so the job survives a restart, and the job records its progress and,
-- when done, its report (per-row errors) for the importing organisation to
-- read. The file is dropped once the import is finished.

-- +goose Up
CREATE TABLE avails_imports (
    id          TEXT PRIMARY KEY,
    org         TEXT NOT NULL REFERENCES orgs (slug) ON DELETE CASCADE,
    role        TEXT NOT NULL, -- the importer's role, which the job acts with
    created_by  TEXT NOT NULL, -- the importer's name (token name or user email)
    token_id    TEXT,          -- the importer's token or user, so the records'
    user_id     TEXT,          -- audit entries name who imported them
    kind        TEXT NOT NULL,
    format      TEXT NOT NULL,
    keep_good   BIGINT NOT NULL,
    status      TEXT NOT NULL, -- queued, running, succeeded, failed
    rows_total  BIGINT NOT NULL,
    rows_done   BIGINT NOT NULL,
    report      TEXT,          -- JSON, when finished
    error       TEXT,          -- why the import itself failed
    file        BLOB,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    finished_at TEXT
);
CREATE INDEX avails_imports_org ON avails_imports (org, created_at);
CREATE INDEX avails_imports_pending ON avails_imports (status) WHERE status IN ('queued', 'running');

-- +goose Down
DROP TABLE avails_imports;
