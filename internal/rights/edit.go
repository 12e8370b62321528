package rights

import (
	"context"
	"strings"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/textrule"
)

// Editing a holding or licence replaces it: the old record is deleted and the
// new one (with a new id) added in one rights transaction, under the same
// hierarchy lock and checks as recording it afresh. A new id keeps the audit
// trail honest (the old terms stay in their holding.created entry) and lets
// the checks see the family without the old record and with the new one.

// UpdateHolding replaces a holding of the caller's organisation with new
// terms. Licences granted from it must still lie inside the holder's
// holdings afterwards (409 licence_depends otherwise); the new terms are
// checked like a new holding (409 exclusive_holding). A keeper's holding
// stays confirmed; anyone else's becomes a claim again unless the terms are
// unchanged.
func (s *Service) UpdateHolding(ctx context.Context, titleID, id string, terms Terms) (*Holding, error) {
	p, err := s.writer(ctx, titleID, "", "holdings")
	if err != nil {
		return nil, err
	}
	h := &Holding{ID: newID(), TitleID: titleID, Holder: p.Org, Terms: terms, CreatedBy: p.Name,
		CreatedAt: s.now().UTC().Truncate(time.Microsecond)}
	if h.c, err = h.Terms.Normalize(); err != nil {
		return nil, err
	}
	err = s.store.RightsChange(ctx, titleID, func(f *Family) (*Change, error) {
		var old *Holding
		for _, x := range f.Holdings {
			if x.ID == id && x.TitleID == titleID {
				old = x
			}
		}
		if old == nil || (!old.Counts() && old.Holder != p.Org && !f.Keeper(p.Org)) {
			return nil, apperr.New(apperr.NotFound, "holding %q not found on title %s", id, titleID)
		}
		if old.Holder != p.Org {
			return nil, apperr.New(apperr.Forbidden, "only %s may change its holding", old.Holder)
		}
		h.AvailID = old.AvailID
		h.Status = HoldingStatusFor(f, h, old)
		if err := CheckHolding(f, h); err != nil {
			return nil, err
		}
		with := *f
		with.Holdings = append(append([]*Holding{}, f.Holdings...), h)
		if err := CheckHoldingRemoval(&with, id); err != nil {
			return nil, err
		}
		return &Change{DeleteHoldings: []string{id}, AddHoldings: []*Holding{h}}, nil
	})
	if err != nil {
		return nil, OwnConflict(ctx, err)
	}
	return h, nil
}

// UpdateLicence replaces a licence granted by the caller's organisation with
// new terms and licensee, checked like a new licence against every record
// but the one it replaces.
func (s *Service) UpdateLicence(ctx context.Context, titleID, id string, in LicenceInput) (*Licence, error) {
	p, err := s.writer(ctx, titleID, in.Licensor, "licences")
	if err != nil {
		return nil, err
	}
	l := &Licence{ID: newID(), TitleID: titleID, Licensor: p.Org, Licensee: in.Licensee, Terms: in.Terms,
		CreatedBy: p.Name, CreatedAt: s.now().UTC().Truncate(time.Microsecond)}
	if err := validLicence(l); err != nil {
		return nil, err
	}
	err = s.store.RightsChange(ctx, titleID, func(f *Family) (*Change, error) {
		var old *Licence
		rest := *f
		rest.Licences = nil
		for _, x := range f.Licences {
			if x.ID == id && x.TitleID == titleID {
				old = x
			} else {
				rest.Licences = append(rest.Licences, x)
			}
		}
		if old == nil {
			return nil, apperr.New(apperr.NotFound, "licence %q not found on title %s", id, titleID)
		}
		if old.Licensor != p.Org {
			return nil, apperr.New(apperr.Forbidden, "only the licensor %s may change its licence", old.Licensor)
		}
		l.AvailID, l.Source = old.AvailID, old.Source
		if err := CheckLicence(&rest, l); err != nil {
			return nil, err
		}
		return &Change{DeleteLicences: []string{id}, AddLicences: []*Licence{l}}, nil
	})
	if err != nil {
		return nil, OwnConflict(ctx, err)
	}
	return l, nil
}

// validLicence normalizes l's terms and checks its licensee; Grant and the
// licence edit both call it, so a licence passes the same rules either way.
func validLicence(l *Licence) error {
	c, err := l.Terms.Normalize()
	probs := fieldsOf(err)
	l.Licensee = strings.TrimSpace(l.Licensee)
	switch {
	case l.Licensee == "":
		probs = append(probs, prob("licensee", "the licensee is required"))
	case len([]rune(l.Licensee)) > 200:
		probs = append(probs, prob("licensee", "at most 200 characters"))
	case l.Licensee == l.Licensor:
		probs = append(probs, prob("licensee", "an organisation cannot license to itself"))
	default:
		textrule.Field((*apperr.Fields)(&probs), "licensee", l.Licensee, textrule.SingleLine)
	}
	if err := apperr.Fields(probs).Err(); err != nil {
		return err
	}
	l.c = c
	return nil
}
