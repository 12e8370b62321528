package rights

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/textrule"
)

// Kind says which records an import or export is about.
type Kind string

// Record kinds.
const (
	KindHoldings Kind = "holdings" // rights the organisation holds (an avails sheet it received)
	KindLicences Kind = "licences" // rights it granted (an avails sheet it sent)
)

// ImportItem is one record of a bulk import, as the avails reader makes it.
type ImportItem struct {
	// Key identifies the record across imports (the EMA AvailID, or a key
	// derived from the row); an item replaces the caller's record with the
	// same key (or id) on the same title.
	Key      string
	Delete   bool   // remove the record with Key (EMA Full Delete); absent records are no-ops
	TitleRef string // title id, EIDR, ISAN or alternative id
	Licensee string // licences only
	Terms    Terms
	// Problems the reader already found (a cell it could not parse); the
	// item fails with them alongside any the rules find.
	Problems []apperr.FieldError
}

// ItemError is a problem with one import item.
type ItemError struct {
	Item    int    // index into the items
	Field   string // the Terms JSON field, "title", "licensee", or "" for the whole item
	Message string
	Refs    []any // conflicting records
}

// ImportReport says what an import did.
type ImportReport struct {
	Created, Updated, Deleted int
	Errors                    []ItemError
	Committed                 bool
}

// ImportConfig tunes an import.
type ImportConfig struct {
	// KeepGood stores the good items even when others are bad.
	KeepGood bool
	// Chunk is how many items one write transaction applies (default 100):
	// on a busy two-core machine SQLite applies 250 rows in up to 250 ms,
	// which other writers wait for; 100 keep that wait well under 200 ms.
	Chunk int
	// Progress, when set, hears how many items are applied: 0 once all are
	// validated, then after each committed chunk.
	Progress func(done, total int)
}

// DefaultImportChunk is ImportConfig.Chunk's default.
const DefaultImportChunk = 100

// Import creates, replaces or deletes the caller's records of kind from
// items. Unless keepGood, any bad item makes it store nothing; either way
// every bad item is reported.
func (s *Service) Import(ctx context.Context, kind Kind, items []ImportItem, keepGood bool) (*ImportReport, error) {
	return s.ImportWith(ctx, kind, items, ImportConfig{KeepGood: keepGood})
}

// outcome is what an import did with one item.
type outcome int

const (
	none outcome = iota
	created
	updated
	deleted
)

// preparedItem is an item with its title resolved and terms compiled.
type preparedItem struct {
	titleID string
	c       *terms
	bad     error // problems found before any record is read
}

