package exchange

import (
	"context"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/people"
)

// Store persists programmes. Every write records, in its transaction, an
// audit entry for both parties, the webhook event (when it is one) and an
// in-app notification to the other party.
type Store interface {
	ExchangeCreate(ctx context.Context, e *Exchange, actor string) error
	// ExchangeGet returns a programme with its participants.
	ExchangeGet(ctx context.Context, id string) (*Exchange, error)
	// ExchangeList returns the programmes org sends or hosts, newest first.
	ExchangeList(ctx context.Context, org string) ([]*Exchange, error)
	// ExchangeUpdate replaces a programme stored at e.Version-1 (else
	// PreconditionFailed) and records event as org/actor.
	ExchangeUpdate(ctx context.Context, e *Exchange, event, org, actor string) error
	// ParticipantCreate adds a nomination (Conflict when the person is
	// already nominated).
	ParticipantCreate(ctx context.Context, e *Exchange, p *Participant, actor string) error
	// ParticipantUpdate replaces a participant stored at p.Version-1.
	ParticipantUpdate(ctx context.Context, e *Exchange, p *Participant, event, org, actor string) error
	// ExchangeSettingsGet returns org's settings (defaults when none saved).
	ExchangeSettingsGet(ctx context.Context, org string) (*Settings, error)
	// ExchangeSettingsPut stores settings at s.Version-1.
	ExchangeSettingsPut(ctx context.Context, s *Settings, actor string) error
	// ExchangeHostsOf returns the hosts of live programmes the person is
	// nominated for or accepted in, before their retention ran.
	ExchangeHostsOf(ctx context.Context, personID string) ([]string, error)
	// ExchangeCoordinates reports whether email is a coordinator, named by
	// org (the host), of such a programme of the person.
	ExchangeCoordinates(ctx context.Context, personID, org, email string) (bool, error)
	// ExchangeRetentionDue returns completed programmes whose sender's
	// retention period ended by now and that still wait for erasure.
	ExchangeRetentionDue(ctx context.Context, now time.Time) ([]*Exchange, error)
	// ExchangeRetentionDone marks a programme's erasure done (audited).
	ExchangeRetentionDone(ctx context.Context, e *Exchange, erased []string) error
	// ExchangeDue returns programmes whose state the calendar moves on:
	// open ones that started by today and running ones that ended before.
	ExchangeDue(ctx context.Context, today string) ([]*Exchange, error)
	// ScreeningExists reports whether a festival screening exists.
	ScreeningExists(ctx context.Context, id string) (bool, error)
	PersonGet(ctx context.Context, id string) (*people.Person, error)
	OrgPartners(ctx context.Context, org string) ([]string, error)
	OrgExists(ctx context.Context, slug string) (bool, error)
}

// Eraser removes a person's private fields (people.Service.ErasePrivate).
type Eraser interface {
	ErasePrivate(ctx context.Context, id string) error
}

// Service applies the programme rules.
//
// Who may do what:
//   - propose, edit while proposed, nominate: editors and admins of the sender;
//   - agree (proposed → open), accept or decline participants, edit
//     itineraries and letters: editors and admins of the host;
//   - name coordinators: admins of the host;
//   - cancel, withdraw a participant: either party before the start;
//   - start and complete: either party, or the calendar (Sweep);
//   - read: members of either party.
type Service struct {
	store  Store
	eraser Eraser
	now    func() time.Time
}

// NewService returns the programme service; eraser may be nil (no retention).
func NewService(store Store, eraser Eraser) *Service {
	return &Service{store: store, eraser: eraser, now: time.Now}
}

// SetClock replaces the clock (tests and demo data).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

func newID() string { return uuid.Must(uuid.NewV7()).String() }

func notFound(id string) error { return apperr.New(apperr.NotFound, "exchange %q not found", id) }

func (s *Service) today() string { return s.now().UTC().Format(time.DateOnly) }

