-- Holdings get a status: only the title's keepers (its owner organisation and
-- listed producers) record confirmed holdings; anyone else's holding is a
-- claim that counts for nothing until a keeper confirms it (see
-- internal/rights/claim.go and docs/rights.md). status is confirmed, claimed
-- or rejected; status_reason is a keeper's optional reason for rejecting.
--
-- Existing rows: holdings of the title's owner or producers stay confirmed.
-- Every other holding was recorded without anyone's consent, exactly the
-- squatting this closes, so it becomes an open claim the keepers now decide;
-- licences already granted from it stay recorded (they are agreements with
-- third parties), but no new licence can be granted from it until confirmed.

-- +goose Up
ALTER TABLE holdings ADD COLUMN status TEXT NOT NULL DEFAULT 'confirmed';
ALTER TABLE holdings ADD COLUMN status_reason TEXT;
UPDATE holdings SET status = 'claimed'
    WHERE holder <> (SELECT t.owner_org FROM titles t WHERE t.id = holdings.title_id)
      AND NOT EXISTS (SELECT 1 FROM title_producers p WHERE p.title_id = holdings.title_id AND p.org = holdings.holder);
-- Claims are few; the keepers' list of them reads this small index.
CREATE INDEX holdings_claims ON holdings (title_id, id) WHERE status <> 'confirmed';

-- +goose Down
DROP INDEX holdings_claims;
ALTER TABLE holdings DROP COLUMN status_reason;
ALTER TABLE holdings DROP COLUMN status;
