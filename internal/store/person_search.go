package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/silkbridge/silkbridge/internal/people"
	"github.com/silkbridge/silkbridge/internal/search"
)

var _ search.PeopleStore = (*DB)(nil)

// peopleBranchFactor times the page size is how many matching key entries
// one alternative of a people query's driver reads at most (see
// SearchPeople); the margin covers people the viewer may not read.
const peopleBranchFactor = 4

// A key entry d's person has a key, or a key in a range: one index seek per
// entry. On PostgreSQL each test ends with "LIMIT 1 OFFSET 0" (see
// peopleFence), or it turns the test into a hash of every entry of the key,
// which it prefers when it misjudges the driver's entries (925 estimated for
// 48 "~yandan"s, against 78,000 "^luo"s hashed for them: 120 ms instead of 1).
const (
	personHasKey   = `EXISTS (SELECT 1 FROM person_search_keys k WHERE k.person_id = d.person_id AND k.search_key = ?%s)`
	personHasKeyIn = `EXISTS (SELECT 1 FROM person_search_keys k WHERE k.person_id = d.person_id AND k.search_key >= ? AND k.search_key < ?%s)`
)

// peopleFence is PostgreSQL's optimization fence (an OFFSET, as its planner
// documents), empty on SQLite, whose planner needs none and runs the plain
// statement faster.
func (db *DB) peopleFence() string {
	if db.dialect == Postgres {
		return " LIMIT 1 OFFSET 0"
	}
	return ""
}

// personSearchKeys are the index keys of a person's names (never the
// biography or private data).
func personSearchKeys(p *people.Person) []string {
	names := p.Names()
	return search.PersonKeys(names...)
}

// SearchPeople finds readable, unerased people matching every term. One SQL
// text for both engines, with PostgreSQL's fences (peopleFence) added.
//
// The people of one term, the driver (see planPeople), are read from the
// key index: each of its alternatives is a range of (search_key,
// person_id), read in id order, and every other term is an indexed look-up
// of (search_key, person_id) per entry read, all within the key index. Each
// alternative stops at peopleBranchCap survivors, and only the survivors'
// people rows are read. Reading a people row per driver entry before the
// other terms were tested cost about 75 µs an entry (a third of a second
// for "Евгений Романов", 5,773 Евгении); an index probe costs about 1.5 µs.
// Stopping at the cap keeps a common surname alone ("Wang": 47,000 entries)
// to a few hundred entries. The first Limit people by id among the
// survivors are the first Limit of all matches, because an exact
// alternative's entries come in id order; a prefix alternative's come in
// key order, so a prefix matching more than the cap reaches only the
// alphabetically first of its words, as title completions do.
//
// When even the driver has thousands of entries and the other terms' lists
// are known to be short enough (planPeople, wantMerge), testing each entry
// costs more than reading every list once: the query is then answered by
// merging the terms' sorted id lists (searchPeopleMerged), which gives the
// first Limit readable people by id among all matches.
func (db *DB) SearchPeople(ctx context.Context, f search.PeopleFind) ([]search.PersonCandidate, error) {
	if len(f.Terms) == 0 {
		return nil, nil
	}
	plan, err := db.planPeople(ctx, f)
	if err != nil {
		return nil, err
	}
	if plan.merge {
		out, ok, err := db.searchPeopleMerged(ctx, f, plan)
		if ok || err != nil && !errors.Is(err, errMergeOrder) {
			return out, err
		}
	}
	driver := plan.driver
	var args []any
	fence := db.peopleFence()
	hasKey, hasKeyIn := fmt.Sprintf(personHasKey, fence), fmt.Sprintf(personHasKeyIn, fence)
	// others tests, for the key entry d, every term but the driver.
	others := func() (string, bool) {
		var conds []string
		for i, alts := range f.Terms {
			if i == driver {
				continue
			}
			var ors []string
			for ai, a := range alts {
				if len(a.Keys) == 0 || len(a.Keys) == 1 && inPrefixes(a.Keys[0], f.Prefix, i) || plan.altEmpty(i, ai) {
					continue // the term's prefix test finds it too, or nothing does
				}
				ands := make([]string, len(a.Keys))
				for j, k := range a.Keys {
					ands[j] = hasKey
					args = append(args, k)
				}
				ors = append(ors, "("+strings.Join(ands, " AND ")+")")
			}
			if i < len(f.Prefix) {
				for j, p := range f.Prefix[i] {
					if plan.prefixEmpty(i, j) {
						continue
					}
					ors = append(ors, hasKeyIn)
					args = append(args, p, p+"\U0010FFFF")
				}
			}
			if len(ors) == 0 {
				return "", false
			}
			conds = append(conds, ` AND (`+strings.Join(ors, " OR ")+`)`)
		}
		return strings.Join(conds, ""), true
	}
	branchCap := strconv.Itoa(max(f.Limit, 1) * peopleBranchFactor)
	var branches []string
	for j, a := range f.Terms[driver] {
		if len(a.Keys) == 0 || plan.altEmpty(driver, j) {
			continue
		}
		lead := plan.lead[j]
		args = append(args, a.Keys[lead])
		// A person an earlier alternative lists is left to that one, at
		// one seek instead of every test (sameLists).
		skip := ""
		if plan.sameAs != nil && plan.sameAs[j] >= 0 {
			skip = ` AND NOT ` + hasKey
			args = append(args, f.Terms[driver][plan.sameAs[j]].Keys[0])
		}
		// The other words are tested before the alternative's own other
		// keys: those are parts of the same word as the lead (the character
		// pairs of 斯韦特拉纳), so an entry nearly always has them, while
		// another word rules most entries out with its first seek. Both
		// engines test the conditions in the order written.
		rest, ok := others()
		if !ok {
			return nil, nil
		}
		b := `SELECT d.person_id FROM person_search_keys d WHERE d.search_key = ?` + skip + rest
		for k, key := range a.Keys {
			if k != lead {
				b += ` AND ` + hasKey
				args = append(args, key)
			}
		}
		branches = append(branches, `SELECT person_id FROM (`+b+` ORDER BY d.person_id LIMIT `+branchCap+`) AS b`+strconv.Itoa(len(branches)))
	}
	if driver < len(f.Prefix) {
		for j, p := range f.Prefix[driver] {
			if plan.prefixEmpty(driver, j) {
				continue
			}
			args = append(args, p, p+"\U0010FFFF")
			rest, ok := others()
			if !ok {
				return nil, nil
			}
			branches = append(branches, `SELECT person_id FROM (SELECT d.person_id FROM person_search_keys d
				WHERE d.search_key >= ? AND d.search_key < ?`+rest+` LIMIT `+branchCap+`) AS b`+strconv.Itoa(len(branches)))
		}
	}
	if len(branches) == 0 {
		return nil, nil
	}
	in := strings.Join(branches, " UNION ")
	q := `SELECT pe.id, pe.doc FROM people pe WHERE pe.id IN (` + in + `) AND pe.erased = 0 AND ` + personReadable + ` ORDER BY pe.id LIMIT ?`
	if fence != "" {
		// PostgreSQL reads the survivors' people in a subquery of its own
		// (bounded by the branches' caps, behind the fence) and sorts them
		// after: with the page's ORDER BY and LIMIT on the join it walked the
		// whole people index in id order to meet five candidates (250 ms).
		q = `SELECT id, doc FROM (SELECT pe.id, pe.doc FROM people pe WHERE pe.id IN (` + in + `) AND pe.erased = 0 AND ` +
			personReadable + ` LIMIT ` + strconv.Itoa(len(branches)*max(f.Limit, 1)*peopleBranchFactor) + ` OFFSET 0) AS found ORDER BY id LIMIT ?`
	}
	args = append(args, f.Viewer, f.Viewer, f.Viewer, f.Limit)
	rows, err := db.reader().query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return scanPersonCandidates(rows)
}

