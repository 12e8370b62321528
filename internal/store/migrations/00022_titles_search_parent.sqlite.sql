-- The search index on titles also carries parent_id, so the rights family
-- load (a title with its parent and grandparent, and whether the viewer may
-- read it) is answered from the index alone: one page fewer per title on a
-- catalogue larger than memory.

-- +goose Up
DROP INDEX titles_search;
CREATE INDEX titles_search ON titles (id, owner_org, visibility, kind, production_year, original_language, parent_id);

-- +goose Down
DROP INDEX titles_search;
CREATE INDEX titles_search ON titles (id, owner_org, visibility, kind, production_year, original_language);
