package rights

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
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

// Import creates, replaces or deletes the caller's records of kind from items
// in one transaction. Unless keepGood, any bad item rolls everything back;
// either way every bad item is reported.
func (s *Service) Import(ctx context.Context, kind Kind, items []ImportItem, keepGood bool) (*ImportReport, error) {
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
	rep := &ImportReport{}
	type outcome int
	const (
		none outcome = iota
		created
		updated
		deleted
	)
	done := make([]outcome, len(items))
	now := s.now().UTC().Truncate(time.Microsecond)
	ops := make([]BatchOp, len(items))
	for i := range items {
		it := &items[i]
		titleID, terr := s.resolveTitle(ctx, p.Org, it.TitleRef)
		probs := append([]apperr.FieldError(nil), it.Problems...)
		if terr != nil {
			probs = append(probs, prob("title", terr.Error()))
		}
		var c *terms
		if !it.Delete {
			var err error
			c, err = it.Terms.Normalize()
			probs = append(probs, fieldsOf(err)...)
			it.Licensee = strings.TrimSpace(it.Licensee)
			if kind == KindLicences && it.Licensee == "" {
				probs = append(probs, prob("licensee", "the licensee is required"))
			}
		}
		if it.Key == "" {
			probs = append(probs, prob("", "the record has no key"))
		}
		if len(probs) > 0 {
			bad := apperr.Fields(probs).Err()
			ops[i] = BatchOp{TitleID: titleID, Fn: func(*Family) (*Change, error) { return nil, bad }}
			continue
		}
		ops[i] = BatchOp{TitleID: titleID, Fn: func(f *Family) (*Change, error) {
			ch := &Change{}
			if kind == KindHoldings {
				var old *Holding
				for _, h := range f.Holdings {
					if h.TitleID == titleID && h.Holder == p.Org && (h.AvailID == it.Key || h.ID == it.Key) {
						old = h
					}
				}
				next := *f
				next.Holdings = nil
				for _, h := range f.Holdings {
					if h != old {
						next.Holdings = append(next.Holdings, h)
					}
				}
				if old != nil {
					ch.DeleteHoldings = []string{old.ID}
				}
				if it.Delete {
					if old != nil {
						if err := CheckHoldingRemoval(f, old.ID); err != nil {
							return nil, err
						}
						done[i] = deleted
					}
					return ch, nil
				}
				h := &Holding{ID: newID(), TitleID: titleID, Holder: p.Org, Terms: it.Terms, AvailID: it.Key,
					CreatedAt: now, CreatedBy: p.Name, c: c}
				done[i] = created
				if old != nil {
					h.ID, h.CreatedAt, done[i] = old.ID, old.CreatedAt, updated
				}
				if err := CheckHolding(&next, h); err != nil {
					return nil, err
				}
				next.Holdings = append(next.Holdings, h)
				if err := checkStillBacked(f, &next, p.Org); err != nil {
					return nil, err
				}
				ch.AddHoldings = []*Holding{h}
				return ch, nil
			}
			var old *Licence
			for _, l := range f.Licences {
				if l.TitleID == titleID && l.Licensor == p.Org && (l.AvailID == it.Key || l.ID == it.Key) {
					old = l
				}
			}
			next := *f
			next.Licences = nil
			for _, l := range f.Licences {
				if l != old {
					next.Licences = append(next.Licences, l)
				}
			}
			if old != nil {
				ch.DeleteLicences = []string{old.ID}
			}
			if it.Delete {
				if old != nil {
					done[i] = deleted
				}
				return ch, nil
			}
			l := &Licence{ID: newID(), TitleID: titleID, Licensor: p.Org, Licensee: it.Licensee, Terms: it.Terms,
				AvailID: it.Key, Source: "avails", CreatedAt: now, CreatedBy: p.Name, c: c}
			done[i] = created
			if old != nil {
				l.ID, l.CreatedAt, done[i] = old.ID, old.CreatedAt, updated
			}
			if err := CheckLicence(&next, l); err != nil {
				return nil, err
			}
			ch.AddLicences = []*Licence{l}
			return ch, nil
		}}
	}
	errs, err := s.store.RightsBatch(ctx, ops, keepGood)
	if err != nil {
		return nil, err
	}
	for i, e := range errs {
		if e == nil {
			continue
		}
		done[i] = none
		ae, ok := e.(*apperr.Error)
		if !ok {
			return nil, e
		}
		if len(ae.Fields) == 0 {
			rep.Errors = append(rep.Errors, ItemError{Item: i, Message: ae.Message, Refs: ae.Refs})
		}
		for _, f := range ae.Fields {
			rep.Errors = append(rep.Errors, ItemError{Item: i, Field: f.Field, Message: f.Message})
		}
	}
	rep.Committed = keepGood || len(rep.Errors) == 0
	if rep.Committed {
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
