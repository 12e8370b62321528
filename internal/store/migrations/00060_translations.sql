-- Translation tasks between partners: a requester asks an assignee to
-- translate one subtitle track into another language. The working draft's
-- cues live with the task (one row per cue, aligned to the source's cues)
-- until the requester approves it and a normal track is created. Glossary
-- terms belong to a pair of organisations (org_a < org_b).

-- +goose Up
CREATE TABLE translation_tasks (
    id              TEXT PRIMARY KEY,
    source_track_id TEXT NOT NULL REFERENCES subtitle_tracks (id) ON DELETE CASCADE,
    title_id        TEXT NOT NULL REFERENCES titles (id),
    requester       TEXT NOT NULL REFERENCES orgs (slug),
    assignee        TEXT NOT NULL REFERENCES orgs (slug),
    source_language TEXT NOT NULL,
    target_language TEXT NOT NULL,
    due             TEXT NOT NULL,  -- YYYY-MM-DD or ''
    status          TEXT NOT NULL,
    message         TEXT NOT NULL,  -- the requester's last note on changes requested
    result_track_id TEXT,           -- the track approval created
    version         BIGINT NOT NULL,
    cue_count       BIGINT NOT NULL,
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX translation_tasks_requester ON translation_tasks (requester, created_at);
CREATE INDEX translation_tasks_assignee ON translation_tasks (assignee, created_at);
CREATE INDEX translation_tasks_source ON translation_tasks (source_track_id);

CREATE TABLE translation_cues (
    task_id  TEXT NOT NULL REFERENCES translation_tasks (id) ON DELETE CASCADE,
    idx      BIGINT NOT NULL,
    start_ms BIGINT NOT NULL,
    end_ms   BIGINT NOT NULL,
    text     TEXT NOT NULL, -- lines joined by LF; '' until translated
    flags    TEXT NOT NULL, -- JSON: {"machine":true} until a person edits or confirms
    PRIMARY KEY (task_id, idx)
);

CREATE TABLE glossary_terms (
    id              TEXT PRIMARY KEY,
    org_a           TEXT NOT NULL REFERENCES orgs (slug),
    org_b           TEXT NOT NULL REFERENCES orgs (slug),
    source_language TEXT NOT NULL,
    target_language TEXT NOT NULL,
    source          TEXT NOT NULL,
    target          TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (org_a, org_b, source_language, target_language, source)
);

-- +goose Down
DROP TABLE glossary_terms;
DROP TABLE translation_cues;
DROP TABLE translation_tasks;