// ImportWith is Import in two passes that never hold the write lock for
// long. The first validates every item, reading only: it loads each title
// hierarchy once and checks the items in file order against it, updating it
// in memory as items apply (so a row sees the rows before it). An
// all-or-nothing import with a bad item stops there, having written nothing.
// The second applies the items in chunks of cfg.Chunk, each in its own short
// transaction that locks the chunk's hierarchies, reads them as they now
// stand and checks its items again, so a change made by someone else since
// the first pass is never overridden: an item it makes fail is reported like
// any bad item, the chunks before it staying stored.
//
// Re-running an import is safe: an item replaces the caller's record with
// the same key (AvailID) on the same title, and a delete of an absent record
// is a no-op, so a job that dies between chunks is simply run again (its
// first run's records then count as updated).
func (s *Service) ImportWith(ctx context.Context, kind Kind, items []ImportItem, cfg ImportConfig) (*ImportReport, error) {
	p, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	if err := p.RequireWrite(); err != nil {
		return nil, err
	}
	if kind != KindHoldings && kind != KindLicences {
		return nil, apperr.New(apperr.Invalid, "kind must be holdings or licences, not %q", kind)
	}
	st, ok := s.store.(ImportStore)
	if !ok {
		return nil, apperr.New(apperr.Internal, "the store cannot import")
	}
	if cfg.Chunk <= 0 {
		cfg.Chunk = DefaultImportChunk
	}
	progress := func(done int) {
		if cfg.Progress != nil {
			cfg.Progress(done, len(items))
		}
	}
	now := s.now().UTC().Truncate(time.Microsecond)
	prep := s.prepareItems(ctx, p.Org, kind, items)
	var ids []string
	seen := map[string]bool{}
	for _, pr := range prep {
		if pr.titleID != "" && !seen[pr.titleID] {
			seen[pr.titleID] = true
			ids = append(ids, pr.titleID)
		}
	}
	errs := make([]error, len(items))
	done := make([]outcome, len(items))
	decideAll := func(hs map[string]*Hierarchy, from, to int) []*Change {
		idx := map[*Hierarchy]*importIndex{}
		var changes []*Change
		for i := from; i < to; i++ {
			var x *importIndex
			if h := hs[prep[i].titleID]; h != nil {
				if x = idx[h]; x == nil {
					x = newImportIndex(h)
					idx[h] = x
				}
			}
			var ch *Change
			ch, done[i], errs[i] = decideItem(x, p, kind, &items[i], &prep[i], now)
			if errs[i] != nil {
				done[i] = none
			} else if ch != nil {
				changes = append(changes, ch)
			}
		}
		return changes
	}
	hs, err := st.RightsHierarchies(ctx, ids)
	if err != nil {
		return nil, err
	}
	decideAll(hs, 0, len(items))
	rep, err := importReport(errs)
	if err != nil {
		return nil, err
	}
	if len(rep.Errors) > 0 && !cfg.KeepGood {
		return rep, nil
	}
	progress(0)
	for from := 0; from < len(items); from += cfg.Chunk {
		to := min(from+cfg.Chunk, len(items))
		scope := HierarchyScope{}
		inChunk := map[string]bool{}
		for i, pr := range prep[from:to] {
			if pr.titleID != "" && !inChunk[pr.titleID] {
				inChunk[pr.titleID] = true
				scope.TitleIDs = append(scope.TitleIDs, pr.titleID)
			}
			if kind == KindHoldings {
				scope.Keys = append(scope.Keys, items[from+i].Key)
			}
		}
		if kind == KindHoldings {
			scope.Holder = p.Org
		}
		decide := func(hs map[string]*Hierarchy) ([]*Change, error) {
			changes := decideAll(hs, from, to)
			for _, e := range errs[from:to] {
				if e != nil && !isItemError(e) {
					return nil, e
				}
			}
			return changes, nil
		}
		err := st.RightsApplyHierarchies(ctx, scope, decide)
		if errors.Is(err, errNeedWhole) {
			scope.Holder, scope.Keys = "", nil
			err = st.RightsApplyHierarchies(ctx, scope, decide)
		}
		if err != nil {
			return nil, err
		}
		progress(to)
	}
	if rep, err = importReport(errs); err != nil {
		return nil, err
	}
	rep.Committed = true
	for _, d := range done {
		switch d {
		case created:
			rep.Created++
		case updated:
			rep.Updated++
		case deleted:
			rep.Deleted++
		}
	}
	return rep, nil
}

