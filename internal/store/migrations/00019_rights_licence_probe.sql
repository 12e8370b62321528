-- A catalogue-wide availability query for every language, asked whole
-- (cover_entire), skips titles carrying a licence that blocks all of it; this
-- index holds every column that probe filters on, so it reads no licence rows.
-- It starts with title_id, so it also serves what licences_title served.

-- +goose Up
CREATE INDEX licences_title_terms ON licences (title_id, exclusive, media_mask, start_date, end_date, t0, t1, t2, t3);
DROP INDEX licences_title;

-- +goose Down
CREATE INDEX licences_title ON licences (title_id);
DROP INDEX licences_title_terms;
