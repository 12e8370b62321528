package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/silkbridge/silkbridge/internal/audit"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/webhook"
)

var _ catalog.Store = (*DB)(nil)

// TitleCreate stores a new title and logs the change.
func (db *DB) TitleCreate(ctx context.Context, t *catalog.Title) error {
	return db.inTx(ctx, func(c conn) error {
		if err := insertTitle(ctx, c, t); err != nil {
			return err
		}
		return recordAudit(ctx, c, t.Owner, "title.created", "title", t.ID, audit.Diff(nil, stripDisplay(t)))
	})
}

func insertTitle(ctx context.Context, c conn, t *catalog.Title) error {
	doc, err := titleDoc(t)
	if err != nil {
		return err
	}
	_, err = c.exec(ctx, `INSERT INTO titles (id, owner_org, kind, parent_id, visibility, original_language,
		production_year, version, doc, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		t.ID, t.Owner, string(t.Kind), nullString(t.ParentID), string(t.Visibility), t.OriginalLanguage,
		nullInt(t.ProductionYear), t.Version, doc, fmtTime(t.CreatedAt), fmtTime(t.UpdatedAt))
	if apperr.Is(err, apperr.Conflict) {
		return apperr.New(apperr.Conflict, "title %q already exists", t.ID)
	}
	if err != nil {
		return err
	}
	return writeTitleSideTables(ctx, c, t)
}

// TitleUpdate replaces a title whose stored version is t.Version-1.
func (db *DB) TitleUpdate(ctx context.Context, t *catalog.Title) error {
	return db.inTx(ctx, func(c conn) error {
		if err := updateTitle(ctx, c, t, "title.updated"); err != nil {
			return err
		}
		return db.publish(ctx, c, webhook.Event{Type: "title.updated", TitleID: t.ID, At: t.UpdatedAt,
			Data: map[string]any{"id": t.ID, "owner": t.Owner, "version": t.Version}})
	})
}

func updateTitle(ctx context.Context, c conn, t *catalog.Title, action string) error {
	doc, err := titleDoc(t)
	if err != nil {
		return err
	}
	before, err := scanTitle(c.queryRow(ctx, `SELECT doc, version FROM titles WHERE id = ?`, t.ID))
	if apperr.Is(err, apperr.NotFound) {
		return apperr.New(apperr.NotFound, "title %q not found", t.ID)
	}
	if err != nil {
		return err
	}
	res, err := c.exec(ctx, `UPDATE titles SET kind = ?, parent_id = ?, visibility = ?, original_language = ?,
		production_year = ?, version = ?, doc = ?, updated_at = ? WHERE id = ? AND version = ?`,
		string(t.Kind), nullString(t.ParentID), string(t.Visibility), t.OriginalLanguage, nullInt(t.ProductionYear),
		t.Version, doc, fmtTime(t.UpdatedAt), t.ID, t.Version-1)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return staleOrMissing(ctx, c, t.ID)
	}
	for _, table := range titleSideTables {
		if _, err := c.exec(ctx, `DELETE FROM `+table+` WHERE title_id = ?`, t.ID); err != nil {
			return err
		}
	}
	if err := writeTitleSideTables(ctx, c, t); err != nil {
		return err
	}
	return recordAudit(ctx, c, t.Owner, action, "title", t.ID, audit.Diff(stripDisplay(before), stripDisplay(t)))
}

// stripDisplay returns the stored part of a title, for audit diffs.
func stripDisplay(t *catalog.Title) *catalog.Title {
	c := *t
	c.DisplayLanguage, c.DisplayTitle = "", ""
	c.UpdatedAt = time.Time{}
	return &c
}

func staleOrMissing(ctx context.Context, c conn, id string) error {
	var v int64
	err := c.queryRow(ctx, `SELECT version FROM titles WHERE id = ?`, id).Scan(&v)
	if err == sql.ErrNoRows {
		return apperr.New(apperr.NotFound, "title %q not found", id)
	}
	if err != nil {
		return interpretError(err)
	}
	return apperr.New(apperr.PreconditionFailed, "title %q has changed (now %s)", id, catalog.ETag(v))
}

var titleSideTables = []string{"title_localizations", "title_producers", "title_genres", "title_countries", "title_identifiers", "title_sort_keys"}

func writeTitleSideTables(ctx context.Context, c conn, t *catalog.Title) error {
	ins := func(q string, args ...any) error { _, err := c.exec(ctx, q, args...); return err }
	for lang, l := range t.Localizations {
		sortTitle := l.SortTitle
		if sortTitle == "" {
			sortTitle = l.Title
		}
		if err := ins(`INSERT INTO title_localizations (title_id, lang, title, sort_title) VALUES (?, ?, ?, ?)`, t.ID, lang, l.Title, sortTitle); err != nil {
			return err
		}
	}
	for _, p := range t.Producers {
		if err := ins(`INSERT INTO title_producers (title_id, org) VALUES (?, ?)`, t.ID, p); err != nil {
			if apperr.Is(err, apperr.Conflict) {
				return (apperr.Fields{{Field: "producers", Message: fmt.Sprintf("unknown organisation %q", p)}}).Err()
			}
			return err
		}
	}
	for _, g := range t.Genres {
		if err := ins(`INSERT INTO title_genres (title_id, genre) VALUES (?, ?)`, t.ID, g); err != nil {
			return err
		}
	}
	for _, cc := range t.Countries {
		if err := ins(`INSERT INTO title_countries (title_id, country) VALUES (?, ?)`, t.ID, cc); err != nil {
			return err
		}
	}
	for _, id := range identifierRows(t.Identifiers) {
		if err := ins(`INSERT INTO title_identifiers (title_id, scheme, value) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, t.ID, id[0], id[1]); err != nil {
			return err
		}
	}
	if err := writeTitleSortKeys(ctx, c, t); err != nil {
		return err
	}
	return logChange(ctx, c, t.ID, "upsert", t.UpdatedAt.UTC().Format(timeLayout))
}

