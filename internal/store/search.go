package store

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/silkbridge/silkbridge/internal/search"
)

var _ search.Store = (*DB)(nil)

// searchIndex is the part of search that differs by engine: how the index
// is stored, written and matched.
type searchIndex interface {
	// reset drops and recreates the empty index; complete builds what reset
	// left out for a faster rebuild.
	reset(ctx context.Context, c conn) error
	complete(ctx context.Context, c conn) error
	// probe fails when the index is missing or unusable.
	probe(ctx context.Context, c conn) error
	// upsert writes docs whose titles are current; remove deletes docs.
	upsert(ctx context.Context, c conn, docs []search.Doc) error
	remove(ctx context.Context, c conn, titleIDs []string) error
	// from returns the FROM clause joining the index to titles t, the match
	// predicate, the rank expression (lower is better) and their arguments,
	// in the order they take in "SELECT rank FROM from WHERE match".
	from(terms [][]search.Alt) (from, match string, args []any, rank string)
}

func (db *DB) searchIndex() searchIndex {
	if db.dialect == Postgres {
		return pgSearch{}
	}
	return sqliteSearch{}
}

// matchCap is f's cap on the matches examined.
func matchCap(f search.Find) int {
	if f.Cap <= 0 {
		return search.MatchCap
	}
	return f.Cap
}

