package exchange

import (
	"context"
	"strings"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/textrule"
)

func participantOf(e *Exchange, pid string) (*Participant, error) {
	for _, p := range e.Participants {
		if p.ID == pid {
			return p, nil
		}
	}
	return nil, apperr.New(apperr.NotFound, "participant %q not found", pid)
}

// hostParticipant finds participant pid of programme id for a change only
// the host's writers may make; what names that change in the refusal.
func (s *Service) hostParticipant(ctx context.Context, id, pid, what string) (*auth.Principal, *Exchange, *Participant, error) {
	pr, e, err := s.readable(ctx, id)
	if err != nil {
		return nil, nil, nil, err
	}
	if pr.Org != e.Host {
		return nil, nil, nil, apperr.New(apperr.Forbidden, "only the host %s %s", e.Host, what)
	}
	if err := pr.RequireWrite(); err != nil {
		return nil, nil, nil, err
	}
	p, err := participantOf(e, pid)
	if err != nil {
		return nil, nil, nil, err
	}
	return pr, e, p, nil
}

// Nominate adds a person of the sending organisation to a programme that
// has not started. A passport that expires before the programme ends is
// answered with a warning, not a refusal: the person may renew it in time.
func (s *Service) Nominate(ctx context.Context, id, personID string) (*Participant, error) {
	pr, e, err := s.readable(ctx, id)
	if err != nil {
		return nil, err
	}
	if pr.Org != e.Sender {
		return nil, apperr.New(apperr.Forbidden, "only %s nominates participants", e.Sender)
	}
	if err := pr.RequireWrite(); err != nil {
		return nil, err
	}
	if e.State != Proposed && e.State != Open {
		return nil, apperr.New(apperr.Conflict, "participants are nominated before the programme starts")
	}
	personID = strings.TrimSpace(personID)
	if personID == "" || len(personID) > 64 {
		return nil, (&apperr.Fields{{Field: "person", Message: "is required"}}).Err()
	}
	pe, err := s.store.PersonGet(ctx, personID)
	if apperr.Is(err, apperr.NotFound) {
		return nil, (&apperr.Fields{{Field: "person", Code: "exchange.person", Message: "unknown person " + truncate(personID)}}).Err()
	}
	if err != nil {
		return nil, err
	}
	if pe.Erased || pe.Org != e.Sender {
		return nil, (&apperr.Fields{{Field: "person", Code: CodeThirdOrg,
			Message: "must be a person of the sending organisation " + e.Sender}}).Err()
	}
	now := s.now().UTC().Truncate(time.Microsecond)
	p := &Participant{ID: newID(), ExchangeID: e.ID, PersonID: pe.ID, Status: Nominated, Itinerary: []Item{},
		Version: 1, CreatedAt: now, UpdatedAt: now}
	if err := s.store.ParticipantCreate(ctx, e, p, pr.Name); err != nil {
		return nil, err
	}
	if pe.Private != nil && pe.Private.PassportExpiry != "" && pe.Private.PassportExpiry < e.End {
		p.Warnings = append(p.Warnings, Warning{Code: CodePassportExpires, Field: "person",
			Message: "the passport expires before the programme ends (" + e.End + ")"})
	}
	return p, nil
}

// Decision is the host's answer about one participant.
type ParticipantDecision struct {
	Decision ParticipantStatus `json:"decision" enum:"accepted,declined"`
	Comment  string            `json:"comment,omitempty" maxLength:"2000"`
}

