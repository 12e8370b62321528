package rights

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
)

// TitleReader says whether an organisation may read a title (catalog.Service).
type TitleReader interface {
	Readable(ctx context.Context, viewer, id string) (*catalog.Title, error)
}

// Service applies the rights rules: who may record what, and that licences
// stay inside holdings and clear of each other.
type Service struct {
	store  Store
	titles TitleReader
	now    func() time.Time
}

// NewService returns a rights service over store, reading titles through titles.
func NewService(store Store, titles TitleReader) *Service {
	return &Service{store: store, titles: titles, now: time.Now}
}

// HoldingInput is a holding as a caller records it.
type HoldingInput struct {
	Holder string `json:"holder,omitempty" doc:"Defaults to your organisation; only its admins and editors may record its holdings"`
	Terms
}

// LicenceInput is a licence as a caller records it.
type LicenceInput struct {
	Licensor string `json:"licensor,omitempty" doc:"Defaults to your organisation; it must hold the rights"`
	Licensee string `json:"licensee" maxLength:"200" doc:"Organisation slug or name of the licensee"`
	Terms
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// writer returns the caller, who must be able to write for org.
func (s *Service) writer(ctx context.Context, titleID, org, field string) (*auth.Principal, error) {
	p, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := s.titles.Readable(ctx, p.Org, titleID); err != nil {
		return nil, err
	}
	if org != "" && org != p.Org {
		return nil, apperr.New(apperr.Forbidden, "only %s may record its own %s; you act for %s", org, field, p.Org)
	}
	return p, p.RequireWrite()
}

// AddHolding records a holding of the caller's organisation on a title: a
// confirmed holding when it keeps the title (owner or producer), else a claim
// (Status claimed) for the keepers to decide.
func (s *Service) AddHolding(ctx context.Context, titleID string, in HoldingInput) (*Holding, error) {
	p, err := s.writer(ctx, titleID, in.Holder, "holdings")
	if err != nil {
		return nil, err
	}
	h := &Holding{ID: newID(), TitleID: titleID, Holder: p.Org, Terms: in.Terms, CreatedBy: p.Name,
		CreatedAt: s.now().UTC().Truncate(time.Microsecond)}
	if h.c, err = h.Terms.Normalize(); err != nil {
		return nil, err
	}
	err = s.store.RightsChange(ctx, titleID, func(f *Family) (*Change, error) {
		h.Status = HoldingStatusFor(f, h, nil)
		if err := CheckHolding(f, h); err != nil {
			return nil, err
		}
		return &Change{AddHoldings: []*Holding{h}}, nil
	})
	if err != nil {
		return nil, OwnConflict(ctx, err)
	}
	return h, nil
}

// AddLicence records a licence granted by the caller's organisation.
func (s *Service) AddLicence(ctx context.Context, titleID string, in LicenceInput) (*Licence, error) {
	p, err := s.writer(ctx, titleID, in.Licensor, "licences")
	if err != nil {
		return nil, err
	}
	l := &Licence{ID: newID(), TitleID: titleID, Licensor: p.Org, Licensee: in.Licensee, Terms: in.Terms,
		CreatedBy: p.Name, CreatedAt: s.now().UTC().Truncate(time.Microsecond)}
	if err := s.Grant(ctx, l); err != nil {
		return nil, err
	}
	return l, nil
}

// Grant validates l and records it if its licensor can grant it, re-checking
// availability in the same transaction as the insert. It does no authorisation:
// the caller (the API above, or the licensing flow accepting a request) has.
// l.ID and l.CreatedAt are set when empty.
func (s *Service) Grant(ctx context.Context, l *Licence) error {
	if l.ID == "" {
		l.ID = newID()
	}
	if l.CreatedAt.IsZero() {
		l.CreatedAt = s.now().UTC().Truncate(time.Microsecond)
	}
	if err := validLicence(l); err != nil {
		return err
	}
	return OwnConflict(ctx, s.store.RightsChange(ctx, l.TitleID, func(f *Family) (*Change, error) {
		if err := CheckLicence(f, l); err != nil {
			return nil, err
		}
		return &Change{AddLicences: []*Licence{l}}, nil
	}))
}

func fieldsOf(err error) []apperr.FieldError {
	if ae, ok := err.(*apperr.Error); ok {
		return ae.Fields
	}
	return nil
}

// Holdings lists the confirmed holdings that apply to a title: its own and
// those inherited from its season and series (Claims lists claims).
func (s *Service) Holdings(ctx context.Context, titleID string) ([]*Holding, error) {
	f, err := s.family(ctx, titleID)
	if err != nil {
		return nil, err
	}
	chain := f.chain(titleID)
	out := []*Holding{}
	for _, h := range f.Holdings {
		if chain[h.TitleID] && h.Counts() {
			out = append(out, h)
		}
	}
	return out, nil
}

// Licences lists the licences on a title and on its season and series.
func (s *Service) Licences(ctx context.Context, titleID string) ([]*Licence, error) {
	f, err := s.family(ctx, titleID)
	if err != nil {
		return nil, err
	}
	chain := f.chain(titleID)
	out := []*Licence{}
	for _, l := range f.Licences {
		if chain[l.TitleID] {
			out = append(out, l)
		}
	}
	return out, nil
}

func (s *Service) family(ctx context.Context, titleID string) (*Family, error) {
	p, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	fams, err := s.store.RightsFamiliesFor(ctx, p.Org, []string{titleID})
	if err != nil {
		return nil, err
	}
	if fams[0] == nil {
		return nil, apperr.New(apperr.NotFound, "title %q not found", titleID)
	}
	return fams[0], nil
}

// DeleteHolding removes a holding of the caller's organisation, unless
// licences it granted still lie inside it. A claimant withdraws its claim so.
func (s *Service) DeleteHolding(ctx context.Context, titleID, id string) error {
	p, err := s.writer(ctx, titleID, "", "holdings")
	if err != nil {
		return err
	}
	return s.store.RightsChange(ctx, titleID, func(f *Family) (*Change, error) {
		for _, h := range f.Holdings {
			if h.ID == id && h.TitleID == titleID {
				if !h.Counts() && h.Holder != p.Org && !f.Keeper(p.Org) {
					break // others' claims are invisible
				}
				if h.Holder != p.Org {
					return nil, apperr.New(apperr.Forbidden, "only %s may delete its holding", h.Holder)
				}
				if err := CheckHoldingRemoval(f, id); err != nil {
					return nil, err
				}
				return &Change{DeleteHoldings: []string{id}}, nil
			}
		}
		return nil, apperr.New(apperr.NotFound, "holding %q not found on title %s", id, titleID)
	})
}

// DeleteLicence removes a licence granted by the caller's organisation.
func (s *Service) DeleteLicence(ctx context.Context, titleID, id string) error {
	p, err := s.writer(ctx, titleID, "", "licences")
	if err != nil {
		return err
	}
	return s.store.RightsChange(ctx, titleID, func(f *Family) (*Change, error) {
		for _, l := range f.Licences {
			if l.ID == id && l.TitleID == titleID {
				if l.Licensor != p.Org {
					return nil, apperr.New(apperr.Forbidden, "only the licensor %s may delete its licence", l.Licensor)
				}
				return &Change{DeleteLicences: []string{id}}, nil
			}
		}
		return nil, apperr.New(apperr.NotFound, "licence %q not found on title %s", id, titleID)
	})
}
