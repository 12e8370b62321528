-- Search reads, for up to 500 matches per query, a title's visibility and
-- facet columns. Title rows hold the whole document; this covering index
-- lets PostgreSQL answer from the index alone (an index-only scan, once
-- vacuum has marked the pages all-visible) instead of a heap fetch per match.
-- SQLite's twin is 00017_search_titles.sqlite.sql.

-- +goose Up
CREATE INDEX titles_search ON titles (id) INCLUDE (owner_org, visibility, kind, production_year, original_language);

-- +goose Down
DROP INDEX titles_search;
