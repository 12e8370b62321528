package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"hash/fnv"
	"slices"
	"strings"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/audit"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/webhook"
)

var _ rights.Store = (*DB)(nil)

// RightsFamily loads the rights family of one title, with the dated events
// of its titles (a licence checked against it is settled as a change would
// settle it: a request waiting on an event already dated is grantable).
func (db *DB) RightsFamily(ctx context.Context, titleID string) (*rights.Family, error) {
	c := db.reader()
	fams, err := loadFamilies(ctx, c, nil, []string{titleID}, false)
	if err != nil {
		return nil, err
	}
	f := fams[0]
	ids := make([]any, 0, len(f.Parent))
	for id := range f.Parent {
		ids = append(ids, id)
	}
	if f.Dated, err = datedEvents(ctx, c, ids); err != nil {
		return nil, err
	}
	return f, nil
}

// RightsFamilies loads the families of several titles with a fixed number of queries.
func (db *DB) RightsFamilies(ctx context.Context, ids []string) ([]*rights.Family, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	return db.familiesRead(ctx, nil, ids, nil)
}

// familiesRead loads families to read, without the rights lock. On
// PostgreSQL the connection has no parallel workers (noParallelWorkers),
// which the planner would start for a series' forty episodes' records.
//
// Many titles' families are read as two halves at once, on two reader
// connections: reading and decoding records is most of a catalogue page's
// time and takes one core, while the reads need no common snapshot (a
// page's parts are read at different moments anyway). A half repeats the
// records of an ancestor the other half shares, a few of the page's
// hundreds.
func (db *DB) familiesRead(ctx context.Context, viewer *string, ids []string, scope *rights.Scope) ([]*rights.Family, error) {
	if len(ids) < familiesInHalves {
		return loadScopedFamilies(ctx, db.reader(), viewer, ids, false, scope)
	}
	half := len(ids) / 2
	var first, second []*rights.Family
	err := atOnce(func() (err error) {
		first, err = loadScopedFamilies(ctx, db.reader(), viewer, ids[:half], false, scope)
		return err
	}, func() (err error) {
		second, err = loadScopedFamilies(ctx, db.reader(), viewer, ids[half:], false, scope)
		return err
	})
	if err != nil {
		return nil, err
	}
	return append(first, second...), nil
}

// atOnce runs a and b at the same time, b on another goroutine, and returns
// a's error, or else b's.
func atOnce(a, b func() error) error {
	done := make(chan error, 1)
	go func() { done <- b() }()
	errA := a()
	if errB := <-done; errA == nil {
		return errB
	}
	return errA
}

// familiesInHalves is the number of titles from which familiesRead reads two
// halves at once: a catalogue page's parts (16 titles or more, usually about
// 60); a single title or a short list is read whole, where a second pair of
// statements would cost about what it saves.
const familiesInHalves = 24

// RightsFamiliesFor is RightsFamilies for a viewer, checking in the same
// queries that the viewer may read each title (nil where not, or where the
// title does not exist), so a single-title question costs two statements.
func (db *DB) RightsFamiliesFor(ctx context.Context, viewer string, ids []string) ([]*rights.Family, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	return db.familiesRead(ctx, &viewer, ids, nil)
}

// RightsChange runs fn over the title's family under the family's lock and writes its change.
func (db *DB) RightsChange(ctx context.Context, titleID string, fn func(f *rights.Family) (*rights.Change, error)) error {
	return db.inTx(ctx, func(c conn) error { return db.rightsChangeTx(ctx, c, titleID, fn) })
}

// rightsChangeTx is RightsChange inside a transaction the caller owns, so
// other stores (licensing: accept a request and record its licence) can
// combine it with their own writes.
func (db *DB) rightsChangeTx(ctx context.Context, c conn, titleID string, fn func(f *rights.Family) (*rights.Change, error)) error {
	if err := lockRights(ctx, c, titleID); err != nil {
		return err
	}
	fams, err := loadFamilies(ctx, c, nil, []string{titleID}, true)
	if err != nil {
		return err
	}
	ch, err := fn(fams[0])
	if err != nil {
		return err
	}
	return db.applyChange(ctx, c, fams[0], ch)
}