// prepareItems resolves each item's title (each distinct reference once)
// and compiles its terms; nothing here reads any record.
func (s *Service) prepareItems(ctx context.Context, org string, kind Kind, items []ImportItem) []preparedItem {
	type resolved struct {
		id  string
		err error
	}
	titles := map[string]resolved{}
	out := make([]preparedItem, len(items))
	for i := range items {
		it := &items[i]
		r, ok := titles[it.TitleRef]
		if !ok {
			r.id, r.err = s.resolveTitle(ctx, org, it.TitleRef)
			titles[it.TitleRef] = r
		}
		probs := append([]apperr.FieldError(nil), it.Problems...)
		if r.err != nil {
			probs = append(probs, prob("title", r.err.Error()))
		}
		if !it.Delete {
			var err error
			out[i].c, err = it.Terms.Normalize()
			probs = append(probs, fieldsOf(err)...)
			it.Licensee = strings.TrimSpace(it.Licensee)
			if kind == KindLicences && it.Licensee == "" {
				probs = append(probs, prob("licensee", "the licensee is required"))
			} else if kind == KindLicences && len([]rune(it.Licensee)) > 200 {
				probs = append(probs, prob("licensee", "at most 200 characters"))
			} else if kind == KindLicences {
				textrule.Field((*apperr.Fields)(&probs), "licensee", it.Licensee, textrule.SingleLine)
			}
		}
		if it.Key == "" {
			probs = append(probs, prob("", "the record has no key"))
		} else {
			textrule.Field((*apperr.Fields)(&probs), "", it.Key, textrule.SingleLine)
		}
		out[i].titleID = r.id
		if len(probs) > 0 {
			out[i].bad = apperr.Fields(probs).Err()
		}
	}
	return out
}

// decideItem checks one item against its hierarchy x (nil when its title
// is gone) and returns the change it makes, updating x with it. The rules
// are those of a single record's change; each is given only the records it
// reads (see importIndex), so a row costs what it can clash with.
func decideItem(x *importIndex, p *auth.Principal, kind Kind, it *ImportItem, pr *preparedItem, now time.Time) (*Change, outcome, error) {
	if pr.bad != nil {
		return nil, none, pr.bad
	}
	if x == nil {
		return nil, none, apperr.New(apperr.NotFound, "title %q not found", pr.titleID)
	}
	titleID := pr.titleID
	ch := &Change{}
	if kind == KindHoldings {
		if x.h.Partial && x.grants(titleID, p.Org) {
			return nil, none, errNeedWhole
		}
		old := x.ownHolding(titleID, p.Org, it.Key)
		if old != nil {
			ch.DeleteHoldings = []string{old.ID}
		}
		if it.Delete {
			if old == nil {
				return ch, none, nil
			}
			// Only licences its holder granted in the family can depend on it.
			if x.grants(titleID, p.Org) {
				if err := CheckHoldingRemoval(x.family(titleID), old.ID); err != nil {
					return nil, none, err
				}
			}
			x.apply(old, ch)
			return ch, deleted, nil
		}
		h := &Holding{ID: newID(), TitleID: titleID, Holder: p.Org, Terms: it.Terms, AvailID: it.Key,
			CreatedAt: now, CreatedBy: p.Name, c: pr.c}
		done := created
		if old != nil {
			h.ID, h.CreatedAt, done = old.ID, old.CreatedAt, updated
		}
		// CheckHolding reads only other holders' holdings on the chain.
		others := x.othersOnChain(titleID, p.Org)
		h.Status = HoldingStatusFor(others, h, old) // a non-keeper's holding is a claim (claim.go)
		if err := CheckHolding(others, h); err != nil {
			return nil, none, err
		}
		if x.grants(titleID, p.Org) {
			before := x.family(titleID)
			after := x.family(titleID, old)
			after.Holdings = append(after.Holdings, h)
			if err := checkStillBacked(before, after, p.Org); err != nil {
				return nil, none, err
			}
		}
		ch.AddHoldings = []*Holding{h}
		x.apply(old, ch)
		return ch, done, nil
	}
	old := x.ownLicence(titleID, p.Org, it.Key)
	if old != nil {
		ch.DeleteLicences = []string{old.ID}
	}
	if it.Delete {
		if old == nil {
			return ch, none, nil
		}
		x.apply(old, ch)
		return ch, deleted, nil
	}
	l := &Licence{ID: newID(), TitleID: titleID, Licensor: p.Org, Licensee: it.Licensee, Terms: it.Terms,
		AvailID: it.Key, Source: "avails", CreatedAt: now, CreatedBy: p.Name, c: pr.c}
	done := created
	if old != nil {
		l.ID, l.CreatedAt, done = old.ID, old.CreatedAt, updated
	}
	if err := CheckLicence(x.family(titleID, old), l); err != nil {
		return nil, none, err
	}
	ch.AddLicences = []*Licence{l}
	x.apply(old, ch)
	return ch, done, nil
}

