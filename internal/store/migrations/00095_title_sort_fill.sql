-- Whether every title has its sort keys (migration 00090), and how far the
-- job filling them has come. One row. langs names the sort languages
-- (comma-separated, catalog.SortLanguages' order) every title has a key in;
-- when it differs from the build's languages (keys missing from an older
-- catalogue, or a sort language added) the server queues the
-- fill_title_sort_keys job at start, which walks titles in id order a short
-- batch per transaction: target is the languages it fills, after_id the last
-- title it has walked, done and total its progress. Listings sorted by title
-- show titles still lacking a key after the others until it has finished.
--
-- Before this version the store filled keys whenever it migrated; a catalogue
-- with one key per title and language is marked complete here, so upgrading
-- it queues nothing. A version adding a sort language clears langs.

-- +goose Up
CREATE TABLE title_sort_fill (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    langs      TEXT NOT NULL,
    target     TEXT NOT NULL DEFAULT '',
    after_id   TEXT NOT NULL DEFAULT '',
    done       BIGINT NOT NULL DEFAULT 0,
    total      BIGINT NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL DEFAULT ''
);
INSERT INTO title_sort_fill (id, langs)
SELECT 1, CASE WHEN (SELECT COUNT(*) FROM title_sort_keys WHERE lang IN ('en', 'ru', 'zh-Hans'))
                  = 3 * (SELECT COUNT(*) FROM titles)
               THEN 'en,ru,zh-Hans' ELSE '' END;

-- +goose Down
DROP TABLE title_sort_fill;
