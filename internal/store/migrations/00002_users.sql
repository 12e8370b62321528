-- Web interface accounts: users (one organisation each) and their sessions.
-- Emails are stored lower-cased, so the unique index is case-insensitive.

-- +goose Up
CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    org           TEXT NOT NULL REFERENCES orgs (slug) ON DELETE CASCADE,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL,
    password_hash TEXT NOT NULL, -- argon2id, PHC format
    created_at    TEXT NOT NULL
);
CREATE INDEX users_org ON users (org, email);

-- Only the SHA-256 of a session id is stored (see auth.Session).
CREATE TABLE sessions (
    id_hash    TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- +goose Down
DROP TABLE sessions;
DROP TABLE users;
