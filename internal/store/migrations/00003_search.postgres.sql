-- Search index, PostgreSQL version (SQLite: 00003_search.sqlite.sql).
-- The index is derived data: the indexer checks it and, when it is missing
-- or damaged, recreates it with the same DDL (store/search_postgres.go,
-- pgIndexDDL; keep the two in step) and rebuilds it.

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
    term  TEXT COLLATE "C" NOT NULL,
    rev   TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (runes, term)
);
CREATE INDEX search_terms_runes_rev ON search_terms (runes, rev);

-- Keys of each title as lexemes, weighted by class; see store/search_postgres.go.
CREATE TABLE search_docs (
    title_id TEXT PRIMARY KEY,
    version  BIGINT NOT NULL,
    tsv      tsvector NOT NULL
);
CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv);

-- +goose Down
DROP TABLE search_docs;
DROP TABLE search_terms;
DROP TABLE search_state;
