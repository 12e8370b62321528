-- The people change log, the twin of catalog_changes: every write of a
-- person (created, updated, erased) adds a row in the same transaction, so
-- a process keeping a copy of the people search index in memory
-- (search.MemoryPeople) learns of changes made by any process.

-- +goose Up
CREATE TABLE people_changes (
    seq        SERIAL_PK,
    person_id  TEXT NOT NULL,
    changed_at TEXT NOT NULL
);

-- +goose Down
DROP TABLE people_changes;
