-- The hub's server secret: one random key shared by every server process on
-- the same database (the scale path runs many stateless processes on one
-- PostgreSQL). It keys the HMAC that stores API token secrets and the CSRF
-- tokens of web forms. The first process to need it inserts a random value
-- if none exists yet and every process then reads the one stored; an operator
-- may instead supply SILKBRIDGE_SECRET_KEY, and then this table is unused.
-- API token hashes move from argon2id to HMAC-SHA256 row by row, at each
-- token's first use after the upgrade (see auth.TokenService).

-- +goose Up
CREATE TABLE server_secrets (
    name       TEXT PRIMARY KEY,
    secret     TEXT NOT NULL, -- base64, 32 random bytes
    created_at TEXT NOT NULL
);

-- +goose Down
DROP TABLE server_secrets;