// SearchFind returns candidates in the index's rank order, from the first
// f.Cap matches in index order: without ORDER BY the index hands out matches
// as it finds them and the scan stops at the cap, so a query matching half
// the catalogue costs no more than one matching Cap titles.
func (db *DB) SearchFind(ctx context.Context, f search.Find) ([]search.Candidate, error) {
	from, match, args, rank := db.searchIndex().from(f.Terms)
	where, wargs := searchWhere(f)
	args = append(args, wargs...)
	q := `SELECT id, kind, y, ol FROM (
		SELECT t.id AS id, t.kind AS kind, COALESCE(t.production_year, 0) AS y, t.original_language AS ol, ` + rank + ` AS r
		FROM ` + from + ` WHERE ` + match + ` AND ` + where + ` LIMIT ` + strconv.Itoa(matchCap(f)) + `) m
		ORDER BY r, id LIMIT ` + strconv.Itoa(f.Limit) + ` OFFSET ` + strconv.Itoa(f.Offset)
	var out []search.Candidate
	// Later pages are rare and each offset is another statement: not worth
	// keeping prepared.
	err := db.searchRows(ctx, f.Offset == 0, q, args, func(rows *sql.Rows) error {
		var c search.Candidate
		if err := rows.Scan(&c.ID, &c.Kind, &c.Year, &c.OriginalLanguage); err != nil {
			return err
		}
		c.Titles = map[string]string{}
		out = append(out, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, db.searchTitles(ctx, out)
}

// searchTitles fills the candidates' localized titles.
func (db *DB) searchTitles(ctx context.Context, out []search.Candidate) error {
	if len(out) == 0 {
		return nil
	}
	byID := make(map[string]int, len(out))
	ids := make([]any, 0, len(out))
	for i, c := range out {
		byID[c.ID] = i
		ids = append(ids, c.ID)
	}
	// At most MaxLimit shapes of this statement: worth keeping prepared.
	return db.readRows(ctx, true, `SELECT title_id, lang, title FROM title_localizations WHERE title_id IN (`+placeholders(len(ids))+`)`, ids,
		func(rows *sql.Rows) error {
			var id, lang, title string
			if err := rows.Scan(&id, &lang, &title); err != nil {
				return err
			}
			out[byID[id]].Titles[lang] = title
			return nil
		})
}

// SearchMatches counts the matches and their facet values, and picks the
// best f.Limit of them by rank, in one statement over the first f.Cap
// readable matches materialized once. Facets come from the index entries'
// packed facets column, grouped with kind and year (see search_facets.go);
// the total is the sum of the groups.
func (db *DB) SearchMatches(ctx context.Context, f search.Find) (search.Matches, error) {
	var res search.Matches
	from, match, args, rank := db.searchIndex().from(f.Terms)
	where, wargs := searchWhere(f)
	args = append(args, wargs...)
	counts := search.FacetCounts{}
	var ranks []float64
	err := db.searchRows(ctx, true, `WITH m AS MATERIALIZED (
			SELECT t.id, t.kind, t.production_year AS y, t.original_language AS ol, d.facets AS fx, `+rank+` AS r
			FROM `+from+` WHERE `+match+` AND `+where+` LIMIT `+strconv.Itoa(matchCap(f))+`),
		top AS (SELECT id, kind, y, ol, r FROM m ORDER BY r, id LIMIT `+strconv.Itoa(f.Limit)+`)
		SELECT 'hit', id, kind, COALESCE(y, 0), ol, r FROM top
		UNION ALL SELECT 'facets', m.fx, m.kind, COUNT(*), COALESCE(CAST(m.y AS TEXT), ''), 0 FROM m GROUP BY m.kind, m.y, m.fx`, args,
		func(rows *sql.Rows) error {
			var row, value, kind, ol string
			var n int
			var r float64
			if err := rows.Scan(&row, &value, &kind, &n, &ol, &r); err != nil {
				return err
			}
			if row == "hit" {
				res.Top = append(res.Top, search.Candidate{ID: value, Kind: kind, Year: n, OriginalLanguage: ol, Titles: map[string]string{}})
				ranks = append(ranks, r)
				return nil
			}
			res.Total += n
			counts.Add(kind, ol, value, n)
			return nil
		})
	if err != nil {
		return res, err
	}
	res.Facets = counts.Facets()
	// UNION ALL keeps no order: sort the hits as top did.
	idx := make([]int, len(res.Top))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool {
		ra, rb := ranks[idx[a]], ranks[idx[b]]
		return ra < rb || ra == rb && res.Top[idx[a]].ID < res.Top[idx[b]].ID
	})
	top := make([]search.Candidate, len(idx))
	for i, j := range idx {
		top[i] = res.Top[j]
	}
	res.Top = top
	return res, db.searchTitles(ctx, res.Top)
}

// searchStmts keeps SQLite's prepared search statements: their text depends
// only on which filters are set and on the limits, and preparing the
// statement each time cost a tenth of a search. The limits are written into
// the text, never bound: SQLite re-prepares a statement whenever a value
// bound to its LIMIT changes, which undid the cache. (pgx keeps its own
// statement cache on PostgreSQL.)
var searchStmts sync.Map // stmtKey → *sql.Stmt

type stmtKey struct {
	db  *sql.DB
	sql string
}

// searchRows runs a search statement and calls fn on each row. On SQLite
// the statement is kept prepared when keep is set. On PostgreSQL it runs on
// a connection planning each statement for its own arguments and without
// sequential scans (searchPlans in postgres_planned.go).
func (db *DB) searchRows(ctx context.Context, keep bool, q string, args []any, fn func(*sql.Rows) error) error {
	if db.dialect != Postgres {
		return db.readRows(ctx, keep, q, args, fn)
	}
	return db.pgReadPlanned(ctx, searchPlans, q, args, fn)
}

// readRows runs a read-only statement on the reader pool and calls fn on
// each row; on SQLite through a statement kept prepared when keep is set
// (pgx keeps its own per connection).
func (db *DB) readRows(ctx context.Context, keep bool, q string, args []any, fn func(*sql.Rows) error) error {
	if !keep || db.dialect == Postgres {
		rows, err := db.reader().query(ctx, q, args...)
		if err != nil {
			return err
		}
		return scanRows(rows, fn)
	}
	key := stmtKey{db.r, q}
	st, ok := searchStmts.Load(key)
	if !ok {
		prepared, err := db.r.PrepareContext(ctx, q)
		if err != nil {
			return interpretError(err)
		}
		if st, ok = searchStmts.LoadOrStore(key, prepared); ok {
			prepared.Close()
		}
	}
	rows, err := st.(*sql.Stmt).QueryContext(ctx, args...)
	if err != nil {
		return interpretError(err)
	}
	return scanRows(rows, fn)
}

func scanRows(rows *sql.Rows, fn func(*sql.Rows) error) error {
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return interpretError(err)
		}
	}
	return interpretError(rows.Err())
}

