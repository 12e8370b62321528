package events

import (
	"context"
	"slices"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
)

// Deps are what the service reads besides its store. Assets and Subtitles
// may be nil: the checks then leave media out and say subtitles are unknown.
type Deps struct {
	Store     Store
	Titles    Titles
	TitleGet  TitleGetter
	Rights    RightsSource
	Assets    AssetSource
	Subtitles SubtitleSource
	Licensing Licensing
	Orgs      Orgs
}

// Service runs events: who may see and change them, their checks, requests
// for missing rights and publication.
type Service struct {
	d   Deps
	now func() time.Time
}

// NewService returns the events service.
func NewService(d Deps) *Service { return &Service{d: d, now: time.Now} }

// SetSubtitles wires a subtitle source once one exists.
func (s *Service) SetSubtitles(src SubtitleSource) { s.d.Subtitles = src }

func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// EventInput is an event as a caller creates it.
type EventInput struct {
	Kind          Kind                         `json:"kind" enum:"festival,film_week,market,premiere,showcase"`
	Localizations map[string]EventLocalization `json:"localizations"`
	Organiser     string                       `json:"organiser,omitempty" maxLength:"40" doc:"Defaults to your organisation"`
	Partners      []string                     `json:"partners,omitempty" maxItems:"20"`
	Country       string                       `json:"country" maxLength:"2"`
	Start         string                       `json:"start" maxLength:"10"`
	End           string                       `json:"end" maxLength:"10"`
	Timezone      string                       `json:"timezone" maxLength:"64"`
	Slug          string                       `json:"slug" maxLength:"80"`
	Status        Status                       `json:"status,omitempty" enum:"draft,published," doc:"Created as a draft; publish with POST /events/{id}/publish"`
}

// Create records a draft event organised by the caller's organisation.
func (s *Service) Create(ctx context.Context, in EventInput) (*Event, error) {
	p, err := writer(ctx)
	if err != nil {
		return nil, err
	}
	if in.Organiser != "" && in.Organiser != p.Org {
		return nil, apperr.New(apperr.Forbidden, "you may only organise events for %s", p.Org)
	}
	now := s.clock()
	e := &Event{ID: newID(), Kind: in.Kind, Localizations: in.Localizations, Organiser: p.Org, Partners: in.Partners,
		Country: in.Country, Start: in.Start, End: in.End, Timezone: in.Timezone, Slug: in.Slug, Status: Draft,
		Version: 1, CreatedBy: p.Name, CreatedAt: now, UpdatedAt: now}
	f := validateEvent(e)
	if in.Status == Published {
		f.Add("status", "an event is created as a draft; publish it once its programme is checked")
	}
	f = append(f, s.checkPartners(ctx, e.Partners)...)
	if err := f.Err(); err != nil {
		return nil, err
	}
	if e.Partners == nil {
		e.Partners = []string{}
	}
	if err := s.d.Store.EventCreate(ctx, e); err != nil {
		return nil, err
	}
	return e, nil
}

func (s *Service) checkPartners(ctx context.Context, ps []string) apperr.Fields {
	var f apperr.Fields
	for i, p := range ps {
		if !orgRE.MatchString(p) {
			continue
		}
		if _, err := s.d.Orgs.OrgGet(ctx, p); apperr.Is(err, apperr.NotFound) {
			f.Add("partners["+itoa(i)+"]", "no organisation %q", p)
		}
	}
	return f
}

func writer(ctx context.Context) (*auth.Principal, error) {
	p, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	return p, p.RequireWrite()
}

// Get returns an event the caller may read: its organiser and partners read
// drafts; anyone signed in reads published events.
func (s *Service) Get(ctx context.Context, id string) (*Event, error) {
	p, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	e, err := s.d.Store.EventGet(ctx, id)
	if err != nil {
		return nil, err
	}
	if !CanRead(e, p.Org) {
		return nil, apperr.New(apperr.NotFound, "event %q not found", id)
	}
	return e, nil
}

// CanRead says whether org may read e through the signed-in API and pages.
func CanRead(e *Event, org string) bool {
	return e.Status == Published || e.Organiser == org || slices.Contains(e.Partners, org)
}

