-- Events (festivals, film weeks), their venues with screens, screenings and
-- the licensing requests made for them. Records are JSON documents beside the
-- columns used to find them, like titles.

-- +goose Up
CREATE TABLE events (
    id         TEXT PRIMARY KEY,
    slug       TEXT NOT NULL UNIQUE,
    organiser  TEXT NOT NULL REFERENCES orgs (slug),
    status     TEXT NOT NULL,
    start_day  TEXT NOT NULL,
    end_day    TEXT NOT NULL,
    version    BIGINT NOT NULL,
    doc        TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX events_organiser ON events (organiser, start_day);

CREATE TABLE event_partners (
    event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    org      TEXT NOT NULL,
    PRIMARY KEY (event_id, org)
);
CREATE INDEX event_partners_org ON event_partners (org);

CREATE TABLE event_venues (
    id         TEXT PRIMARY KEY,
    event_id   TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    doc        TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX event_venues_event ON event_venues (event_id, created_at);

-- title_id has no foreign key: the programme outlives a title's removal
-- from the catalogue (the public page leaves such screenings out).
CREATE TABLE event_screenings (
    id         TEXT PRIMARY KEY,
    event_id   TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    venue_id   TEXT NOT NULL REFERENCES event_venues (id) ON DELETE CASCADE,
    title_id   TEXT NOT NULL,
    country    TEXT NOT NULL,
    start_utc  TEXT NOT NULL,
    doc        TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX event_screenings_event ON event_screenings (event_id, start_utc);
CREATE INDEX event_screenings_title ON event_screenings (title_id, start_utc);

CREATE TABLE event_rights_requests (
    event_id   TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    title_id   TEXT NOT NULL,
    request_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (event_id, request_id)
);

-- +goose Down
DROP TABLE event_rights_requests;
DROP TABLE event_screenings;
DROP TABLE event_venues;
DROP TABLE event_partners;
DROP TABLE events;
