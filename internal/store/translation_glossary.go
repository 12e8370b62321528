package store

import (
	"context"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/translation"
)

const glossaryColumns = `id, org_a, org_b, source_language, target_language, source, target, created_by, updated_at`

// GlossaryList implements translation.Store.
func (db *DB) GlossaryList(ctx context.Context, orgA, orgB string) ([]*translation.Term, error) {
	rows, err := db.reader().query(ctx, `SELECT `+glossaryColumns+` FROM glossary_terms WHERE org_a = ? AND org_b = ?
		ORDER BY source_language, target_language, source`, orgA, orgB)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*translation.Term{}
	for rows.Next() {
		var t translation.Term
		var at string
		if err := rows.Scan(&t.ID, &t.OrgA, &t.OrgB, &t.SourceLanguage, &t.TargetLanguage, &t.Source, &t.Target, &t.CreatedBy, &at); err != nil {
			return nil, interpretError(err)
		}
		t.UpdatedAt = parseTime(at)
		out = append(out, &t)
	}
	return out, interpretError(rows.Err())
}

// GlossaryPut implements translation.Store: a term with the same pair,
// languages and source keeps its id and takes the new target.
func (db *DB) GlossaryPut(ctx context.Context, t *translation.Term, by string) error {
	return db.inTx(ctx, func(c conn) error {
		var id string
		err := interpretError(c.queryRow(ctx, `SELECT id FROM glossary_terms WHERE org_a = ? AND org_b = ? AND source_language = ?
			AND target_language = ? AND source = ?`, t.OrgA, t.OrgB, t.SourceLanguage, t.TargetLanguage, t.Source).Scan(&id))
		switch {
		case err == nil:
			t.ID = id
			if _, err := c.exec(ctx, `UPDATE glossary_terms SET target = ?, created_by = ?, updated_at = ? WHERE id = ?`,
				t.Target, t.CreatedBy, fmtTime(t.UpdatedAt), id); err != nil {
				return err
			}
		case apperr.Is(err, apperr.NotFound):
			if _, err := c.exec(ctx, `INSERT INTO glossary_terms (`+glossaryColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				t.ID, t.OrgA, t.OrgB, t.SourceLanguage, t.TargetLanguage, t.Source, t.Target, t.CreatedBy, fmtTime(t.UpdatedAt)); err != nil {
				return err
			}
		default:
			return err
		}
		return auditPair(ctx, c, t.OrgA, t.OrgB, "glossary.term_saved", t.ID, mustJSON(map[string]any{"term": t, "by": by}))
	})
}

// GlossaryDelete implements translation.Store.
func (db *DB) GlossaryDelete(ctx context.Context, orgA, orgB, id, by string) error {
	return db.inTx(ctx, func(c conn) error {
		n, err := affected(c.exec(ctx, `DELETE FROM glossary_terms WHERE id = ? AND org_a = ? AND org_b = ?`, id, orgA, orgB))
		if err != nil {
			return err
		}
		if n == 0 {
			return apperr.New(apperr.NotFound, "glossary term %q not found", id)
		}
		return auditPair(ctx, c, orgA, orgB, "glossary.term_deleted", id, mustJSON(map[string]any{"by": by}))
	})
}

func auditPair(ctx context.Context, c conn, a, b, action, id string, changes []byte) error {
	if err := recordAudit(ctx, c, a, action, "glossary_term", id, changes); err != nil {
		return err
	}
	if a == b {
		return nil
	}
	return recordAudit(ctx, c, b, action, "glossary_term", id, changes)
}