// searchWhere is the visibility rule and the filters over titles t.
func searchWhere(f search.Find) (string, []any) {
	where, args := ReadableClause(f.Viewer)
	conds := []string{where}
	add := func(cond string, arg any) { conds = append(conds, cond); args = append(args, arg) }
	if f.Filter.Kind != "" {
		add("t.kind = ?", f.Filter.Kind)
	}
	if f.Filter.YearFrom != 0 {
		add("t.production_year >= ?", f.Filter.YearFrom)
	}
	if f.Filter.YearTo != 0 {
		add("t.production_year <= ?", f.Filter.YearTo)
	}
	if f.Filter.Genre != "" {
		add("EXISTS (SELECT 1 FROM title_genres g WHERE g.title_id = t.id AND g.genre = ?)", f.Filter.Genre)
	}
	if f.Filter.Producer != "" {
		add("EXISTS (SELECT 1 FROM title_producers x WHERE x.title_id = t.id AND x.org = ?)", f.Filter.Producer)
	}
	if f.Filter.Country != "" {
		add("EXISTS (SELECT 1 FROM title_countries x WHERE x.title_id = t.id AND x.country = ?)", f.Filter.Country)
	}
	return strings.Join(conds, " AND "), args
}

// SearchTerms returns the vocabulary terms in any of the ranges, each a
// seek into the (length, term) or (length, reversed term) index.
func (db *DB) SearchTerms(ctx context.Context, ranges []search.TermRange) ([]string, error) {
	if len(ranges) == 0 {
		return nil, nil
	}
	if db.dialect == Postgres {
		return db.pgSearchTerms(ctx, ranges)
	}
	parts := make([]string, len(ranges))
	var args []any
	for i, r := range ranges {
		col := "term"
		if r.Reversed {
			col = "rev"
		}
		// U+10FFFF sorts after every character, in bytes as in code points.
		parts[i] = `SELECT term FROM search_terms WHERE runes = ? AND ` + col + ` >= ? AND ` + col + ` < ?`
		if r.Limit > 0 {
			parts[i] = `SELECT term FROM (` + parts[i] + ` ORDER BY ` + col + ` LIMIT ` + strconv.Itoa(r.Limit) + `) r` + strconv.Itoa(i)
		}
		args = append(args, r.Runes, r.Prefix, r.Prefix+"\U0010FFFF")
	}
	return db.reader().strings(ctx, strings.Join(parts, " UNION ")+` LIMIT `+strconv.Itoa(maxTerms), args...)
}

// SearchIndexStatus reads the index's state and checks that it answers.
func (db *DB) SearchIndexStatus(ctx context.Context) (search.IndexStatus, error) {
	var st search.IndexStatus
	c := db.reader()
	if err := db.searchIndex().probe(ctx, c); err != nil {
		return st, err
	}
	rows, err := c.query(ctx, `SELECT name, value FROM search_state`)
	if err != nil {
		return st, err
	}
	defer rows.Close()
	for rows.Next() {
		var name, value string
		if err := rows.Scan(&name, &value); err != nil {
			return st, interpretError(err)
		}
		switch name {
		case "analyzer":
			st.Analyzer = value
		case "watermark":
			st.Watermark, _ = strconv.ParseInt(value, 10, 64)
		}
	}
	return st, interpretError(rows.Err())
}

