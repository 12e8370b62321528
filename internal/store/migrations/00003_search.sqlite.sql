-- Search index, SQLite version (PostgreSQL: 00003_search.postgres.sql).
-- The index is derived data: the indexer checks it and, when it is missing
-- or damaged, recreates it with the same DDL (store/search_sqlite.go,
-- sqliteIndexDDL; keep the two in step) and rebuilds it.

-- +goose Up
CREATE TABLE search_state (
    name  TEXT PRIMARY KEY, -- analyzer, watermark
    value TEXT NOT NULL
);

-- Words and romanizations in the index, so that a query word with one typo
-- can find the terms one edit away: of length n-1..n+1, they share with it
-- either its first half (a range of term) or its end (a range of rev: the
-- term reversed, class prefix kept in front). Indexed by length first, so
-- each range reads terms of one length only.
-- The key leads with the length (a function of the term, so terms stay
-- unique): one B-tree serves both the look-ups and ON CONFLICT, which halves
-- the writes of a rebuild, where the vocabulary is most of the work.
CREATE TABLE search_terms (
    runes INTEGER NOT NULL,
    term  TEXT NOT NULL,
    rev   TEXT NOT NULL,
    PRIMARY KEY (runes, term)
) WITHOUT ROWID;
CREATE INDEX search_terms_runes_rev ON search_terms (runes, rev);

-- Keys of each title, written by the search analyzer; see store/search_sqlite.go.
CREATE TABLE search_docs (
    doc_id   INTEGER PRIMARY KEY,
    title_id TEXT NOT NULL UNIQUE,
    version  BIGINT NOT NULL,
    native_keys INTEGER NOT NULL DEFAULT 0 -- for ranking: short titles first
);
CREATE VIRTUAL TABLE search_fts USING fts5(native, stems, translit,
    content='', contentless_delete=1, detail=column, tokenize='silkbridge_keys');

-- +goose Down
DROP TABLE search_fts;
DROP TABLE search_docs;
DROP TABLE search_terms;
DROP TABLE search_state;