// lockRights serialises rights changes within one title hierarchy (a series
// with its seasons and episodes), since a licence on an episode can clash with
// one on its series. SQLite write transactions are serialised already (BEGIN
// IMMEDIATE on the single writer connection); PostgreSQL takes a transaction
// advisory lock on the hierarchy's root, so a check and the insert it allows
// cannot interleave with another's.
func lockRights(ctx context.Context, c conn, titleID string) error {
	root, err := rootOf(ctx, c, titleID)
	if err != nil {
		return err
	}
	return lockRoot(ctx, c, root)
}

// lockRoot takes the rights lock of the hierarchy whose root is root (an
// import, which knows its roots already, locks them so).
func lockRoot(ctx context.Context, c conn, root string) error {
	if c.d != Postgres {
		return nil
	}
	h := fnv.New64a()
	h.Write([]byte("rights:" + root))
	_, err := c.exec(ctx, `SELECT pg_advisory_xact_lock(?)`, int64(h.Sum64()))
	return err
}

func rootOf(ctx context.Context, c conn, id string) (string, error) {
	cur := id
	for depth := 0; depth < 10; depth++ {
		var parent *string
		if err := c.queryRow(ctx, `SELECT parent_id FROM titles WHERE id = ?`, cur).Scan(&parent); err != nil {
			if apperr.Is(interpretError(err), apperr.NotFound) {
				return "", apperr.New(apperr.NotFound, "title %q not found", id)
			}
			return "", interpretError(err)
		}
		if parent == nil {
			return cur, nil
		}
		cur = *parent
	}
	return cur, nil
}

// loadFamilies reads the hierarchy around each title and every record on
// it: one statement for the titles with their parents and grandparents (and,
// given a viewer, whether it may read each) and their children and
// grandchildren, and one statement for the holdings and licences of all of
// it.
// Given a viewer, unreadable or missing titles get a nil family; without one
// they are NotFound.
//
// Unless full, holdings are read for the titles' chains only: a holding on
// an episode never bears on its series' availability, and a series' family
// holds every episode's records. Only a change needs them all (removing a
// series' holding asks whether each episode's licences stay covered).
func loadFamilies(ctx context.Context, c conn, viewer *string, ids []string, full bool) ([]*rights.Family, error) {
	return loadScopedFamilies(ctx, c, viewer, ids, full, nil)
}