// SearchIndexReset empties the index (recreating it if it is damaged or
// missing) and its vocabulary, and forgets its state.
func (db *DB) SearchIndexReset(ctx context.Context) error {
	return db.inTx(ctx, func(c conn) error {
		if err := db.searchIndex().reset(ctx, c); err != nil {
			return err
		}
		for _, q := range []string{`DELETE FROM search_terms`, `DROP INDEX IF EXISTS search_terms_runes_rev`, `DELETE FROM search_state`} {
			if _, err := c.exec(ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
}

// vocabularyRevIndex serves look-ups by the end of a word (typos, and
// suffixes). A reset drops it and a rebuild's end creates it again over the
// whole vocabulary: one sort instead of a million inserts into random
// places. In between, those look-ups scan the words of one length.
const vocabularyRevIndex = `CREATE INDEX IF NOT EXISTS search_terms_runes_rev ON search_terms (runes, rev)`

// SearchIndexComplete builds what the engine defers during a rebuild.
func (db *DB) SearchIndexComplete(ctx context.Context) error {
	if _, err := db.writer().exec(ctx, vocabularyRevIndex); err != nil {
		return err
	}
	return db.searchIndex().complete(ctx, db.writer())
}

// SearchIndexSetState records the analyzer version and watermark.
func (db *DB) SearchIndexSetState(ctx context.Context, s search.IndexStatus) error {
	return db.inTx(ctx, func(c conn) error {
		for name, value := range map[string]string{"analyzer": s.Analyzer, "watermark": strconv.FormatInt(s.Watermark, 10)} {
			if _, err := c.exec(ctx, `INSERT INTO search_state (name, value) VALUES (?, ?)
				ON CONFLICT (name) DO UPDATE SET value = excluded.value`, name, value); err != nil {
				return err
			}
		}
		return nil
	})
}

// SearchChanges reads the catalogue change log.
func (db *DB) SearchChanges(ctx context.Context, after int64, seqs []int64, limit int) ([]search.Change, error) {
	return db.changes(ctx, `catalog_changes`, `title_id`, after, seqs, limit)
}

// SearchMaxSeq returns the newest change seq.
func (db *DB) SearchMaxSeq(ctx context.Context) (int64, error) {
	return db.maxSeq(ctx, `catalog_changes`)
}

// changes reads a change log (catalog_changes or people_changes, whose
// changed record is in column id): seq > after, or the given seqs.
func (db *DB) changes(ctx context.Context, table, id string, after int64, seqs []int64, limit int) ([]search.Change, error) {
	q, args := `SELECT seq, `+id+` FROM `+table+` WHERE seq > ? ORDER BY seq LIMIT ?`, []any{after, limit}
	if len(seqs) > 0 {
		var in string
		in, args = inList(seqs)
		q = `SELECT seq, ` + id + ` FROM ` + table + ` WHERE seq IN (` + in + `) ORDER BY seq`
	}
	rows, err := db.reader().query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []search.Change
	for rows.Next() {
		var c search.Change
		if err := rows.Scan(&c.Seq, &c.ID); err != nil {
			return nil, interpretError(err)
		}
		out = append(out, c)
	}
	return out, interpretError(rows.Err())
}

func (db *DB) maxSeq(ctx context.Context, table string) (int64, error) {
	var n int64
	err := db.reader().queryRow(ctx, `SELECT COALESCE(MAX(seq), 0) FROM `+table).Scan(&n)
	return n, interpretError(err)
}

// SearchSource returns titles' versions and localized titles.
func (db *DB) SearchSource(ctx context.Context, ids []string, after string, limit int) ([]search.Source, error) {
	c := db.reader()
	const cols = `id, version, kind, COALESCE(production_year, 0), original_language, owner_org, visibility`
	q, args := `SELECT `+cols+` FROM titles WHERE id > ? ORDER BY id LIMIT ?`, []any{after, limit}
	if ids != nil {
		if len(ids) == 0 {
			return nil, nil
		}
		var in string
		in, args = inList(ids)
		q = `SELECT ` + cols + ` FROM titles WHERE id IN (` + in + `) ORDER BY id`
	}
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	var out []search.Source
	byID := map[string]int{}
	for rows.Next() {
		s := search.Source{Titles: map[string]string{}}
		a := &s.Attrs
		if err := rows.Scan(&s.ID, &s.Version, &a.Kind, &a.Year, &a.OriginalLanguage, &a.Owner, &a.Visibility); err != nil {
			rows.Close()
			return nil, interpretError(err)
		}
		byID[s.ID] = len(out)
		out = append(out, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return nil, interpretError(err)
	}
	// The side tables are read by the titles' ids, or in a rebuild by the
	// range of ids just read: 2,000 look-ups per table and batch took a
	// sixth of PostgreSQL's time in a rebuild; a range is one index scan.
	// Rows of a title created in the range meanwhile are skipped.
	cond, idArgs := sourceRange(out, ids == nil, after)
	lrows, err := c.query(ctx, `SELECT title_id, lang, title FROM title_localizations WHERE `+cond+` ORDER BY title_id, lang`, idArgs...)
	if err != nil {
		return nil, err
	}
	defer lrows.Close()
	for lrows.Next() {
		var id, lang, title string
		if err := lrows.Scan(&id, &lang, &title); err != nil {
			return nil, interpretError(err)
		}
		if i, ok := byID[id]; ok {
			out[i].Texts = append(out[i].Texts, title)
			out[i].Titles[lang] = title
		}
	}
	if err := lrows.Err(); err != nil {
		return nil, interpretError(err)
	}
	lrows.Close()
	facets, err := titleFacets(ctx, c, cond, idArgs)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Facets = facets[out[i].ID]
	}
	return out, nil
}

// sourceRange is the condition on title_id selecting the side-table rows of
// the titles in out: their ids, or with inRange the ids after after up to
// the last one of out (out is in id order then).
func sourceRange(out []search.Source, inRange bool, after string) (string, []any) {
	if inRange {
		return `title_id > ? AND title_id <= ?`, []any{after, out[len(out)-1].ID}
	}
	ids := make([]any, len(out))
	for i, s := range out {
		ids[i] = s.ID
	}
	return `title_id IN (` + placeholders(len(ids)) + `)`, ids
}

// SearchIndexWrite stores docs of titles still at their version and removes
// docs of titles that are gone, in one short transaction. It reads the
// titles' versions inside the transaction (on PostgreSQL with a key-share
// lock, which holds off a concurrent delete but not updates), so a slow
// indexer can never resurrect a deleted title or overwrite a newer version.
func (db *DB) SearchIndexWrite(ctx context.Context, docs []search.Doc, gone []string) error {
	if len(docs) == 0 && len(gone) == 0 {
		return nil
	}
	ix := db.searchIndex()
	lock := ""
	if db.dialect == Postgres {
		lock = " FOR KEY SHARE"
	}
	return db.inTx(ctx, func(c conn) error {
		ids := make([]any, 0, len(docs)+len(gone))
		for _, d := range docs {
			ids = append(ids, d.TitleID)
		}
		for _, g := range gone {
			ids = append(ids, g)
		}
		current := map[string]int64{}
		for start := 0; start < len(ids); start += 500 {
			chunk := ids[start:min(len(ids), start+500)]
			rows, err := c.query(ctx, `SELECT id, version FROM titles WHERE id IN (`+placeholders(len(chunk))+`) ORDER BY id`+lock, chunk...)
			if err != nil {
				return err
			}
			for rows.Next() {
				var id string
				var v int64
				if err := rows.Scan(&id, &v); err != nil {
					rows.Close()
					return interpretError(err)
				}
				current[id] = v
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return interpretError(err)
			}
		}
		var write []search.Doc
		var remove []string
		terms := map[string]bool{}
		for _, d := range docs {
			v, ok := current[d.TitleID]
			switch {
			case !ok:
				remove = append(remove, d.TitleID)
			case v == d.Version:
				write = append(write, d)
				for _, t := range d.Keys.Terms {
					terms[t] = true
				}
			}
			// A newer version is indexed when its own change is read.
		}
		for _, g := range gone {
			if _, ok := current[g]; !ok {
				remove = append(remove, g)
			}
		}
		if err := ix.remove(ctx, c, remove); err != nil {
			return err
		}
		if err := ix.upsert(ctx, c, write); err != nil {
			return err
		}
		return addTerms(ctx, c, terms)
	})
}

// addTerms adds words to the vocabulary, sorted (by length, then text: the
// key's order) so that concurrent indexers take row locks in the same order
// and each statement writes neighbouring keys.
func addTerms(ctx context.Context, c conn, set map[string]bool) error {
	terms := make([]string, 0, len(set))
	for t := range set {
		terms = append(terms, t)
	}
	sortTerms(terms)
	return insertTerms(ctx, c, terms)
}

// sortTerms sorts words in the vocabulary key's order: length in runes,
// then text. Each word's length is counted once, not at every comparison:
// a rebuild sorts its million words at once.
func sortTerms(terms []string) {
	type sized struct {
		runes int
		term  string
	}
	keyed := make([]sized, len(terms))
	for i, t := range terms {
		keyed[i] = sized{utf8.RuneCountInString(t), t}
	}
	slices.SortFunc(keyed, func(a, b sized) int {
		return cmp.Or(cmp.Compare(a.runes, b.runes), strings.Compare(a.term, b.term))
	})
	for i, k := range keyed {
		terms[i] = k.term
	}
}

// insertTerms writes sorted words, 500 to a statement; words already there
// are left as they are.
func insertTerms(ctx context.Context, c conn, terms []string) error {
	for start := 0; start < len(terms); start += 500 {
		chunk := terms[start:min(len(terms), start+500)]
		args := make([]any, 0, 3*len(chunk))
		for _, t := range chunk {
			args = append(args, t, search.ReverseKey(t), utf8.RuneCountInString(t))
		}
		values := strings.TrimSuffix(strings.Repeat("(?, ?, ?), ", len(chunk)), ", ")
		if _, err := c.exec(ctx, `INSERT INTO search_terms (term, rev, runes) VALUES `+values+` ON CONFLICT (runes, term) DO NOTHING`, args...); err != nil {
			return err
		}
	}
	return nil
}

// vocabularyTxTerms bounds the words one transaction of SearchVocabularyAdd
// writes, so other writers wait for the lock a moment only (SQLite).
const vocabularyTxTerms = 5000

// SearchVocabularyAdd adds a rebuild's words to the vocabulary at its end,
// in the key's order: appended to the end of the key's B-tree one after
// another, a million words cost a fraction of what the same words cost
// written batch by batch into random places (a fifth of a SQLite rebuild's
// CPU at a million titles with their people).
func (db *DB) SearchVocabularyAdd(ctx context.Context, terms []string) error {
	sortTerms(terms)
	for start := 0; start < len(terms); start += vocabularyTxTerms {
		chunk := terms[start:min(len(terms), start+vocabularyTxTerms)]
		if err := db.inTx(ctx, func(c conn) error { return insertTerms(ctx, c, chunk) }); err != nil {
			return err
		}
	}
	return nil
}

// SearchIndexBytes returns the space the index takes (for benchmarks): on
// SQLite the database file's pages in use, on PostgreSQL the index tables.
func (db *DB) SearchIndexBytes(ctx context.Context) (int64, error) {
	var n int64
	q := `SELECT (SELECT page_count FROM pragma_page_count()) * (SELECT page_size FROM pragma_page_size())
		- (SELECT freelist_count FROM pragma_freelist_count()) * (SELECT page_size FROM pragma_page_size())`
	if db.dialect == Postgres {
		q = `SELECT pg_total_relation_size('search_docs') + pg_total_relation_size('search_terms')`
	}
	err := db.reader().queryRow(ctx, q).Scan(&n)
	return n, interpretError(err)
}

// booleanExpr renders terms as a full-text query in an engine's syntax:
// every term, by any of its alternatives, each alternative needing all its
// keys, each key quoted by quote.
func booleanExpr(terms [][]search.Alt, and, or string, quote func(string) string) string {
	var b strings.Builder
	for i, alts := range terms {
		if i > 0 {
			b.WriteString(and)
		}
		b.WriteByte('(')
		for j, a := range alts {
			if j > 0 {
				b.WriteString(or)
			}
			b.WriteByte('(')
			for k, key := range a.Keys {
				if k > 0 {
					b.WriteString(and)
				}
				b.WriteString(quote(key))
			}
			b.WriteByte(')')
		}
		b.WriteByte(')')
	}
	return b.String()
}
