-- A people query tests its other words against each person its rarest word
-- finds (store.SearchPeople): "has this person a key in this range?" is a
-- seek in an index of (person_id, search_key), where an index of person_id
-- alone read every key row of the person (about thirty) for each test.
-- The new index serves deleting a person's keys as the old one did.

-- +goose Up
DROP INDEX person_search_keys_person;
CREATE INDEX person_search_keys_person ON person_search_keys (person_id, search_key);

-- +goose Down
DROP INDEX person_search_keys_person;
CREATE INDEX person_search_keys_person ON person_search_keys (person_id);
