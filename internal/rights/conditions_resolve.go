package rights

import (
	"context"
	"strings"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

// Dating an event. When the event a window waits on gets its date ("the
// theatrical release in Russia is on 2025-09-12"), a keeper of the title
// records it once, and every record of the title (and of its seasons and
// episodes) waiting on that event, in those territories, gets its window
// from the date plus the record's lag, in one rights transaction. The
// records keep their ids and are audited as updated. Records stay
// consistent without re-checking them: a licence can only have been granted
// from a waiting holding when it waits on the same event with a lag no
// shorter (start) or no longer (end), so both resolve to nested windows.

// ConditionInput dates an event of a title.
type ConditionInput struct {
	Condition   string   `json:"condition" enum:"ESTStart,EST,Broadcast,Completed,Theatrical,TBD" doc:"The MDDF DateTimeCondition the date belongs to"`
	Date        string   `json:"date" maxLength:"10" doc:"The event's date, YYYY-MM-DD"`
	Territories []string `json:"territories,omitempty" maxItems:"300" doc:"Where the event takes place on that date (countries or groups); empty: everywhere. Only records whose territories all lie within them are resolved"`
}

// ConditionDate is a dated event of a title, as recorded.
type ConditionDate struct {
	TitleID     string    `json:"title_id"`
	Condition   string    `json:"condition" enum:"ESTStart,EST,Broadcast,Completed,Theatrical,TBD"`
	Date        string    `json:"date"`
	Territories []string  `json:"territories" doc:"Empty: everywhere"`
	Org         string    `json:"org" doc:"The organisation that dated it"`
	SetBy       string    `json:"set_by,omitempty"`
	SetAt       time.Time `json:"set_at"`
}

// ConditionResolution is a dated event and the records it resolved.
type ConditionResolution struct {
	ConditionDate
	Holdings []string `json:"holdings" doc:"Ids of the holdings whose window it fixed"`
	Licences []string `json:"licences" doc:"Ids of the licences whose window it fixed"`
}

// ConditionStore keeps the dated events of titles (store.DB).
type ConditionStore interface {
	// RightsResolveCondition is RightsChange that also records d, in the
	// same transaction.
	RightsResolveCondition(ctx context.Context, d *ConditionDate, fn func(f *Family) (*Change, error)) error
	// ConditionDates lists the dated events of a title, by condition and territories.
	ConditionDates(ctx context.Context, titleID string) ([]*ConditionDate, error)
}

func (s *Service) conditionStore() (ConditionStore, error) {
	cs, ok := s.store.(ConditionStore)
	if !ok {
		return nil, apperr.New(apperr.Internal, "the rights store cannot date events")
	}
	return cs, nil
}

// ResolveCondition records the date of an event of a title and fixes the
// window of every record waiting on it. Only writers of the title's keepers
// (its owner and producers) may date its events.
func (s *Service) ResolveCondition(ctx context.Context, titleID string, in ConditionInput) (*ConditionResolution, error) {
	p, err := s.writer(ctx, titleID, "", "event dates")
	if err != nil {
		return nil, err
	}
	cs, err := s.conditionStore()
	if err != nil {
		return nil, err
	}
	var probs []apperr.FieldError
	cond := DateCondition(in.Condition)
	if cond == "" {
		probs = append(probs, prob("condition", "must be one of "+strings.Join(DateConditions, ", ")))
	}
	day, err := ParseDay(strings.TrimSpace(in.Date))
	if err != nil {
		probs = append(probs, prob("date", err.Error()))
	}
	var where *TerritorySet
	var terrs []string
	if len(in.Territories) > 0 {
		set, list, _, p := ParseTerritories("territories", in.Territories, nil)
		probs = append(probs, p...)
		where, terrs = &set, list
	}
	if err := apperr.Fields(probs).Err(); err != nil {
		return nil, err
	}
	if terrs == nil {
		terrs = []string{}
	}
	out := &ConditionResolution{ConditionDate: ConditionDate{TitleID: titleID, Condition: cond, Date: day.String(),
		Territories: terrs, Org: p.Org, SetBy: p.Name, SetAt: s.now().UTC().Truncate(time.Microsecond)},
		Holdings: []string{}, Licences: []string{}}
	err = cs.RightsResolveCondition(ctx, &out.ConditionDate, func(f *Family) (*Change, error) {
		if !f.Keeper(p.Org) {
			return nil, apperr.New(apperr.Forbidden, "only the title's owner or producers may date its events; you act for %s", p.Org)
		}
		ch, err := resolveFamily(f, titleID, cond, day, where)
		if err != nil {
			return nil, err
		}
		for _, h := range ch.AddHoldings {
			out.Holdings = append(out.Holdings, h.ID)
		}
		for _, l := range ch.AddLicences {
			out.Licences = append(out.Licences, l.ID)
		}
		return ch, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ConditionDates lists the dated events of a title the caller may read.
func (s *Service) ConditionDates(ctx context.Context, titleID string) ([]*ConditionDate, error) {
	if _, _, err := s.readable(ctx, titleID); err != nil {
		return nil, err
	}
	cs, err := s.conditionStore()
	if err != nil {
		return nil, err
	}
	return cs.ConditionDates(ctx, titleID)
}

// resolveFamily is the change that fixes, from day, the windows of the
// records of titleID and its descendants waiting on cond within where (nil:
// everywhere).
func resolveFamily(f *Family, titleID, cond string, day Day, where *TerritorySet) (*Change, error) {
	under := func(id string) bool { return f.chain(id)[titleID] }
	ch := &Change{}
	for _, h := range f.Holdings {
		if !under(h.TitleID) {
			continue
		}
		t, ok, err := resolveTerms(h.Terms, cond, day, where, "holding "+h.ID)
		if err != nil {
			return nil, err
		}
		if ok {
			nh := *h
			nh.Terms, nh.c = t, nil
			ch.DeleteHoldings = append(ch.DeleteHoldings, h.ID)
			ch.AddHoldings = append(ch.AddHoldings, &nh)
		}
	}
	for _, l := range f.Licences {
		if !under(l.TitleID) {
			continue
		}
		t, ok, err := resolveTerms(l.Terms, cond, day, where, "licence "+l.ID)
		if err != nil {
			return nil, err
		}
		if ok {
			nl := *l
			nl.Terms, nl.c = t, nil
			ch.DeleteLicences = append(ch.DeleteLicences, l.ID)
			ch.AddLicences = append(ch.AddLicences, &nl)
		}
	}
	return ch, nil
}

// resolveTerms returns t with the ends waiting on cond dated from day (plus
// their lags), and whether any was; t itself is left as it is.
func resolveTerms(t Terms, cond string, day Day, where *TerritorySet, what string) (Terms, bool, error) {
	if t.Avail == nil || (t.Avail.StartCondition != cond && t.Avail.EndCondition != cond) {
		return t, false, nil
	}
	if where != nil && !t.TerritoryBits().Minus(*where).Empty() {
		return t, false, nil
	}
	a := *t.Avail
	t.Avail = &a
	t.Holdbacks = append([]Holdback(nil), t.Holdbacks...)
	if a.StartCondition == cond {
		d, err := ApplyLag(day, a.StartLag)
		if err != nil {
			return t, false, err
		}
		t.Start, a.StartCondition, a.StartLag = d.String(), "", ""
	}
	if a.EndCondition == cond {
		d, err := ApplyLag(day, a.EndLag)
		if err != nil {
			return t, false, err
		}
		end := d.String()
		t.End, a.EndCondition, a.EndLag = &end, "", ""
	}
	if _, err := t.Normalize(); err != nil {
		return t, false, apperr.New(apperr.Conflict, "dating %s on %s leaves %s without a window (%v); change the record first",
			cond, day, what, err)
	}
	return t, true, nil
}