// loadScopedFamilies is loadFamilies; given a scope (and not full), the
// licences of titles outside the asked titles' chains are narrowed to it
// (rights_scope.go).
func loadScopedFamilies(ctx context.Context, c conn, viewer *string, ids []string, full bool, scope *rights.Scope) ([]*rights.Family, error) {
	parent := map[string]string{}
	containers := map[string]bool{} // series and seasons: the only titles with children
	note := func(id string, p *string, kind string) {
		if kind == string(catalog.KindSeries) || kind == string(catalog.KindSeason) {
			containers[id] = true
		}
		parent[id] = ""
		if p != nil {
			parent[id] = *p
		}
	}
	readable := "1"
	var args []any
	if viewer != nil {
		var rargs []any
		readable, rargs = ReadableClause(*viewer)
		readable = "CASE WHEN " + readable + " THEN 1 ELSE 0 END"
		args = append(args, rargs...)
	}
	in, idArgs := inList(ids)
	args = append(append(append(args, idArgs...), idArgs...), idArgs...)
	// Hierarchies are at most series > season > episode, so two joins reach
	// the root and two levels below hold every descendant: the asked titles
	// with their ancestors (depth 0), their children (1) and grandchildren
	// (2) come in one statement, so a question on a series is two round
	// trips (this and the records) instead of four. Deeper (bad) data is
	// walked further below. Films and episodes, most titles, cost one index
	// seek each in the lower branches.
	rows, err := c.query(ctx, `SELECT 0, t.id, t.parent_id, t.kind, p.id, p.parent_id, p.kind, g.id, g.parent_id, g.kind, `+readable+`
		FROM titles t LEFT JOIN titles p ON p.id = t.parent_id LEFT JOIN titles g ON g.id = p.parent_id
		WHERE t.id IN (`+in+`)
		UNION ALL SELECT 1, c.id, c.parent_id, c.kind, NULL, NULL, NULL, NULL, NULL, NULL, 0
		FROM titles c WHERE c.parent_id IN (`+in+`)
		UNION ALL SELECT 2, c.id, c.parent_id, c.kind, NULL, NULL, NULL, NULL, NULL, NULL, 0
		FROM titles m JOIN titles c ON c.parent_id = m.id WHERE m.parent_id IN (`+in+`)`, args...)
	if err != nil {
		return nil, err
	}
	canRead := map[string]bool{}
	var up []string
	type child struct{ id, parent, kind string }
	var below [3][]child
	for rows.Next() {
		var depth int
		var id, kind string
		var tp, pid, pp, pk, gid, gp, gk *string
		var ok int
		if err := rows.Scan(&depth, &id, &tp, &kind, &pid, &pp, &pk, &gid, &gp, &gk, &ok); err != nil {
			rows.Close()
			return nil, err
		}
		if depth > 0 {
			below[depth] = append(below[depth], child{id, *tp, kind})
			continue
		}
		canRead[id] = ok == 1
		note(id, tp, kind)
		if pid != nil {
			note(*pid, pp, *pk)
		}
		if gid != nil {
			note(*gid, gp, *gk)
			if gp != nil {
				up = append(up, *gp)
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// level reads the titles whose column (id or parent_id) is in keys.
	level := func(col string, keys []string) ([]child, error) {
		in, args := inList(keys)
		rows, err := c.query(ctx, `SELECT id, parent_id, kind FROM titles WHERE `+col+` IN (`+in+`)`, args...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var found []child
		for rows.Next() {
			var ch child
			var p *string
			if err := rows.Scan(&ch.id, &p, &ch.kind); err != nil {
				return nil, err
			}
			if p != nil {
				ch.parent = *p
			}
			found = append(found, ch)
		}
		return found, rows.Err()
	}
	for depth := 0; len(up) > 0 && depth < 10; depth++ {
		found, err := level("id", up)
		if err != nil {
			return nil, err
		}
		up = up[:0:0]
		for _, t := range found {
			if _, seen := parent[t.id]; seen {
				continue
			}
			p := &t.parent
			if t.parent == "" {
				p = nil
			}
			note(t.id, p, t.kind)
			if t.parent != "" {
				if _, seen := parent[t.parent]; !seen {
					up = append(up, t.parent)
				}
			}
		}
	}
	// Walk down from the series and seasons asked that the viewer may read
	// (films and episodes keep no children, whatever bad data says), and
	// from every series and season below them: the first two levels came
	// with the statement above. A title already known (as the parent of
	// another asked title) is still walked down from, or a series asked
	// beside an episode of its second season would miss that season's other
	// episodes.
	expanded := map[string]bool{}
	var frontier []string
	for _, id := range ids {
		if containers[id] && (viewer == nil || canRead[id]) && !expanded[id] {
			expanded[id] = true
			frontier = append(frontier, id)
		}
	}
	// take notes a child of a title being walked down from and says whether
	// to walk down from it next.
	take := func(ch child) bool {
		if _, seen := parent[ch.id]; !seen {
			note(ch.id, &ch.parent, ch.kind)
		}
		if containers[ch.id] && !expanded[ch.id] {
			expanded[ch.id] = true
			return true
		}
		return false
	}
	for depth := 0; len(frontier) > 0 && depth < 10; depth++ {
		var lvl []child
		if depth < 2 {
			lvl = below[depth+1]
		} else if lvl, err = level("parent_id", frontier); err != nil {
			return nil, err
		}
		from := make(map[string]bool, len(frontier))
		for _, id := range frontier {
			from[id] = true
		}
		frontier = frontier[:0:0]
		for _, ch := range lvl {
			if from[ch.parent] && take(ch) {
				frontier = append(frontier, ch.id)
			}
		}
	}
	for _, id := range ids {
		if _, ok := parent[id]; !ok && viewer == nil {
			return nil, apperr.New(apperr.NotFound, "title %q not found", id)
		}
	}
	related := make([]any, 0, len(parent))
	for id := range parent {
		related = append(related, id)
	}
	held := related
	if !full {
		inChain := map[string]bool{}
		held = nil
		for _, id := range ids {
			for x := id; x != "" && !inChain[x]; x = parent[x] {
				if _, known := parent[x]; !known {
					break
				}
				inChain[x] = true
				held = append(held, x)
			}
		}
	}
	var holdings []*rights.Holding
	var licences []*rights.Licence
	if scope != nil && !full {
		holdings, licences, err = queryScopedRecords(ctx, c, held, related, scope)
	} else {
		holdings, licences, err = queryRecords(ctx, c, held, related, full)
	}
	if err != nil {
		return nil, err
	}
	var keepers map[string][]string
	var dated []*rights.ConditionDate
	if full {
		if keepers, err = keepersOf(ctx, c, ids); err != nil {
			return nil, err
		}
		if dated, err = datedEvents(ctx, c, related); err != nil {
			return nil, err
		}
	}
	return splitFamilies(ids, parent, canRead, viewer != nil, holdings, licences, keepers, dated), nil
}

// membersRecords returns the records of the members' titles (at lists each
// title's indexes into records) in the statement's order (by title, then
// id), nil when there are none; scratch is reused and returned for reuse.
func membersRecords[R any](members []string, at map[string][]int, records []R, scratch []int) ([]R, []int) {
	scratch = scratch[:0]
	for _, t := range members {
		scratch = append(scratch, at[t]...)
	}
	slices.Sort(scratch)
	if len(scratch) == 0 {
		return nil, scratch
	}
	out := make([]R, len(scratch))
	for j, k := range scratch {
		out[j] = records[k]
	}
	return out, scratch
}

// splitFamilies hands each asked title its family: its chain and its
// descendants, with their records in the order the statement read them. A
// catalogue page asks for a hundred titles whose hierarchies hold a thousand
// records; the records are indexed by title once, and each family visits only
// its own titles, so the work grows with the families' sizes rather than with
// titles times records.
func splitFamilies(ids []string, parent map[string]string, canRead map[string]bool, checkRead bool,
	holdings []*rights.Holding, licences []*rights.Licence, keepers map[string][]string, dated []*rights.ConditionDate) []*rights.Family {
	hAt := make(map[string][]int, len(parent))
	for i, h := range holdings {
		hAt[h.TitleID] = append(hAt[h.TitleID], i)
	}
	lAt := make(map[string][]int, len(parent))
	for i, l := range licences {
		lAt[l.TitleID] = append(lAt[l.TitleID], i)
	}
	children := make(map[string][]string, len(parent))
	for t, p := range parent {
		if p != "" {
			children[p] = append(children[p], t)
		}
	}
	out := make([]*rights.Family, len(ids))
	var members []string
	var at []int
	for i, id := range ids {
		if _, ok := parent[id]; !ok || (checkRead && !canRead[id]) {
			continue
		}
		f := &rights.Family{TitleID: id, Keepers: keepers[id]}
		members = members[:0]
		if len(ids) == 1 {
			f.Parent = parent
			for t := range parent {
				members = append(members, t)
			}
		} else {
			// The title's chain, then its descendants.
			f.Parent = map[string]string{}
			for x := id; x != ""; x = parent[x] {
				p, known := parent[x]
				if _, seen := f.Parent[x]; !known || seen {
					break
				}
				f.Parent[x] = p
				members = append(members, x)
			}
			below := []string{id}
			for len(below) > 0 {
				t := below[len(below)-1]
				below = below[:len(below)-1]
				for _, c := range children[t] {
					if _, seen := f.Parent[c]; !seen {
						f.Parent[c] = parent[c]
						members = append(members, c)
						below = append(below, c)
					}
				}
			}
		}
		f.Holdings, at = membersRecords(members, hAt, holdings, at)
		f.Licences, at = membersRecords(members, lAt, licences, at)
		for _, d := range dated {
			if _, ok := f.Parent[d.TitleID]; ok {
				f.Dated = append(f.Dated, d)
			}
		}
		out[i] = f
	}
	return out
}

// queryRecords reads the holdings on the titles of held and the licences on
// those of licensed in one statement, each by title then id. Claims (holdings
// not confirmed) are read only withClaims: they count for nothing, and a
// change deciding or replacing one needs them.
func queryRecords(ctx context.Context, c conn, held, licensed []any, withClaims bool) ([]*rights.Holding, []*rights.Licence, error) {
	if len(held) == 0 {
		held = []any{""} // no title has an empty id; IN () is not SQL
	}
	confirmedOnly := ` AND status = 'confirmed'`
	if withClaims {
		confirmedOnly = ""
	}
	inHeld, heldArgs := inList(held)
	inLicensed, licensedArgs := inList(licensed)
	rows, err := c.query(ctx, `SELECT 'h', id, title_id, holder, '', doc, avail_id, status, created_at, created_by, status_reason
			FROM holdings WHERE title_id IN (`+inHeld+`)`+confirmedOnly+`
		UNION ALL SELECT 'l', id, title_id, licensor, licensee, doc, avail_id, source, created_at, created_by, NULL
			FROM licences WHERE title_id IN (`+inLicensed+`)
		ORDER BY 3, 2`, append(heldArgs, licensedArgs...)...)
	if err != nil {
		return nil, nil, err
	}
	return scanRecords(rows)
}

// scanRecords reads the rows of queryRecords' statement.
func scanRecords(rows *sql.Rows) ([]*rights.Holding, []*rights.Licence, error) {
	defer rows.Close()
	var hs []*rights.Holding
	var ls []*rights.Licence
	for rows.Next() {
		var kind, id, title, org, licensee, doc, source, created, by string
		var avail, reason *string
		if err := rows.Scan(&kind, &id, &title, &org, &licensee, &doc, &avail, &source, &created, &by, &reason); err != nil {
			return nil, nil, err
		}
		if kind == "h" {
			// source holds the holding's status.
			h := &rights.Holding{ID: id, TitleID: title, Holder: org, CreatedAt: parseTime(created), CreatedBy: by,
				Status: rights.HoldingStatus(source)}
			if reason != nil {
				h.StatusReason = *reason
			}
			if avail != nil {
				h.AvailID = *avail
			}
			if err := h.SetStoredTerms(doc); err != nil {
				return nil, nil, err
			}
			hs = append(hs, h)
			continue
		}
		l := &rights.Licence{ID: id, TitleID: title, Licensor: org, Licensee: licensee, Source: source,
			CreatedAt: parseTime(created), CreatedBy: by}
		if avail != nil {
			l.AvailID = *avail
		}
		if err := l.SetStoredTerms(doc); err != nil {
			return nil, nil, err
		}
		ls = append(ls, l)
	}
	return hs, ls, rows.Err()
}

const holdingCols = `id, title_id, holder, doc, avail_id, created_at, created_by, status, status_reason`
const licenceCols = `id, title_id, licensor, licensee, doc, avail_id, source, created_at, created_by`

func queryHoldings(ctx context.Context, c conn, where string, args ...any) ([]*rights.Holding, error) {
	rows, err := c.query(ctx, `SELECT `+holdingCols+` FROM holdings `+where+` ORDER BY title_id, id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*rights.Holding
	for rows.Next() {
		var h rights.Holding
		var doc, created string
		var avail, reason *string
		if err := rows.Scan(&h.ID, &h.TitleID, &h.Holder, &doc, &avail, &created, &h.CreatedBy, &h.Status, &reason); err != nil {
			return nil, err
		}
		if reason != nil {
			h.StatusReason = *reason
		}
		if err := h.SetStoredTerms(doc); err != nil {
			return nil, err
		}
		if avail != nil {
			h.AvailID = *avail
		}
		h.CreatedAt = parseTime(created)
		out = append(out, &h)
	}
	return out, rows.Err()
}

func queryLicences(ctx context.Context, c conn, where string, args ...any) ([]*rights.Licence, error) {
	rows, err := c.query(ctx, `SELECT `+licenceCols+` FROM licences `+where+` ORDER BY title_id, id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*rights.Licence
	for rows.Next() {
		var l rights.Licence
		var doc, created string
		var avail *string
		if err := rows.Scan(&l.ID, &l.TitleID, &l.Licensor, &l.Licensee, &doc, &avail, &l.Source, &created, &l.CreatedBy); err != nil {
			return nil, err
		}
		if err := l.SetStoredTerms(doc); err != nil {
			return nil, err
		}
		if avail != nil {
			l.AvailID = *avail
		}
		l.CreatedAt = parseTime(created)
		out = append(out, &l)
	}
	return out, rows.Err()
}

// termColumns derives the filter columns of a record from its terms.
func termColumns(t *rights.Terms) (doc string, cols []any, err error) {
	b, err := json.Marshal(t)
	if err != nil {
		return "", nil, err
	}
	bits := t.TerritoryBits()
	var end any
	if t.End != nil {
		end = *t.End
	}
	excl := 0
	if t.Exclusive {
		excl = 1
	}
	return string(b), []any{int64(t.MediaBits()), int64(bits[0]), int64(bits[1]), int64(bits[2]), int64(bits[3]),
		t.Start, end, excl}, nil
}

// applyChange writes ch with its audit entries and licence.created events, in
// the caller's transaction. f is the family ch was decided on (nil when
// unknown): a record deleted and added again under the same id (an avails
// import replacing it) is one update, audited with what changed, rather than a
// deletion and a new record.
func (db *DB) applyChange(ctx context.Context, c conn, f *rights.Family, ch *rights.Change) error {
	if ch == nil {
		return nil
	}
	before := map[string]any{}
	if f != nil {
		for _, h := range f.Holdings {
			before["h:"+h.ID] = h
		}
		for _, l := range f.Licences {
			before["l:"+l.ID] = l
		}
	}
	readded := map[string]bool{}
	for _, h := range ch.AddHoldings {
		readded["h:"+h.ID] = true
	}
	for _, l := range ch.AddLicences {
		readded["l:"+l.ID] = true
	}
	deleted := map[string]bool{}
	for _, id := range ch.DeleteHoldings {
		var holder string
		err := c.queryRow(ctx, `DELETE FROM holdings WHERE id = ? RETURNING holder`, id).Scan(&holder)
		if err == sql.ErrNoRows {
			continue
		}
		if err != nil {
			return interpretError(err)
		}
		deleted["h:"+id] = true
		if !readded["h:"+id] {
			if err := recordAudit(ctx, c, holder, "holding.deleted", "holding", id, nil); err != nil {
				return err
			}
		}
	}
	for _, id := range ch.DeleteLicences {
		var licensor, licensee string
		err := c.queryRow(ctx, `DELETE FROM licences WHERE id = ? RETURNING licensor, licensee`, id).Scan(&licensor, &licensee)
		if err == sql.ErrNoRows {
			continue
		}
		if err != nil {
			return interpretError(err)
		}
		deleted["l:"+id] = true
		if !readded["l:"+id] {
			if err := auditLicence(ctx, c, licensor, licensee, "licence.deleted", id, nil); err != nil {
				return err
			}
		}
	}
	// created returns the action and the change a new record is audited with.
	created := func(key, entity string, rec any) (string, []byte) {
		if old, ok := before[key]; ok && deleted[key] {
			return entity + ".updated", audit.Diff(old, rec)
		}
		return entity + ".created", audit.Diff(nil, rec)
	}
	for _, h := range ch.AddHoldings {
		doc, cols, err := termColumns(&h.Terms)
		if err != nil {
			return err
		}
		if h.Status == "" {
			h.Status = rights.HoldingConfirmed
		}
		args := append([]any{h.ID, h.TitleID, h.Holder, doc}, cols...)
		args = append(args, nullString(h.AvailID), fmtTime(h.CreatedAt), h.CreatedBy, string(h.Status), nullString(h.StatusReason))
		if _, err := c.exec(ctx, `INSERT INTO holdings (id, title_id, holder, doc, media_mask, t0, t1, t2, t3,
			start_date, end_date, exclusive, avail_id, created_at, created_by, status, status_reason) VALUES (`+placeholders(17)+`)`, args...); err != nil {
			if apperr.Is(err, apperr.Conflict) {
				return apperr.New(apperr.Conflict, "holding %s: unknown title or holder, or the id is taken", h.ID)
			}
			return err
		}
		action, diff := created("h:"+h.ID, "holding", h)
		if err := recordAudit(ctx, c, h.Holder, action, "holding", h.ID, diff); err != nil {
			return err
		}
	}
	for _, l := range ch.AddLicences {
		doc, cols, err := termColumns(&l.Terms)
		if err != nil {
			return err
		}
		args := append([]any{l.ID, l.TitleID, l.Licensor, l.Licensee, doc}, cols...)
		args = append(args, nullString(l.AvailID), l.Source, fmtTime(l.CreatedAt), l.CreatedBy)
		if _, err := c.exec(ctx, `INSERT INTO licences (id, title_id, licensor, licensee, doc, media_mask, t0, t1, t2, t3,
			start_date, end_date, exclusive, avail_id, source, created_at, created_by) VALUES (`+placeholders(17)+`)`, args...); err != nil {
			if apperr.Is(err, apperr.Conflict) {
				return apperr.New(apperr.Conflict, "licence %s: unknown title or licensor, or the id is taken", l.ID)
			}
			return err
		}
		action, diff := created("l:"+l.ID, "licence", l)
		if err := auditLicence(ctx, c, l.Licensor, l.Licensee, action, l.ID, diff); err != nil {
			return err
		}
		// A replaced licence is not a new one: partners heard of it already.
		if action == "licence.created" {
			if err := db.publish(ctx, c, webhook.Event{Type: "licence.created", Orgs: []string{l.Licensor, l.Licensee},
				At: l.CreatedAt, Data: l}); err != nil {
				return err
			}
		}
	}
	return db.applyClaims(ctx, c, f, ch, deleted, readded)
}

// auditLicence records a licence change in the licensor's log and, when the
// licensee is an organisation of the hub, in the licensee's too (a licensee
// may also be any outside name, which has no log).
func auditLicence(ctx context.Context, c conn, licensor, licensee, action, id string, diff []byte) error {
	if err := recordAudit(ctx, c, licensor, action, "licence", id, diff); err != nil {
		return err
	}
	if licensee == licensor {
		return nil
	}
	var one int
	err := c.queryRow(ctx, `SELECT 1 FROM orgs WHERE slug = ?`, licensee).Scan(&one)
	if err == sql.ErrNoRows {
		return nil
	}
	if err != nil {
		return interpretError(err)
	}
	return recordAudit(ctx, c, licensee, action, "licence", id, diff)
}

// HoldingsOf returns an organisation's confirmed holdings (claims are not
// rights it holds, so an avails export leaves them out).
func (db *DB) HoldingsOf(ctx context.Context, org string) ([]*rights.Holding, error) {
	return queryHoldings(ctx, db.reader(), `WHERE holder = ? AND status = 'confirmed'`, org)
}

// LicencesOf returns the licences an organisation granted.
func (db *DB) LicencesOf(ctx context.Context, org string) ([]*rights.Licence, error) {
	return queryLicences(ctx, db.reader(), `WHERE licensor = ?`, org)
}

// TitleIDsByRef finds titles by id or by any identifier value.
func (db *DB) TitleIDsByRef(ctx context.Context, ref string) ([]string, error) {
	return db.reader().strings(ctx, `SELECT id FROM titles WHERE id = ?
		UNION SELECT title_id FROM title_identifiers WHERE value = ?`, ref, strings.TrimSpace(ref))
}