func identifierRows(ids catalog.Identifiers) [][2]string {
	var out [][2]string
	for scheme, v := range map[string]string{"eidr": ids.EIDR, "isan": ids.ISAN, "imdb": ids.IMDb} {
		if v != "" {
			out = append(out, [2]string{scheme, v})
		}
	}
	for _, a := range ids.Alt {
		out = append(out, [2]string{"alt:" + a.Scheme, a.Value})
	}
	return out
}

func logChange(ctx context.Context, c conn, id, op, at string) error {
	_, err := c.exec(ctx, `INSERT INTO catalog_changes (title_id, op, changed_at) VALUES (?, ?, ?)`, id, op, at)
	return err
}

// TitleGet returns one title.
func (db *DB) TitleGet(ctx context.Context, id string) (*catalog.Title, error) {
	t, err := scanTitle(db.reader().queryRow(ctx, `SELECT doc, version FROM titles WHERE id = ?`, id))
	if apperr.Is(err, apperr.NotFound) {
		return nil, apperr.New(apperr.NotFound, "title %q not found", id)
	}
	return t, err
}

// TitleDelete deletes a title at version.
func (db *DB) TitleDelete(ctx context.Context, id string, version int64) error {
	return db.inTx(ctx, func(c conn) error {
		var children int
		if err := c.queryRow(ctx, `SELECT COUNT(*) FROM titles WHERE parent_id = ?`, id).Scan(&children); err != nil {
			return interpretError(err)
		}
		if children > 0 {
			return apperr.New(apperr.Conflict, "title %q still has %d seasons or episodes; delete them first", id, children)
		}
		var owner string
		if err := c.queryRow(ctx, `SELECT owner_org FROM titles WHERE id = ?`, id).Scan(&owner); err != nil {
			return interpretError(err)
		}
		res, err := c.exec(ctx, `DELETE FROM titles WHERE id = ? AND version = ?`, id, version)
		if apperr.Is(err, apperr.Conflict) {
			return apperr.New(apperr.Conflict, "title %q is still referred to by other records (rights, requests)", id)
		}
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return staleOrMissing(ctx, c, id)
		}
		if err := logChange(ctx, c, id, "delete", fmtTimeNow()); err != nil {
			return err
		}
		return recordAudit(ctx, c, owner, "title.deleted", "title", id, nil)
	})
}

