-- How far an asset's processing has come (percent), shown while its status
-- is processing.

-- +goose Up
ALTER TABLE assets ADD COLUMN progress BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE assets DROP COLUMN progress;
