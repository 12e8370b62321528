-- The people search index: the search analyzer's keys of every person's
-- names (one row per key), kept in the same transaction as the person. A
-- small parallel index beside the titles' one, so title search is untouched.

-- +goose Up
CREATE TABLE person_search_keys (
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    search_key TEXT NOT NULL,
    PRIMARY KEY (search_key, person_id)
);
CREATE INDEX person_search_keys_person ON person_search_keys (person_id);

-- +goose Down
DROP TABLE person_search_keys;