// readable loads a programme the caller's organisation takes part in.
func (s *Service) readable(ctx context.Context, id string) (*auth.Principal, *Exchange, error) {
	pr, err := auth.Require(ctx)
	if err != nil {
		return nil, nil, err
	}
	e, err := s.store.ExchangeGet(ctx, id)
	if apperr.Is(err, apperr.NotFound) {
		return nil, nil, notFound(id)
	}
	if err != nil {
		return nil, nil, err
	}
	if !e.Party(pr.Org) {
		return nil, nil, notFound(id)
	}
	return pr, e, nil
}

// Get returns a programme with its participants localized for prefs.
func (s *Service) Get(ctx context.Context, id string, prefs []string) (*Exchange, error) {
	pr, e, err := s.readable(ctx, id)
	if err != nil {
		return nil, err
	}
	s.present(ctx, pr, e, prefs)
	return e, nil
}

// present names participants, hides the host's coordinators from the
// sender and localizes.
func (s *Service) present(ctx context.Context, pr *auth.Principal, e *Exchange, prefs []string) {
	if pr.Org != e.Host {
		e.Coordinators = nil
	}
	for _, p := range e.Participants {
		if pe, err := s.store.PersonGet(ctx, p.PersonID); err == nil {
			people.Localize(pe, prefs)
			p.Name = pe.DisplayName
		}
	}
	Localize(e, prefs)
}

// List returns the programmes the caller's organisation sends or hosts.
func (s *Service) List(ctx context.Context, prefs []string) ([]*Exchange, error) {
	pr, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	items, err := s.store.ExchangeList(ctx, pr.Org)
	if err != nil {
		return nil, err
	}
	for _, e := range items {
		if pr.Org != e.Host {
			e.Coordinators = nil
		}
		Localize(e, prefs)
	}
	return items, nil
}

// Create proposes a programme from the caller's organisation to a partner.
func (s *Service) Create(ctx context.Context, f ProgrammeFields) (*Exchange, error) {
	pr, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	if err := pr.RequireWrite(); err != nil {
		return nil, err
	}
	if err := s.check(ctx, pr.Org, &f); err != nil {
		return nil, err
	}
	now := s.now().UTC().Truncate(time.Microsecond)
	e := &Exchange{ID: newID(), Sender: pr.Org, ProgrammeFields: f, State: Proposed, Version: 1, CreatedBy: pr.Name, CreatedAt: now, UpdatedAt: now}
	if err := s.store.ExchangeCreate(ctx, e, pr.Name); err != nil {
		return nil, err
	}
	return e, nil
}

// check validates fields and that the host is a partner of the sender.
func (s *Service) check(ctx context.Context, sender string, f *ProgrammeFields) error {
	err := f.Normalize()
	var errs apperr.Fields
	if ae, ok := err.(*apperr.Error); ok {
		errs = ae.Fields
	} else if err != nil {
		return err
	}
	if f.Host != "" {
		partners, err := s.store.OrgPartners(ctx, sender)
		if err != nil {
			return err
		}
		if f.Host == sender || !slices.Contains(partners, f.Host) {
			errs = append(errs, apperr.FieldError{Field: "host_org", Code: CodeNotPartner,
				Message: "must be a partner organisation of " + sender + ", not " + truncate(f.Host)})
		}
	}
	return errs.Err()
}

