package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/org"
)

var _ org.Store = (*DB)(nil)

// OrgCreate stores a new organisation.
func (db *DB) OrgCreate(ctx context.Context, o *org.Organisation) error {
	names, err := json.Marshal(o.Names)
	if err != nil {
		return err
	}
	_, err = db.writer().exec(ctx, `INSERT INTO orgs (slug, country, names, created_at) VALUES (?, ?, ?, ?)`,
		o.Slug, o.Country, string(names), fmtTime(o.CreatedAt))
	if apperr.Is(err, apperr.Conflict) {
		return apperr.New(apperr.Conflict, "organisation %q already exists", o.Slug)
	}
	return err
}

// OrgGet returns one organisation with its partners.
func (db *DB) OrgGet(ctx context.Context, slug string) (*org.Organisation, error) {
	c := db.reader()
	o, err := scanOrg(c.queryRow(ctx, `SELECT slug, country, names, created_at FROM orgs WHERE slug = ?`, slug))
	if apperr.Is(err, apperr.NotFound) {
		return nil, apperr.New(apperr.NotFound, "organisation %q not found", slug)
	}
	if err != nil {
		return nil, err
	}
	if o.Partners, err = db.OrgPartners(ctx, slug); err != nil {
		return nil, err
	}
	return o, nil
}

// OrgList returns every organisation, ordered by slug.
func (db *DB) OrgList(ctx context.Context) ([]*org.Organisation, error) {
	c := db.reader()
	rows, err := c.query(ctx, `SELECT slug, country, names, created_at FROM orgs ORDER BY slug`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*org.Organisation
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, o := range out {
		if o.Partners, err = db.OrgPartners(ctx, o.Slug); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// OrgExists reports whether an organisation exists.
func (db *DB) OrgExists(ctx context.Context, slug string) (bool, error) {
	var n int
	err := db.reader().queryRow(ctx, `SELECT COUNT(*) FROM orgs WHERE slug = ?`, slug).Scan(&n)
	return n > 0, interpretError(err)
}

// OrgPartners returns the slugs of org's partners, sorted.
func (db *DB) OrgPartners(ctx context.Context, slug string) ([]string, error) {
	return db.reader().strings(ctx, `SELECT partner FROM partnerships WHERE org = ? ORDER BY partner`, slug)
}

// PartnershipAdd records a mutual partnership; repeating it changes nothing.
func (db *DB) PartnershipAdd(ctx context.Context, a, b string, at time.Time) error {
	return db.inTx(ctx, func(c conn) error {
		for _, pair := range [][2]string{{a, b}, {b, a}} {
			if _, err := c.exec(ctx, `INSERT INTO partnerships (org, partner, created_at) VALUES (?, ?, ?)
				ON CONFLICT (org, partner) DO NOTHING`, pair[0], pair[1], fmtTime(at)); err != nil {
				return err
			}
		}
		return nil
	})
}

// PartnershipRemove ends a partnership in both directions.
func (db *DB) PartnershipRemove(ctx context.Context, a, b string) error {
	_, err := db.writer().exec(ctx, `DELETE FROM partnerships WHERE (org = ? AND partner = ?) OR (org = ? AND partner = ?)`, a, b, b, a)
	return err
}

type scanner interface{ Scan(dest ...any) error }

func scanOrg(s scanner) (*org.Organisation, error) {
	var o org.Organisation
	var names, created string
	if err := s.Scan(&o.Slug, &o.Country, &names, &created); err != nil {
		return nil, interpretError(err)
	}
	if err := json.Unmarshal([]byte(names), &o.Names); err != nil {
		return nil, err
	}
	o.CreatedAt = parseTime(created)
	return &o, nil
}