// readableByViewer is the SQL twin of catalog.CanRead; the contract suite
// checks that both agree. It takes the viewer four times.
const readableByViewer = `(t.owner_org = ? OR t.visibility = 'public'
	OR EXISTS (SELECT 1 FROM title_producers tp WHERE tp.title_id = t.id AND tp.org = ?)
	OR (t.visibility = 'partners' AND EXISTS (SELECT 1 FROM partnerships p WHERE p.org = t.owner_org AND p.partner = ?)))`

// ReadableClause returns the visibility predicate over titles aliased "t" and
// its arguments, for other stores (search, rights) that list titles.
func ReadableClause(viewer string) (string, []any) {
	return readableByViewer, []any{viewer, viewer, viewer}
}

// TitleList returns a page of titles readable by p.Viewer, in p.Sort's order
// (keyset paging: rows strictly after p.After or p.From).
func (db *DB) TitleList(ctx context.Context, p catalog.ListParams) ([]*catalog.Title, bool, error) {
	if p.Sort == catalog.SortTitle || p.Sort == catalog.SortYear {
		return db.titleListSorted(ctx, p)
	}
	from, order := "", "t.id"
	var posArgs []any
	switch p.Sort {
	case catalog.SortChanged:
		order = "t.updated_at DESC, t.id DESC"
		if p.From != nil {
			at := fmtTime(p.From.Changed)
			from, posArgs = "(t.updated_at < ? OR (t.updated_at = ? AND t.id < ?))", []any{at, at, p.From.ID}
		}
	default:
		if p.After != "" {
			from, posArgs = "t.id > ?", []any{p.After}
		}
	}
	conds, args := titleFilter(p)
	if from != "" {
		conds = append(conds, from)
		args = append(args, posArgs...)
	}
	out, err := queryTitles(ctx, db.reader(), `SELECT t.doc, t.version FROM titles t WHERE `+strings.Join(conds, " AND ")+
		` ORDER BY `+order+` LIMIT ?`, append(args, p.Limit+1)...)
	if err != nil {
		return nil, false, err
	}
	more := len(out) > p.Limit
	if more {
		out = out[:p.Limit]
	}
	return out, more, nil
}

// titleListSorted lists titles by their sort key in p.SortLang (newest
// first, then by key, for SortYear). While the fill job has not given every
// title its keys (title_sort.go), the titles lacking a key in p.SortLang
// follow the keyed ones by id, in either order (a walk of the primary key
// that stops at the page's end, where ordering them by year would sort every
// one on every page): a second query, run only when the first does not fill
// the page. A cursor whose title still lacks its key is a position among
// those.
func (db *DB) titleListSorted(ctx context.Context, p catalog.ListParams) ([]*catalog.Title, bool, error) {
	r := db.reader()
	year := p.Sort == catalog.SortYear
	missing, err := db.sortKeysMissing(ctx)
	if err != nil {
		return nil, false, err
	}
	keyed := true
	if missing && p.From != nil {
		var one int
		err := r.queryRow(ctx, `SELECT 1 FROM titles t WHERE t.id = ?
			AND NOT EXISTS (SELECT 1 FROM title_sort_keys k WHERE k.title_id = t.id AND k.lang = ?)`, p.From.ID, p.SortLang).Scan(&one)
		switch {
		case err == nil:
			keyed = false
		case !errors.Is(err, sql.ErrNoRows):
			return nil, false, interpretError(err)
		}
	}
	var out []*catalog.Title
	if keyed {
		conds, args := titleFilter(p)
		order := "k.sort_key, t.id"
		if p.From != nil {
			from, posArgs := "(k.sort_key > ? OR (k.sort_key = ? AND t.id > ?))", []any{p.From.Key, p.From.Key, p.From.ID}
			if year {
				y := p.From.Year
				from = "(COALESCE(t.production_year, 0) < ? OR (COALESCE(t.production_year, 0) = ? AND " + from + "))"
				posArgs = append([]any{y, y}, posArgs...)
			}
			conds, args = append(conds, from), append(args, posArgs...)
		}
		if year {
			order = "COALESCE(t.production_year, 0) DESC, " + order
		}
		out, err = queryTitles(ctx, r, `SELECT t.doc, t.version FROM titles t
			JOIN title_sort_keys k ON k.title_id = t.id AND k.lang = ? WHERE `+strings.Join(conds, " AND ")+
			` ORDER BY `+order+` LIMIT ?`, append(append([]any{p.SortLang}, args...), p.Limit+1)...)
		if err != nil {
			return nil, false, err
		}
		if len(out) > p.Limit {
			return out[:p.Limit], true, nil
		}
	}
	if !missing {
		return out, false, nil
	}
	conds, args := titleFilter(p)
	conds = append(conds, "NOT EXISTS (SELECT 1 FROM title_sort_keys k WHERE k.title_id = t.id AND k.lang = ?)")
	args = append(args, p.SortLang)
	if !keyed {
		conds = append(conds, "t.id > ?")
		args = append(args, p.From.ID)
	}
	rest, err := queryTitles(ctx, r, `SELECT t.doc, t.version FROM titles t WHERE `+strings.Join(conds, " AND ")+
		` ORDER BY t.id LIMIT ?`, append(args, p.Limit+1-len(out))...)
	if err != nil {
		return nil, false, err
	}
	out = append(out, rest...)
	if len(out) > p.Limit {
		return out[:p.Limit], true, nil
	}
	return out, false, nil
}