// isItemError tells a problem with an item (reported, the import going on)
// from a failure of the import itself.
func isItemError(err error) bool {
	ae, ok := err.(*apperr.Error)
	return ok && ae.Code != apperr.Internal
}

// importReport lists the items' errors; a failure that is no item's fault
// is returned instead.
func importReport(errs []error) (*ImportReport, error) {
	rep := &ImportReport{}
	for i, e := range errs {
		if e == nil {
			continue
		}
		if !isItemError(e) {
			return nil, e
		}
		ae := e.(*apperr.Error)
		if len(ae.Fields) == 0 {
			rep.Errors = append(rep.Errors, ItemError{Item: i, Message: ae.Message, Refs: ae.Refs})
		}
		for _, f := range ae.Fields {
			rep.Errors = append(rep.Errors, ItemError{Item: i, Field: f.Field, Message: f.Message})
		}
	}
	return rep, nil
}

// checkStillBacked refuses a change of holder's holdings that leaves one of
// its licences, inside its holdings before, outside them after.
func checkStillBacked(before, after *Family, holder string) error {
	var rs []Reason
	for _, l := range before.Licences {
		if l.Licensor != holder {
			continue
		}
		c, err := l.compiled()
		if err != nil {
			return err
		}
		r := requestFor(c, holder)
		r.skip = l.ID
		evB, err := evaluate(before, l.TitleID, r)
		if err != nil {
			return err
		}
		evA, err := evaluate(after, l.TitleID, r)
		if err != nil {
			return err
		}
		if covered(evB) && !covered(evA) {
			rs = append(rs, Reason{Code: LicenceDepends, Holder: holder, Territories: c.terr.Codes(),
				Media: c.media.List()[0], Start: l.Start, End: l.End, Ref: l.ID, Licensee: l.Licensee})
		}
	}
	if len(rs) > 0 {
		return conflict("licences of "+holder+" would no longer lie inside its holdings", rs)
	}
	return nil
}

// covered reports whether the single holder of ev holds every cell in full,
// licences and holdbacks aside.
func covered(ev *evaluation) bool {
	for ci := range ev.cells {
		for _, o := range ev.obst[ci][0] {
			switch o.code {
			case NoRights, OutsideWindow, LanguageNotHeld, HoldingNotExclusive:
				return false
			}
		}
	}
	return true
}

// resolveTitle finds the one title ref names that viewer may read.
func (s *Service) resolveTitle(ctx context.Context, viewer, ref string) (string, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return "", fmt.Errorf("no title given (ContentID or ALID)")
	}
	ids, err := s.store.TitleIDsByRef(ctx, ref)
	if err != nil {
		return "", err
	}
	var readable []string
	for _, id := range ids {
		if _, err := s.titles.Readable(ctx, viewer, id); err == nil {
			readable = append(readable, id)
		}
	}
	switch len(readable) {
	case 0:
		return "", fmt.Errorf("no title you may read has id or identifier %q", ref)
	case 1:
		return readable[0], nil
	}
	return "", fmt.Errorf("%q identifies %d titles; use the silkbridge title id", ref, len(readable))
}

// Export returns the caller's records of kind.
func (s *Service) Export(ctx context.Context, kind Kind) ([]*Holding, []*Licence, error) {
	p, err := auth.Require(ctx)
	if err != nil {
		return nil, nil, err
	}
	switch kind {
	case KindHoldings:
		hs, err := s.store.HoldingsOf(ctx, p.Org)
		return hs, nil, err
	case KindLicences:
		ls, err := s.store.LicencesOf(ctx, p.Org)
		return nil, ls, err
	}
	return nil, nil, apperr.New(apperr.Invalid, "kind must be holdings or licences, not %q", kind)
}
