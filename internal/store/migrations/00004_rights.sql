-- Rights: holdings (rights in) and licences (rights out) on titles.
-- doc holds the terms as the API shows them (territories as written, groups
-- unexpanded); the other columns are derived from it for filtering:
-- media_mask has one bit per rights.AllMedia entry and t0..t3 one bit per
-- country of rights.Countries (see internal/rights/territories.txt), so a
-- catalogue query can skip titles that hold nothing relevant. Dates are
-- YYYY-MM-DD text; end_date NULL means perpetual.

-- +goose Up
CREATE TABLE holdings (
    id          TEXT PRIMARY KEY,
    title_id    TEXT NOT NULL REFERENCES titles (id),
    holder      TEXT NOT NULL REFERENCES orgs (slug),
    doc         TEXT NOT NULL,
    media_mask  BIGINT NOT NULL,
    t0          BIGINT NOT NULL,
    t1          BIGINT NOT NULL,
    t2          BIGINT NOT NULL,
    t3          BIGINT NOT NULL,
    start_date  TEXT NOT NULL,
    end_date    TEXT,
    exclusive   INTEGER NOT NULL,
    avail_id    TEXT,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL
);
CREATE INDEX holdings_title ON holdings (title_id);
CREATE INDEX holdings_holder ON holdings (holder, title_id);

CREATE TABLE licences (
    id          TEXT PRIMARY KEY,
    title_id    TEXT NOT NULL REFERENCES titles (id),
    licensor    TEXT NOT NULL REFERENCES orgs (slug),
    licensee    TEXT NOT NULL,
    doc         TEXT NOT NULL,
    media_mask  BIGINT NOT NULL,
    t0          BIGINT NOT NULL,
    t1          BIGINT NOT NULL,
    t2          BIGINT NOT NULL,
    t3          BIGINT NOT NULL,
    start_date  TEXT NOT NULL,
    end_date    TEXT,
    exclusive   INTEGER NOT NULL,
    avail_id    TEXT,
    source      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL
);
CREATE INDEX licences_title ON licences (title_id);
CREATE INDEX licences_licensor ON licences (licensor, title_id);

-- +goose Down
DROP TABLE licences;
DROP TABLE holdings;