// Decide records the host's acceptance or refusal of a nominee. Accepting
// more people than the programme has places is refused.
func (s *Service) Decide(ctx context.Context, id, pid string, d ParticipantDecision, ifMatch string) (*Participant, error) {
	pr, e, p, err := s.hostParticipant(ctx, id, pid, "accepts or declines participants")
	if err != nil {
		return nil, err
	}
	var errs apperr.Fields
	if d.Decision != Accepted && d.Decision != Declined {
		errs = append(errs, apperr.FieldError{Field: "decision", Code: "exchange.decision", Message: "must be accepted or declined"})
	}
	d.Comment = strings.TrimSpace(d.Comment)
	text(&errs, "comment", d.Comment, 0, CommentMax, textrule.MultiLine)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if ifMatch != "" && !catalog.ETagMatches(ifMatch, p.Version) {
		return nil, apperr.New(apperr.PreconditionFailed, "participant %s has changed (now %s)", pid, catalog.ETag(p.Version))
	}
	if p.Status != Nominated || (e.State != Proposed && e.State != Open) {
		return nil, apperr.New(apperr.Conflict, "only a nominee of a programme that has not started can be accepted or declined")
	}
	if d.Decision == Accepted {
		n := 0
		for _, o := range e.Participants {
			if o.Status == Accepted {
				n++
			}
		}
		if n >= e.Places {
			return nil, &apperr.Error{Code: apperr.Conflict, Message: "all places are taken",
				Fields: []apperr.FieldError{{Field: "decision", Code: CodePlacesFull, Message: "all places are taken", Params: map[string]any{"places": e.Places}}}}
		}
	}
	p.Status, p.Comment = d.Decision, d.Comment
	event := EventAccepted
	if d.Decision == Declined {
		event = EventDeclined
	}
	return p, s.saveParticipant(ctx, e, p, event, pr)
}

// Withdraw takes a nominee or accepted participant off a programme that
// has not started; either party may.
func (s *Service) Withdraw(ctx context.Context, id, pid, comment, ifMatch string) (*Participant, error) {
	pr, e, err := s.readable(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := pr.RequireWrite(); err != nil {
		return nil, err
	}
	p, err := participantOf(e, pid)
	if err != nil {
		return nil, err
	}
	var errs apperr.Fields
	comment = strings.TrimSpace(comment)
	text(&errs, "comment", comment, 0, CommentMax, textrule.MultiLine)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if ifMatch != "" && !catalog.ETagMatches(ifMatch, p.Version) {
		return nil, apperr.New(apperr.PreconditionFailed, "participant %s has changed (now %s)", pid, catalog.ETag(p.Version))
	}
	if (p.Status != Nominated && p.Status != Accepted) || (e.State != Proposed && e.State != Open) || s.today() >= e.Start {
		return nil, apperr.New(apperr.Conflict, "participants can be withdrawn only before the programme starts")
	}
	p.Status, p.Comment = Withdrawn, comment
	return p, s.saveParticipant(ctx, e, p, EventWithdrawn, pr)
}

// SetItinerary replaces a participant's itinerary (host editors). Entries
// that link a festival screening must name one that exists.
func (s *Service) SetItinerary(ctx context.Context, id, pid string, items []Item, ifMatch string, prefs []string) (*Participant, error) {
	pr, e, p, err := s.hostParticipant(ctx, id, pid, "writes itineraries")
	if err != nil {
		return nil, err
	}
	items, err = NormalizeItinerary(items)
	if err != nil {
		return nil, err
	}
	var errs apperr.Fields
	for i, it := range items {
		if it.ScreeningID == "" {
			continue
		}
		ok, err := s.store.ScreeningExists(ctx, it.ScreeningID)
		if err != nil {
			return nil, err
		}
		if !ok {
			errs.Add("itinerary["+itoa(i)+"].screening_id", "unknown screening %q", truncate(it.ScreeningID))
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if ifMatch != "" && !catalog.ETagMatches(ifMatch, p.Version) {
		return nil, apperr.New(apperr.PreconditionFailed, "participant %s has changed (now %s)", pid, catalog.ETag(p.Version))
	}
	if p.Status != Accepted {
		return nil, apperr.New(apperr.Conflict, "only an accepted participant has an itinerary")
	}
	p.Itinerary = items
	if err := s.saveParticipant(ctx, e, p, EventItinerary, pr); err != nil {
		return nil, err
	}
	LocalizeItinerary(p.Itinerary, prefs)
	return p, nil
}

// Participant returns one participant of a programme, localized.
func (s *Service) Participant(ctx context.Context, id, pid string, prefs []string) (*Exchange, *Participant, error) {
	pr, e, err := s.readable(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	p, err := participantOf(e, pid)
	if err != nil {
		return nil, nil, err
	}
	s.present(ctx, pr, e, prefs)
	return e, p, nil
}

func (s *Service) saveParticipant(ctx context.Context, e *Exchange, p *Participant, event string, pr *auth.Principal) error {
	p.Version++
	p.UpdatedAt = s.now().UTC().Truncate(time.Microsecond)
	return s.store.ParticipantUpdate(ctx, e, p, event, pr.Org, pr.Name)
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}
