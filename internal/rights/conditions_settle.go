package rights

import (
	"fmt"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

// Settling a record written after its event was dated. ResolveCondition
// fixes the records waiting on an event when the event is dated; a record
// recorded later (by the API, the web form, an avails import or a request
// accepted) waiting on the same event would otherwise stay conditional for
// ever. Every writer checks a new holding with CheckHolding and a new
// licence with CheckLicence against the family the store loaded for the
// change, Dated included, so those checks settle the record first: each end
// waiting on an event dated for the record's title or an ancestor, in
// territories covering all of the record's, gets its day from that date
// plus the record's lag, and the record is checked and stored dated, in the
// same transaction. Of several dates that apply, the one on the nearest
// title wins (an episode's own over its series'), then the one for the
// fewest territories (Russia's over everywhere's), then the latest set.

// datedFor returns the date of cond that applies to a record on titleID
// covering terr, or nil.
func (f *Family) datedFor(titleID, cond string, terr TerritorySet) *ConditionDate {
	if len(f.Dated) == 0 {
		return nil
	}
	seen := map[string]bool{}
	for id := titleID; id != "" && !seen[id]; id = f.Parent[id] {
		seen[id] = true
		var best *ConditionDate
		bestLen := 0
		for _, d := range f.Dated {
			if d.TitleID != id || d.Condition != cond {
				continue
			}
			n := everywhere
			if len(d.Territories) > 0 {
				set, _, _, probs := ParseTerritories("territories", d.Territories, nil)
				if len(probs) > 0 || !terr.Minus(set).Empty() {
					continue
				}
				n = set.Len()
			}
			if best == nil || n < bestLen || (n == bestLen && d.SetAt.After(best.SetAt)) {
				best, bestLen = d, n
			}
		}
		if best != nil {
			return best
		}
	}
	return nil
}

// everywhere is more territories than any set holds: the size datedFor
// gives a date for everywhere, the broadest.
const everywhere = 1 << 16

// settle fixes the ends of t, the terms of a record about to be written on
// titleID, that wait on events f has dates for; it reports whether any did.
// t is replaced, never changed in place (its Avail is shared with the
// caller's input). Settled terms wait on nothing dated, so settling again
// changes nothing.
func (f *Family) settle(titleID string, t *Terms) (bool, error) {
	if t.Avail == nil || len(f.Dated) == 0 {
		return false, nil
	}
	changed := false
	for _, end := range []struct{ cond, field string }{
		{t.Avail.StartCondition, "avail.start_condition"}, {t.Avail.EndCondition, "avail.end_condition"}} {
		if end.cond == "" {
			continue
		}
		d := f.datedFor(titleID, end.cond, t.TerritoryBits())
		if d == nil {
			continue
		}
		day, err := ParseDay(d.Date)
		if err != nil {
			continue
		}
		nt, ok, err := resolveTerms(*t, end.cond, day, nil, "the record")
		if err != nil {
			return false, apperr.Fields{{Field: end.field, Code: CodeSettleEmpty,
				Params:  map[string]any{"condition": end.cond, "date": d.Date},
				Message: fmt.Sprintf("%s is dated %s for this title; from that date and the lags the window would be empty", end.cond, d.Date)}}.Err()
		}
		if ok {
			*t, changed = nt, true
		}
	}
	return changed, nil
}

// CodeSettleEmpty is the rule a record breaks when the date of the event it
// waits on, already known, leaves it without a window.
const CodeSettleEmpty = "rights.condition_dated_empty"

// settleHolding settles h's terms in f.
func (f *Family) settleHolding(h *Holding) error { return f.settleRecord(h.TitleID, &h.Terms, &h.c) }

// settleLicence settles l's terms in f.
func (f *Family) settleLicence(l *Licence) error { return f.settleRecord(l.TitleID, &l.Terms, &l.c) }

// settleRecord settles a record's terms t and, when they changed,
// recompiles them into c.
func (f *Family) settleRecord(titleID string, t *Terms, c **terms) error {
	ok, err := f.settle(titleID, t)
	if err != nil || !ok {
		return err
	}
	*c, err = t.Normalize()
	return err
}
