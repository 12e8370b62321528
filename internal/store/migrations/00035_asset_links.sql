-- Delivery links: a licensee's URL to an asset's original for its vendor,
-- limited in time and downloads. Only an HMAC of the token is kept.

-- +goose Up
CREATE TABLE asset_links (
    id            TEXT PRIMARY KEY,
    asset_id      TEXT NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    org           TEXT NOT NULL REFERENCES orgs (slug),
    token_hash    TEXT NOT NULL UNIQUE,
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL,
    max_downloads BIGINT NOT NULL,
    downloads     BIGINT NOT NULL DEFAULT 0, -- downloads started (requests from byte 0)
    revoked_at    TEXT,
    last_used_at  TEXT
);
CREATE INDEX asset_links_asset_org ON asset_links (asset_id, org, created_at);

-- +goose Down
DROP TABLE asset_links;
