package store

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/people"
)

var _ people.Store = (*DB)(nil)

// personDoc is the public profile as stored in people.doc.
type personDoc struct {
	Localizations map[string]people.PersonName `json:"localizations"`
	Roles         []people.PersonRole          `json:"roles,omitempty"`
	Languages     []string                     `json:"languages,omitempty"`
}

// privateDoc is what person_private.doc holds.
type privateDoc struct {
	Private      *people.PrivateData `json:"private,omitempty"`
	Coordinators []string            `json:"coordinators,omitempty"`
}

// personReadable is the SQL twin of people.CanRead over people aliased "pe";
// it takes the viewer three times.
const personReadable = `(pe.owner_org = ? OR pe.org = ? OR pe.visibility = 'public'
	OR (pe.visibility = 'partners' AND EXISTS (SELECT 1 FROM partnerships p WHERE p.org = pe.owner_org AND p.partner = ?)))`

// PersonCreate stores a new person, its private data and search keys, and
// logs which fields were set (never their values).
func (db *DB) PersonCreate(ctx context.Context, p *people.Person) error {
	return db.inTx(ctx, func(c conn) error {
		doc, err := json.Marshal(personDoc{p.Localizations, p.Roles, p.Languages})
		if err != nil {
			return err
		}
		_, err = c.exec(ctx, `INSERT INTO people (id, owner_org, org, visibility, erased, version, doc, created_at, updated_at)
			VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?)`, p.ID, p.Owner, nullString(p.Org), string(p.Visibility), p.Version,
			string(doc), fmtTime(p.CreatedAt), fmtTime(p.UpdatedAt))
		if apperr.Is(err, apperr.Conflict) {
			return apperr.New(apperr.Conflict, "person %q already exists", p.ID)
		}
		if err != nil {
			return err
		}
		if err := writePersonSide(ctx, c, p); err != nil {
			return err
		}
		return personAudit(ctx, c, p.Home(), "person.created", p.ID, setFields(p))
	})
}

func setFields(p *people.Person) []string {
	out := []string{"localizations"}
	if p.Org != "" {
		out = append(out, "org")
	}
	if len(p.Roles) > 0 {
		out = append(out, "roles")
	}
	if len(p.Languages) > 0 {
		out = append(out, "languages")
	}
	if !p.Private.Empty() {
		out = append(out, "private")
	}
	if len(p.Coordinators) > 0 {
		out = append(out, "coordinators")
	}
	return out
}

// writePersonSide rewrites roles, private data and search keys, and logs
// the change for copies of the people index (people_changes).
func writePersonSide(ctx context.Context, c conn, p *people.Person) error {
	for _, q := range []string{`DELETE FROM person_roles WHERE person_id = ?`, `DELETE FROM person_private WHERE person_id = ?`,
		`DELETE FROM person_search_keys WHERE person_id = ?`} {
		if _, err := c.exec(ctx, q, p.ID); err != nil {
			return err
		}
	}
	for _, r := range p.Roles {
		if _, err := c.exec(ctx, `INSERT INTO person_roles (person_id, role) VALUES (?, ?)`, p.ID, string(r)); err != nil {
			return err
		}
	}
	if !p.Private.Empty() || len(p.Coordinators) > 0 {
		doc, err := json.Marshal(privateDoc{p.Private, p.Coordinators})
		if err != nil {
			return err
		}
		if _, err := c.exec(ctx, `INSERT INTO person_private (person_id, doc) VALUES (?, ?)`, p.ID, string(doc)); err != nil {
			return err
		}
	}
	if _, err := c.exec(ctx, `INSERT INTO people_changes (person_id, changed_at) VALUES (?, ?)`, p.ID, fmtTime(p.UpdatedAt)); err != nil {
		return err
	}
	if p.Erased {
		return nil // an erased person is not searchable
	}
	for _, k := range personSearchKeys(p) {
		if _, err := c.exec(ctx, `INSERT INTO person_search_keys (person_id, search_key) VALUES (?, ?)`, p.ID, k); err != nil {
			return err
		}
	}
	return nil
}

// personAudit logs a change naming the fields, never their values, so the
// log holds no personal data that erasure would have to chase.
func personAudit(ctx context.Context, c conn, org, action, id string, fields []string) error {
	var changes []byte
	if len(fields) > 0 {
		var err error
		if changes, err = json.Marshal(map[string][]string{"fields": fields}); err != nil {
			return err
		}
	}
	return recordAudit(ctx, c, org, action, "person", id, changes)
}

// PersonAudit records an access to a person (a read or export of private data).
func (db *DB) PersonAudit(ctx context.Context, org, action, id string, fields []string) error {
	return personAudit(ctx, db.writer(), org, action, id, fields)
}

const personColumns = `pe.id, pe.owner_org, pe.org, pe.visibility, pe.erased, pe.version, pe.doc, pe.created_at, pe.updated_at`

