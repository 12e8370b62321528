package store

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/silkbridge/silkbridge/internal/people"
	"github.com/silkbridge/silkbridge/internal/search"
)

var _ search.PeopleStore = (*DB)(nil)

// personSearchKeys are the index keys of a person's names (never the
// biography or private data).
func personSearchKeys(p *people.Person) []string {
	names := p.Names()
	return search.PersonKeys(names...)
}

// SearchPeople finds readable, unerased people matching every term. One SQL
// text for both engines. The people of one term (the first without prefix
// alternatives, whose keys are exact) are read from the key index and
// visited in id order; every other term is an indexed look-up of
// (search_key, person_id) per person visited. Testing every term against
// every person in id order instead reads the whole directory for a rare
// name (500,000 people, seconds per query).
func (db *DB) SearchPeople(ctx context.Context, f search.PeopleFind) ([]search.PersonCandidate, error) {
	if len(f.Terms) == 0 {
		return nil, nil
	}
	driver := 0
	for i := range f.Terms {
		if i >= len(f.Prefix) || len(f.Prefix[i]) == 0 {
			driver = i
			break
		}
	}
	var args []any
	// candidates is a subquery of the ids of people matching term i.
	candidates := func(i int) string {
		var union []string
		for _, a := range f.Terms[i] {
			if len(a.Keys) == 0 {
				continue
			}
			inter := make([]string, len(a.Keys))
			for j, k := range a.Keys {
				inter[j] = `SELECT person_id FROM person_search_keys WHERE search_key = ?`
				args = append(args, k)
			}
			union = append(union, strings.Join(inter, " INTERSECT "))
		}
		if i < len(f.Prefix) {
			for _, p := range f.Prefix[i] {
				union = append(union, `SELECT person_id FROM person_search_keys WHERE search_key >= ? AND search_key < ?`)
				args = append(args, p, p+"\U0010FFFF")
			}
		}
		return strings.Join(union, " UNION ")
	}
	in := candidates(driver)
	if in == "" {
		return nil, nil
	}
	q := `SELECT pe.id, pe.doc FROM people pe WHERE pe.id IN (` + in + `) AND pe.erased = 0 AND ` + personReadable
	args = append(args, f.Viewer, f.Viewer, f.Viewer)
	has := `EXISTS (SELECT 1 FROM person_search_keys k WHERE k.person_id = pe.id AND k.search_key = ?)`
	for i, alts := range f.Terms {
		if i == driver {
			continue
		}
		var ors []string
		for _, a := range alts {
			if len(a.Keys) == 0 {
				continue
			}
			ands := make([]string, len(a.Keys))
			for j, k := range a.Keys {
				ands[j] = has
				args = append(args, k)
			}
			ors = append(ors, "("+strings.Join(ands, " AND ")+")")
		}
		if i < len(f.Prefix) {
			for _, p := range f.Prefix[i] {
				ors = append(ors, `EXISTS (SELECT 1 FROM person_search_keys k WHERE k.person_id = pe.id AND k.search_key >= ? AND k.search_key < ?)`)
				args = append(args, p, p+"\U0010FFFF")
			}
		}
		if len(ors) == 0 {
			return nil, nil
		}
		q += ` AND (` + strings.Join(ors, " OR ") + `)`
	}
	q += ` ORDER BY pe.id LIMIT ?`
	args = append(args, f.Limit)
	rows, err := db.reader().query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []search.PersonCandidate
	for rows.Next() {
		var id, doc string
		if err := rows.Scan(&id, &doc); err != nil {
			return nil, interpretError(err)
		}
		var d personDoc
		if err := json.Unmarshal([]byte(doc), &d); err != nil {
			return nil, err
		}
		c := search.PersonCandidate{ID: id, Names: map[string]string{}}
		for tag, l := range d.Localizations {
			c.Names[tag] = l.Name
		}
		out = append(out, c)
	}
	return out, interpretError(rows.Err())
}

// SearchDirected returns the readable titles each person directed.
func (db *DB) SearchDirected(ctx context.Context, viewer string, personIDs []string) (map[string][]search.Candidate, error) {
	out := map[string][]search.Candidate{}
	if len(personIDs) == 0 {
		return out, nil
	}
	clause, cargs := ReadableClause(viewer)
	args := append([]any{}, cargs...)
	for _, id := range personIDs {
		args = append(args, id)
	}
	rows, err := db.reader().query(ctx, `SELECT tc.person_id, t.id, t.kind, COALESCE(t.production_year, 0), t.original_language
		FROM title_credits tc JOIN titles t ON t.id = tc.title_id
		WHERE tc.role = 'director' AND `+clause+` AND tc.person_id IN (`+placeholders(len(personIDs))+`)
		ORDER BY tc.person_id, t.id LIMIT 200`, args...)
	if err != nil {
		return nil, err
	}
	var cands []search.Candidate
	var owners []string
	for rows.Next() {
		var pid string
		var c search.Candidate
		if err := rows.Scan(&pid, &c.ID, &c.Kind, &c.Year, &c.OriginalLanguage); err != nil {
			rows.Close()
			return nil, interpretError(err)
		}
		c.Titles = map[string]string{}
		cands = append(cands, c)
		owners = append(owners, pid)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, interpretError(err)
	}
	// One candidate per title for the look-up: a title with two matching
	// directors shares its localized titles.
	uniq := map[string]int{}
	var titles []search.Candidate
	for _, c := range cands {
		if _, ok := uniq[c.ID]; !ok {
			uniq[c.ID] = len(titles)
			titles = append(titles, c)
		}
	}
	if err := db.searchTitles(ctx, titles); err != nil {
		return nil, err
	}
	for i, c := range cands {
		out[owners[i]] = append(out[owners[i]], titles[uniq[c.ID]])
	}
	return out, nil
}
