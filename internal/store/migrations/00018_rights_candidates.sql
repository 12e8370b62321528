-- A catalogue-wide availability query walks titles in id order and keeps
-- those with a holding overlapping the request. Holding rows carry the whole
-- terms document, so probing them through an index on title_id alone reads a
-- table row per holding; this index holds every column the probe filters on,
-- so the probe reads the index only. It starts with title_id, so it also
-- serves the family loads that holdings_title served.

-- +goose Up
CREATE INDEX holdings_title_terms ON holdings (title_id, media_mask, start_date, end_date, t0, t1, t2, t3);
DROP INDEX holdings_title;

-- +goose Down
CREATE INDEX holdings_title ON holdings (title_id);
DROP INDEX holdings_title_terms;
