-- Search plans hinge on how many titles a key is in: a key in half of all
-- titles is best found by walking titles and stopping at the match cap, a
-- rare one through the GIN index. With the default statistics target the
-- planner knew only the 1,000 commonest keys and took every other key to be
-- as common as the least of those, so a query of many rare alternatives
-- (a misspelt word and its neighbours) looked common and walked a million
-- titles (1 s). 2,000 keeps 20,000 keys; 10,000 made planning slower than
-- it saved.

-- +goose Up
ALTER TABLE search_docs ALTER COLUMN tsv SET STATISTICS 2000;

-- +goose Down
ALTER TABLE search_docs ALTER COLUMN tsv SET STATISTICS -1;