func scanPerson(sc interface{ Scan(...any) error }, extra ...any) (*people.Person, error) {
	var p people.Person
	var org sql.NullString
	var vis, doc, created, updated string
	var erased int64
	dest := append([]any{&p.ID, &p.Owner, &org, &vis, &erased, &p.Version, &doc, &created, &updated}, extra...)
	if err := sc.Scan(dest...); err != nil {
		if err == sql.ErrNoRows {
			return nil, apperr.New(apperr.NotFound, "person not found")
		}
		return nil, interpretError(err)
	}
	var d personDoc
	if err := decodeDoc(doc, &d); err != nil {
		return nil, err
	}
	p.Org, p.Visibility, p.Erased = org.String, catalog.Visibility(vis), erased != 0
	p.Localizations, p.Roles, p.Languages = d.Localizations, d.Roles, d.Languages
	p.CreatedAt, p.UpdatedAt = parseTime(created), parseTime(updated)
	return &p, nil
}

// PersonGet returns a person with private data and coordinators.
func (db *DB) PersonGet(ctx context.Context, id string) (*people.Person, error) {
	return personGet(ctx, db.reader(), id)
}

func personGet(ctx context.Context, c conn, id string) (*people.Person, error) {
	var priv sql.NullString
	p, err := scanPerson(c.queryRow(ctx, `SELECT `+personColumns+`, pp.doc FROM people pe
		LEFT JOIN person_private pp ON pp.person_id = pe.id WHERE pe.id = ?`, id), &priv)
	if apperr.Is(err, apperr.NotFound) {
		return nil, apperr.New(apperr.NotFound, "person %q not found", id)
	}
	if err != nil {
		return nil, err
	}
	if priv.Valid {
		var d privateDoc
		if err := json.Unmarshal([]byte(priv.String), &d); err != nil {
			return nil, err
		}
		p.Private, p.Coordinators = d.Private, d.Coordinators
	}
	return p, nil
}

// PersonUpdate replaces a person whose stored version is p.Version-1.
func (db *DB) PersonUpdate(ctx context.Context, p *people.Person, changed []string) error {
	return db.inTx(ctx, func(c conn) error {
		if err := updatePerson(ctx, c, p); err != nil {
			return err
		}
		return personAudit(ctx, c, p.Home(), "person.updated", p.ID, changed)
	})
}

func updatePerson(ctx context.Context, c conn, p *people.Person) error {
	doc, err := json.Marshal(personDoc{p.Localizations, p.Roles, p.Languages})
	if err != nil {
		return err
	}
	erased := 0
	if p.Erased {
		erased = 1
	}
	res, err := c.exec(ctx, `UPDATE people SET org = ?, visibility = ?, erased = ?, version = ?, doc = ?, updated_at = ?
		WHERE id = ? AND version = ?`, nullString(p.Org), string(p.Visibility), erased, p.Version, string(doc),
		fmtTime(p.UpdatedAt), p.ID, p.Version-1)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		var v int64
		err := c.queryRow(ctx, `SELECT version FROM people WHERE id = ?`, p.ID).Scan(&v)
		if err == sql.ErrNoRows {
			return apperr.New(apperr.NotFound, "person %q not found", p.ID)
		}
		if err != nil {
			return interpretError(err)
		}
		return apperr.New(apperr.PreconditionFailed, "person %q has changed (now %s)", p.ID, catalog.ETag(v))
	}
	return writePersonSide(ctx, c, p)
}

// PersonErase stores the erased person: the pseudonymous profile replaces
// the old one and the private row and search keys go, in one transaction.
func (db *DB) PersonErase(ctx context.Context, p *people.Person) error {
	return db.inTx(ctx, func(c conn) error {
		if err := updatePerson(ctx, c, p); err != nil {
			return err
		}
		return personAudit(ctx, c, p.Home(), "person.erased", p.ID, nil)
	})
}

// PersonList returns a page of profiles readable by p.Viewer (no private data).
func (db *DB) PersonList(ctx context.Context, lp people.ListParams) ([]*people.Person, bool, error) {
	q := `SELECT ` + personColumns + ` FROM people pe WHERE ` + personReadable + ` AND pe.id > ?`
	args := []any{lp.Viewer, lp.Viewer, lp.Viewer, lp.After}
	if lp.Org != "" {
		q += ` AND pe.org = ?`
		args = append(args, lp.Org)
	}
	if lp.Role != "" {
		q += ` AND EXISTS (SELECT 1 FROM person_roles r WHERE r.person_id = pe.id AND r.role = ?)`
		args = append(args, string(lp.Role))
	}
	q += ` ORDER BY pe.id LIMIT ?`
	args = append(args, lp.Limit+1)
	rows, err := db.reader().query(ctx, q, args...)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	var out []*people.Person
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, false, err
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, false, interpretError(err)
	}
	more := len(out) > lp.Limit
	if more {
		out = out[:lp.Limit]
	}
	return out, more, nil
}
