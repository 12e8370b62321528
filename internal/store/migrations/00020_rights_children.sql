-- Seasons and episodes in id order, for the catalogue-wide availability
-- query's walk over titles that inherit holdings from their series or season
-- (titles with holdings of their own are found from the holdings index).
-- Films and series, usually most of a catalogue, are not in it.

-- +goose Up
CREATE INDEX titles_children ON titles (id) WHERE parent_id IS NOT NULL;

-- +goose Down
DROP INDEX titles_children;
