package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/silkbridge/silkbridge/internal/people"
)

// CreditsGet returns a title's credits in order.
func (db *DB) CreditsGet(ctx context.Context, titleID string) ([]people.TitleCredit, error) {
	rows, err := db.reader().query(ctx, `SELECT role, person_id, character_name FROM title_credits WHERE title_id = ? ORDER BY seq`, titleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []people.TitleCredit{}
	for rows.Next() {
		var c people.TitleCredit
		var role string
		var char sql.NullString
		if err := rows.Scan(&role, &c.PersonID, &char); err != nil {
			return nil, interpretError(err)
		}
		c.Role = people.CreditRole(role)
		if char.Valid {
			if err := json.Unmarshal([]byte(char.String), &c.Character); err != nil {
				return nil, err
			}
		}
		out = append(out, c)
	}
	return out, interpretError(rows.Err())
}

// CreditsSet replaces a title's credits, logs the new list (roles and
// person ids, which are pseudonymous references, and character names) and
// logs a change of the title (catalog_changes).
func (db *DB) CreditsSet(ctx context.Context, titleID, owner string, cs []people.TitleCredit) error {
	return db.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `DELETE FROM title_credits WHERE title_id = ?`, titleID); err != nil {
			return err
		}
		type logged struct {
			Role     people.CreditRole `json:"role"`
			PersonID string            `json:"person_id"`
		}
		var log []logged
		for i, cr := range cs {
			var char any
			if len(cr.Character) > 0 {
				b, err := json.Marshal(cr.Character)
				if err != nil {
					return err
				}
				char = string(b)
			}
			if _, err := c.exec(ctx, `INSERT INTO title_credits (title_id, seq, role, person_id, character_name) VALUES (?, ?, ?, ?, ?)`,
				titleID, i, string(cr.Role), cr.PersonID, char); err != nil {
				return fmt.Errorf("credit %d: %w", i, err)
			}
			log = append(log, logged{cr.Role, cr.PersonID})
		}
		changes, err := json.Marshal(map[string]any{"credits": log})
		if err != nil {
			return err
		}
		// Logged as a change of the title: copies of the search index that
		// find titles by their directors (search.MemoryIndex) follow it.
		if err := logChange(ctx, c, titleID, "upsert", fmtTimeNow()); err != nil {
			return err
		}
		return recordAudit(ctx, c, owner, "title.credits_set", "title", titleID, changes)
	})
}

// PersonCredits returns every credit of a person, ordered by title id.
func (db *DB) PersonCredits(ctx context.Context, personID string) ([]people.PersonCredit, error) {
	rows, err := db.reader().query(ctx, `SELECT title_id, role, character_name FROM title_credits WHERE person_id = ? ORDER BY title_id, seq`, personID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []people.PersonCredit{}
	for rows.Next() {
		var c people.PersonCredit
		var role string
		var char sql.NullString
		if err := rows.Scan(&c.TitleID, &role, &char); err != nil {
			return nil, interpretError(err)
		}
		c.Role = people.CreditRole(role)
		if char.Valid {
			if err := json.Unmarshal([]byte(char.String), &c.Character); err != nil {
				return nil, err
			}
		}
		out = append(out, c)
	}
	return out, interpretError(rows.Err())
}