// editable returns the event if the caller may change it: only the
// organiser's admins and editors do; partners read.
func (s *Service) editable(ctx context.Context, id string) (*auth.Principal, *Event, error) {
	e, err := s.Get(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	p, _ := auth.Require(ctx)
	if e.Organiser != p.Org {
		return nil, nil, apperr.New(apperr.Forbidden, "only %s changes this event", e.Organiser)
	}
	if err := p.RequireWrite(); err != nil {
		return nil, nil, err
	}
	return p, e, nil
}

// List returns the events the caller's organisation organises or partners.
func (s *Service) List(ctx context.Context) ([]*Event, error) {
	p, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	return s.d.Store.EventList(ctx, p.Org)
}

// Patch applies an RFC 7396 merge patch to the event's fields. Publishing
// goes through Publish (a status of published here is refused).
func (s *Service) Patch(ctx context.Context, id string, patch map[string]any, ifMatch string) (*Event, error) {
	_, e, err := s.editable(ctx, id)
	if err != nil {
		return nil, err
	}
	if ifMatch != "" && !ETagMatches(ifMatch, e.Version) {
		return nil, apperr.New(apperr.PreconditionFailed, "event %s has changed (now %s); re-read it and retry", id, ETag(e.Version))
	}
	for _, k := range []string{"id", "organiser", "version", "created_at", "created_by", "updated_at", "override"} {
		if _, ok := patch[k]; ok {
			return nil, apperr.Fields{{Field: k, Message: "cannot be changed"}}.Err()
		}
	}
	next, err := mergeEvent(e, patch)
	if err != nil {
		return nil, err
	}
	f := validateEvent(next)
	if next.Status == Published && e.Status != Published {
		f.Add("status", "publish with POST /api/v1/events/{id}/publish, which runs the checks")
	}
	f = append(f, s.checkPartners(ctx, next.Partners)...)
	if err := f.Err(); err != nil {
		return nil, err
	}
	if next.Start != e.Start || next.End != e.End {
		ss, err := s.d.Store.ScreeningList(ctx, e.ID)
		if err != nil {
			return nil, err
		}
		for _, sc := range ss {
			if d := sc.Day(); d < next.Start || d > next.End {
				return nil, apperr.Fields{{Field: "start", Message: "screening on " + d + " would fall outside the event"}}.Err()
			}
		}
	}
	if next.Status == Draft {
		next.Override = nil
	}
	next.UpdatedAt = s.clock()
	if err := s.d.Store.EventUpdate(ctx, next, e.Version, "event.updated", patch); err != nil {
		return nil, err
	}
	return next, nil
}

// TitleRuntime is the runtime the screening takes by default: the
// mezzanine's duration when known, else the title's runtime.
func (s *Service) titleRuntime(ctx context.Context, t *catalog.Title) int {
	if s.d.Assets != nil {
		if as, err := s.d.Assets.AssetList(ctx, t.ID); err == nil {
			for _, a := range as {
				if a.Kind == "mezzanine" && a.Technical != nil && a.Technical.DurationS > 0 {
					return int(a.Technical.DurationS/60 + 0.999)
				}
			}
		}
	}
	return t.RuntimeMinutes
}

// AddVenue adds a venue with its screens.
func (s *Service) AddVenue(ctx context.Context, eventID string, in VenueInput) (*Venue, error) {
	_, e, err := s.editable(ctx, eventID)
	if err != nil {
		return nil, err
	}
	v := &Venue{ID: newID(), EventID: e.ID, CreatedAt: s.clock()}
	if err := validateVenue(&in, v).Err(); err != nil {
		return nil, err
	}
	if err := s.d.Store.VenueCreate(ctx, v); err != nil {
		return nil, err
	}
	return v, nil
}

// Venues lists an event's venues.
func (s *Service) Venues(ctx context.Context, eventID string) ([]*Venue, error) {
	if _, err := s.Get(ctx, eventID); err != nil {
		return nil, err
	}
	return s.d.Store.VenueList(ctx, eventID)
}

// AddScreening schedules a title. Its start is local time at the venue; a
// time that does not exist there, or a day outside the event, is refused.
func (s *Service) AddScreening(ctx context.Context, eventID string, in ScreeningInput) (*Screening, error) {
	p, e, err := s.editable(ctx, eventID)
	if err != nil {
		return nil, err
	}
	vs, err := s.d.Store.VenueList(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	var v *Venue
	for _, x := range vs {
		if x.ID == in.Venue {
			v = x
		}
	}
	sc := &Screening{ID: newID(), EventID: e.ID, CreatedAt: s.clock()}
	f := validateScreening(e, v, &in, sc)
	if sc.TitleID != "" {
		t, err := s.d.Titles.Readable(ctx, p.Org, sc.TitleID)
		switch {
		case apperr.Is(err, apperr.NotFound):
			f.Add("title", "no title %q you may read", sc.TitleID)
		case err != nil:
			return nil, err
		default:
			sc.RuntimeMinutes = in.RuntimeMinutes
			if sc.RuntimeMinutes == 0 {
				sc.RuntimeMinutes = s.titleRuntime(ctx, t)
			}
			if sc.RuntimeMinutes <= 0 {
				f.Add("runtime_minutes", "the title has no runtime on record: give runtime_minutes")
			}
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	if err := s.d.Store.ScreeningCreate(ctx, sc); err != nil {
		return nil, err
	}
	return sc, nil
}

// Screenings lists an event's screenings by start.
func (s *Service) Screenings(ctx context.Context, eventID string) ([]*Screening, error) {
	if _, err := s.Get(ctx, eventID); err != nil {
		return nil, err
	}
	return s.d.Store.ScreeningList(ctx, eventID)
}

// DeleteScreening removes a screening.
func (s *Service) DeleteScreening(ctx context.Context, eventID, id string) error {
	if _, _, err := s.editable(ctx, eventID); err != nil {
		return err
	}
	return s.d.Store.ScreeningDelete(ctx, eventID, id)
}

// titleAny reads a title whatever its visibility, for the checks and the
// public programme of titles the organiser scheduled.
func (s *Service) titleAny(ctx context.Context, id string) (*catalog.Title, error) {
	return s.d.TitleGet.TitleGet(ctx, id)
}
