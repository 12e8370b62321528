-- Licensing: requests between partners, their negotiation history and
-- comment threads, in-app notifications, and the licence.expiring notices
-- already sent. doc holds a request's standing terms as JSON (rights.Terms);
-- times are fixed-width UTC text.

-- +goose Up
CREATE TABLE requests (
    id          TEXT PRIMARY KEY,
    title_id    TEXT NOT NULL REFERENCES titles (id),
    licensor    TEXT NOT NULL REFERENCES orgs (slug),
    licensee    TEXT NOT NULL REFERENCES orgs (slug),
    state       TEXT NOT NULL,
    doc         TEXT NOT NULL,
    proposed_by TEXT NOT NULL,
    message     TEXT NOT NULL,
    deadline    TEXT NOT NULL,
    licence_id  TEXT,
    version     BIGINT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL
);
CREATE INDEX requests_licensor ON requests (licensor, id);
CREATE INDEX requests_licensee ON requests (licensee, id);
CREATE INDEX requests_open ON requests (state, deadline);

CREATE TABLE request_steps (
    request_id TEXT NOT NULL REFERENCES requests (id),
    seq        BIGINT NOT NULL,
    action     TEXT NOT NULL,
    org        TEXT NOT NULL,
    actor      TEXT NOT NULL,
    terms      TEXT,
    message    TEXT NOT NULL,
    at         TEXT NOT NULL,
    PRIMARY KEY (request_id, seq)
);

CREATE TABLE request_comments (
    id         TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES requests (id),
    org        TEXT NOT NULL,
    author     TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX request_comments_request ON request_comments (request_id, created_at, id);

CREATE TABLE notifications (
    id         TEXT PRIMARY KEY,
    org        TEXT NOT NULL REFERENCES orgs (slug) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    request_id TEXT,
    licence_id TEXT,
    title_id   TEXT,
    from_org   TEXT NOT NULL,
    actor      TEXT NOT NULL,
    text       TEXT NOT NULL,
    days_left  BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    read_at    TEXT
);
CREATE INDEX notifications_org ON notifications (org, id);

-- One row per licence.expiring notice sent (mark: 30 or 7 days before the end).
CREATE TABLE licence_reminders (
    licence_id TEXT NOT NULL,
    mark       BIGINT NOT NULL,
    sent_at    TEXT NOT NULL,
    PRIMARY KEY (licence_id, mark)
);

-- +goose Down
DROP TABLE licence_reminders;
DROP TABLE notifications;
DROP TABLE request_comments;
DROP TABLE request_steps;
DROP TABLE requests;
