-- The audit log: who changed what, written in the same transaction as the change.

-- +goose Up
CREATE TABLE audit_log (
    seq        SERIAL_PK,
    org        TEXT NOT NULL,
    actor      TEXT NOT NULL,
    actor_org  TEXT NOT NULL,
    actor_kind TEXT NOT NULL,
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    at         TEXT NOT NULL,
    changes    TEXT
);
CREATE INDEX audit_log_org ON audit_log (org, seq);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

-- +goose Down
DROP TABLE audit_log;