func queryTitles(ctx context.Context, c conn, query string, args ...any) ([]*catalog.Title, error) {
	rows, err := c.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*catalog.Title
	for rows.Next() {
		t, err := scanTitle(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// TitleCount returns how many titles readable by p.Viewer match p's filters.
func (db *DB) TitleCount(ctx context.Context, p catalog.ListParams) (int, error) {
	conds, args := titleFilter(p)
	var n int
	err := db.reader().queryRow(ctx, `SELECT COUNT(*) FROM titles t WHERE `+strings.Join(conds, " AND "), args...).Scan(&n)
	return n, interpretError(err)
}

// titleFilter returns the conditions (over titles aliased "t") and arguments
// of a listing's visibility and filters.
func titleFilter(p catalog.ListParams) ([]string, []any) {
	where, args := ReadableClause(p.Viewer)
	conds := []string{where}
	add := func(cond string, arg any) { conds = append(conds, cond); args = append(args, arg) }
	if p.Kind != "" {
		add("t.kind = ?", string(p.Kind))
	}
	if p.Year != 0 {
		add("t.production_year = ?", p.Year)
	}
	if p.Owner != "" {
		add("t.owner_org = ?", p.Owner)
	}
	if p.ParentID != "" {
		add("t.parent_id = ?", p.ParentID)
	}
	if p.Producer != "" {
		add("EXISTS (SELECT 1 FROM title_producers x WHERE x.title_id = t.id AND x.org = ?)", p.Producer)
	}
	if p.Genre != "" {
		add("EXISTS (SELECT 1 FROM title_genres g WHERE g.title_id = t.id AND g.genre = ?)", p.Genre)
	}
	if p.Country != "" {
		add("EXISTS (SELECT 1 FROM title_countries c WHERE c.title_id = t.id AND c.country = ?)", p.Country)
	}
	return conds, args
}

// TitleImport creates or replaces every title in one transaction: either all
// are stored or none.
func (db *DB) TitleImport(ctx context.Context, titles []*catalog.Title) error {
	return db.inTx(ctx, func(c conn) error {
		for i, t := range titles {
			var err error
			if t.Version > 1 {
				err = updateTitle(ctx, c, t, "title.imported")
			} else if err = insertTitle(ctx, c, t); err == nil {
				err = recordAudit(ctx, c, t.Owner, "title.imported", "title", t.ID, audit.Diff(nil, stripDisplay(t)))
			}
			if err != nil {
				return fmt.Errorf("title %d (%s): %w", i+1, t.ID, err)
			}
		}
		return nil
	})
}

func titleDoc(t *catalog.Title) (string, error) {
	stored := *t
	stored.DisplayLanguage, stored.DisplayTitle = "", ""
	b, err := json.Marshal(&stored)
	return string(b), err
}

func scanTitle(s scanner) (*catalog.Title, error) {
	var doc string
	var version int64
	if err := s.Scan(&doc, &version); err != nil {
		return nil, interpretError(err)
	}
	var t catalog.Title
	if err := decodeDoc(doc, &t); err != nil {
		return nil, fmt.Errorf("decode title: %w", err)
	}
	t.Version = version
	return &t, nil
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullInt(n int) any {
	if n == 0 {
		return nil
	}
	return n
}