// scanPersonCandidates reads rows of (id, doc) as candidates, and closes
// them.
func scanPersonCandidates(rows *sql.Rows) ([]search.PersonCandidate, error) {
	defer rows.Close()
	var out []search.PersonCandidate
	for rows.Next() {
		var id, doc string
		if err := rows.Scan(&id, &doc); err != nil {
			return nil, interpretError(err)
		}
		var d personDoc
		if err := decodeDoc(doc, &d); err != nil {
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

var _ search.DirectorSource = (*DB)(nil)

// SearchDirectors returns the people credited as director of each title:
// of the titles named by ids, or when ids is nil of those with after < id ≤
// through (one range scan of the credits' key, as SearchSource reads its
// side tables).
func (db *DB) SearchDirectors(ctx context.Context, ids []string, after, through string) (map[string][]string, error) {
	cond, args := `title_id > ? AND title_id <= ?`, []any{after, through}
	if ids != nil {
		if len(ids) == 0 {
			return nil, nil
		}
		var in string
		in, args = inList(ids)
		cond = `title_id IN (` + in + `)`
	}
	rows, err := db.reader().query(ctx, `SELECT title_id, person_id FROM title_credits WHERE `+cond+` AND role = 'director' ORDER BY title_id, seq`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var title, person string
		if err := rows.Scan(&title, &person); err != nil {
			return nil, interpretError(err)
		}
		out[title] = append(out[title], person)
	}
	return out, interpretError(rows.Err())
}

// inPrefixes says whether key lies in one of term i's prefix ranges (a
// prefix term's own word: "^volkov" is in "^volkov…"), so testing the range
// tests the key as well.
func inPrefixes(key string, prefix [][]string, i int) bool {
	if i >= len(prefix) {
		return false
	}
	for _, p := range prefix[i] {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	return false
}
