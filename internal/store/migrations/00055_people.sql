-- People: the directory of directors, actors, executives and staff, and the
-- credits that tie them to titles. The public profile (names, biographies,
-- roles, languages) is in people.doc; personal data is in person_private,
-- a table of its own so that no query for profiles, lists or search can
-- read it by accident, and erasure deletes one row.

-- +goose Up
CREATE TABLE people (
    id         TEXT PRIMARY KEY,
    owner_org  TEXT NOT NULL REFERENCES orgs (slug), -- creates and edits the entry
    org        TEXT REFERENCES orgs (slug),          -- the organisation the person belongs to
    visibility TEXT NOT NULL,
    erased     BIGINT NOT NULL DEFAULT 0,            -- 1 once erased: a pseudonym is all that is left
    version    BIGINT NOT NULL,
    doc        TEXT NOT NULL, -- JSON: localizations, roles, languages
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX people_owner ON people (owner_org, id);
CREATE INDEX people_org ON people (org, id);

CREATE TABLE person_roles (
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    role      TEXT NOT NULL,
    PRIMARY KEY (person_id, role)
);
CREATE INDEX person_roles_role ON person_roles (role, person_id);

-- Personal data and the coordinators who may read it, as JSON.
CREATE TABLE person_private (
    person_id TEXT PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    doc       TEXT NOT NULL
);

-- Credits of a title in display order; character is JSON (cast only).
CREATE TABLE title_credits (
    title_id  TEXT NOT NULL REFERENCES titles (id) ON DELETE CASCADE,
    seq       BIGINT NOT NULL,
    role      TEXT NOT NULL,
    person_id TEXT NOT NULL REFERENCES people (id),
    character_name TEXT,
    PRIMARY KEY (title_id, seq)
);
CREATE INDEX title_credits_person ON title_credits (person_id, role);

-- +goose Down
DROP TABLE title_credits;
DROP TABLE person_private;
DROP TABLE person_roles;
DROP TABLE people;
