-- Each index entry carries its title's genres, producers and countries, so a
-- search counts its facets from the entries it matched instead of joining
-- three tables per match. Like the keys, they are derived data, written by
-- the indexer and at most as stale as the index itself.

-- +goose Up
ALTER TABLE search_docs ADD COLUMN facets TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE search_docs DROP COLUMN facets;
