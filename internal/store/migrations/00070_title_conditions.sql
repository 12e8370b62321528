-- Dated events of titles. EMA avails may open or close a window on an event
-- (Theatrical, Broadcast, EST, ...: the MDDF DateTimeCondition vocabulary)
-- whose date is not known when the avail is sent. A keeper of the title
-- records the date here, per set of territories ('' = everywhere, else the
-- territories as written, comma-separated), and the records waiting on the
-- event get their windows from it in the same transaction (see
-- internal/rights/conditions_resolve.go). Dating the same event for the same
-- territories again replaces the row.

-- +goose Up
CREATE TABLE title_conditions (
    title_id    TEXT NOT NULL REFERENCES titles (id) ON DELETE CASCADE,
    event_name  TEXT NOT NULL,
    territories TEXT NOT NULL,
    event_date  TEXT NOT NULL, -- YYYY-MM-DD
    org         TEXT NOT NULL REFERENCES orgs (slug),
    set_by      TEXT NOT NULL,
    set_at      TEXT NOT NULL,
    PRIMARY KEY (title_id, event_name, territories)
);

-- +goose Down
DROP TABLE title_conditions;
