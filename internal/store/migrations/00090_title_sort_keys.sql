-- Catalogue order: each title's collation key in every sort language
-- (catalog.SortLanguages), computed in Go with golang.org/x/text/collate from
-- the title a reader of that language sees. Keys compare as bytes, which
-- SQLite (BLOB) and PostgreSQL (BYTEA) both do, so the engines list titles in
-- the same order; neither engine's own collations would (SQLite has none for
-- Russian or pinyin, PostgreSQL's depend on the server's locale). Rows are
-- rewritten with the title's other side tables; titles stored before this
-- version get theirs when the store next migrates (store.fillTitleSortKeys).
-- updated_at is indexed for "recently changed first".

-- +goose Up
CREATE TABLE title_sort_keys (
    title_id TEXT NOT NULL REFERENCES titles (id) ON DELETE CASCADE,
    lang     TEXT NOT NULL,
    sort_key BLOB NOT NULL,
    PRIMARY KEY (title_id, lang)
);
CREATE INDEX title_sort_keys_order ON title_sort_keys (lang, sort_key, title_id);
CREATE INDEX titles_updated ON titles (updated_at, id);

-- +goose Down
DROP INDEX titles_updated;
DROP TABLE title_sort_keys;
