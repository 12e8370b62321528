-- Webhook endpoints and their deliveries. A delivery row is written in the
-- same transaction as the change that caused it; the job queue sends it.

-- +goose Up
CREATE TABLE webhook_endpoints (
    id         TEXT PRIMARY KEY,
    org        TEXT NOT NULL REFERENCES orgs (slug) ON DELETE CASCADE,
    url        TEXT NOT NULL,
    events     TEXT NOT NULL, -- JSON array of event types
    secret     TEXT NOT NULL, -- needed in clear to sign; never returned after creation
    created_at TEXT NOT NULL
);
CREATE INDEX webhook_endpoints_org ON webhook_endpoints (org);

CREATE TABLE webhook_deliveries (
    id           TEXT PRIMARY KEY,
    endpoint_id  TEXT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event_type   TEXT NOT NULL,
    payload      TEXT NOT NULL,
    status       TEXT NOT NULL,
    attempts     BIGINT NOT NULL,
    last_status  BIGINT NOT NULL,
    last_error   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    delivered_at TEXT
);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created_at);
CREATE INDEX webhook_deliveries_status ON webhook_deliveries (status);

-- +goose Down
DROP TABLE webhook_deliveries;
DROP TABLE webhook_endpoints;
