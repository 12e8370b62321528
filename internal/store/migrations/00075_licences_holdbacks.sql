-- A question on a series or a season weighs only those of its episodes'
-- licences that can bear on it: the ones overlapping it, which
-- licences_title_terms finds from its columns alone, and the ones carrying
-- holdbacks, which keep media out of territories beyond the licence's own
-- terms and so may bear on any question. This partial index lists the
-- latter. Its predicate is the one the family load repeats word for word
-- (holdbacksLike in rights_scope.go); the terms document omits the key when
-- there are none. Creating it indexes the licences already stored, and both
-- engines keep it current on every write, whichever path makes the licence.

-- +goose Up
CREATE INDEX licences_holdbacks ON licences (title_id) WHERE doc LIKE '%"holdbacks"%';

-- +goose Down
DROP INDEX licences_holdbacks;
