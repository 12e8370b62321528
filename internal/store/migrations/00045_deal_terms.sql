-- Deal terms: the money and delivery side of a request's standing terms, of
-- each proposal in its history, and of the licence an acceptance created.
-- Money is integer minor units with its ISO 4217 currency (120000000 CNY is
-- 1 200 000.00 yuan); a revenue share is in basis points (1250 is 12.5 %).
-- owner_kind is request (seq 0), step (seq = the step's) or licence (seq 0).
-- Rows exist only for deals that name something.

-- +goose Up
CREATE TABLE deal_terms (
    owner_kind        TEXT NOT NULL,
    owner_id          TEXT NOT NULL,
    seq               BIGINT NOT NULL,
    fee_minor         BIGINT CHECK (fee_minor > 0),
    fee_currency      TEXT,
    mg_minor          BIGINT CHECK (mg_minor > 0),
    mg_currency       TEXT,
    share_bp          BIGINT CHECK (share_bp > 0 AND share_bp <= 10000),
    delivery_deadline TEXT,
    materials         TEXT NOT NULL, -- JSON [{"kind":"subtitle","language":"ru"}]
    PRIMARY KEY (owner_kind, owner_id, seq),
    CHECK ((fee_minor IS NULL) = (fee_currency IS NULL)),
    CHECK ((mg_minor IS NULL) = (mg_currency IS NULL)),
    CHECK (fee_minor IS NULL OR mg_minor IS NULL)
);

-- Instalments, n from 1 in due-date order; in the currency of the fee or guarantee.
CREATE TABLE deal_payments (
    owner_kind   TEXT NOT NULL,
    owner_id     TEXT NOT NULL,
    seq          BIGINT NOT NULL,
    n            BIGINT NOT NULL,
    due          TEXT NOT NULL,
    amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
    currency     TEXT NOT NULL,
    PRIMARY KEY (owner_kind, owner_id, seq, n)
);

-- +goose Down
DROP TABLE deal_payments;
DROP TABLE deal_terms;
