-- PostgreSQL's planner statistics for the search index (see the .postgres.sql
-- twin); SQLite's FTS5 plans do not depend on them. Kept so both engines
-- reach the same schema version.

-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