// Patch changes a proposed programme's fields (sender) or, at any time
// before completion, the host's coordinators (host admins). patch is an
// RFC 7396 merge patch of ProgrammeFields plus "coordinators".
func (s *Service) Patch(ctx context.Context, id string, patch map[string]any, ifMatch string) (*Exchange, error) {
	pr, e, err := s.readable(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := pr.RequireWrite(); err != nil {
		return nil, err
	}
	if ifMatch != "" && !catalog.ETagMatches(ifMatch, e.Version) {
		return nil, apperr.New(apperr.PreconditionFailed, "exchange %s has changed (now %s)", id, catalog.ETag(e.Version))
	}
	coords, hasCoords := patch["coordinators"]
	delete(patch, "coordinators")
	if hasCoords {
		if pr.Org != e.Host || !pr.IsAdmin() {
			return nil, apperr.New(apperr.Forbidden, "only admins of %s name coordinators", e.Host)
		}
		list, err := coordinators(coords)
		if err != nil {
			return nil, err
		}
		e.Coordinators = list
	}
	if len(patch) > 0 {
		if pr.Org != e.Sender || e.State != Proposed {
			return nil, apperr.New(apperr.Forbidden, "only %s changes the programme, and only while it is proposed", e.Sender)
		}
		f, err := mergeFields(e.ProgrammeFields, patch)
		if err != nil {
			return nil, err
		}
		if f.Host != e.Host {
			return nil, (&apperr.Fields{{Field: "host_org", Message: "cannot change; cancel and propose anew"}}).Err()
		}
		if err := s.check(ctx, e.Sender, &f); err != nil {
			return nil, err
		}
		e.ProgrammeFields = f
	}
	e.Version++
	e.UpdatedAt = s.now().UTC().Truncate(time.Microsecond)
	if err := s.store.ExchangeUpdate(ctx, e, EventUpdated, pr.Org, pr.Name); err != nil {
		return nil, err
	}
	s.present(ctx, pr, e, nil)
	return e, nil
}

// Transition moves a programme to state to. Who may: the host agrees
// (open); either party cancels before the start, starts an open programme
// from its first day and completes a running one.
func (s *Service) Transition(ctx context.Context, id string, to State, ifMatch string) (*Exchange, error) {
	pr, e, err := s.readable(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := pr.RequireWrite(); err != nil {
		return nil, err
	}
	if ifMatch != "" && !catalog.ETagMatches(ifMatch, e.Version) {
		return nil, apperr.New(apperr.PreconditionFailed, "exchange %s has changed (now %s)", id, catalog.ETag(e.Version))
	}
	today := s.today()
	refuse := func(msg string) error {
		return &apperr.Error{Code: apperr.Conflict, Message: msg, Fields: []apperr.FieldError{{Field: "state", Code: CodeState, Message: msg}}}
	}
	var event string
	switch to {
	case Open:
		if e.State != Proposed {
			return nil, refuse("only a proposed programme can be opened")
		}
		if pr.Org != e.Host {
			return nil, apperr.New(apperr.Forbidden, "only the host %s agrees to a programme", e.Host)
		}
		event = EventOpened
	case Running:
		if e.State != Open {
			return nil, refuse("only an open programme can start")
		}
		if today < e.Start {
			return nil, refuse("the programme starts on " + e.Start)
		}
		event = EventRunning
	case Completed:
		if e.State != Running {
			return nil, refuse("only a running programme can be completed")
		}
		event = EventCompleted
	case Cancelled:
		if e.State != Proposed && e.State != Open {
			return nil, refuse("only a programme that has not started can be cancelled")
		}
		if today >= e.Start {
			return nil, refuse("the programme started on " + e.Start)
		}
		event = EventCancelled
	default:
		return nil, (&apperr.Fields{{Field: "state", Code: "exchange.unknown_state", Message: "must be open, running, completed or cancelled"}}).Err()
	}
	if err := s.move(ctx, e, to, event, pr.Org, pr.Name); err != nil {
		return nil, err
	}
	s.present(ctx, pr, e, nil)
	return e, nil
}

func (s *Service) move(ctx context.Context, e *Exchange, to State, event, org, actor string) error {
	e.State = to
	e.Version++
	e.UpdatedAt = s.now().UTC().Truncate(time.Microsecond)
	if to == Completed {
		at := e.UpdatedAt
		e.CompletedAt = &at
	}
	return s.store.ExchangeUpdate(ctx, e, event, org, actor)
}

// Sweep moves programmes on by the calendar: open ones whose first day
// came start running, running ones whose last day passed are completed.
// It returns how many moved.
func (s *Service) Sweep(ctx context.Context) (int, error) {
	today := s.today()
	due, err := s.store.ExchangeDue(ctx, today)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range due {
		to, event := Running, EventRunning
		if e.State == Running {
			to, event = Completed, EventCompleted
		}
		err := s.move(ctx, e, to, event, "", "calendar")
		if apperr.Is(err, apperr.PreconditionFailed) {
			continue // someone moved it meanwhile; the next sweep sees it
		}
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
