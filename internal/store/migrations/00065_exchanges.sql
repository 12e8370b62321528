-- Personnel exchange: programmes a sending organisation proposes to a
-- partner host, the people it nominates (with each one's itinerary as JSON),
-- and per-organisation settings (retention period, letter templates).
-- Personal data stays in person_private; a participant row holds only the
-- person's id, the host's decision and the itinerary.

-- +goose Up
CREATE TABLE exchanges (
    id             TEXT PRIMARY KEY,
    sender         TEXT NOT NULL REFERENCES orgs (slug),
    host           TEXT NOT NULL REFERENCES orgs (slug),
    kind           TEXT NOT NULL,
    state          TEXT NOT NULL,
    start_date     TEXT NOT NULL, -- YYYY-MM-DD
    end_date       TEXT NOT NULL, -- YYYY-MM-DD
    places         BIGINT NOT NULL,
    doc            TEXT NOT NULL, -- JSON: localizations, city, country, coordinators
    version        BIGINT NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    completed_at   TEXT,              -- starts the retention period
    retention_done BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX exchanges_sender ON exchanges (sender, created_at);
CREATE INDEX exchanges_host ON exchanges (host, created_at);
CREATE INDEX exchanges_state ON exchanges (state, start_date);

CREATE TABLE exchange_participants (
    id          TEXT PRIMARY KEY,
    exchange_id TEXT NOT NULL REFERENCES exchanges (id) ON DELETE CASCADE,
    person_id   TEXT NOT NULL REFERENCES people (id),
    status      TEXT NOT NULL,
    comment     TEXT NOT NULL,
    itinerary   TEXT NOT NULL, -- JSON list of entries
    version     BIGINT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (exchange_id, person_id)
);
CREATE INDEX exchange_participants_person ON exchange_participants (person_id, status);

CREATE TABLE exchange_settings (
    org            TEXT PRIMARY KEY REFERENCES orgs (slug),
    retention_days BIGINT NOT NULL,
    letters        TEXT NOT NULL, -- JSON: template by BCP-47 tag
    version        BIGINT NOT NULL,
    updated_at     TEXT NOT NULL
);

-- +goose Down
DROP TABLE exchange_settings;
DROP TABLE exchange_participants;
DROP TABLE exchanges;
