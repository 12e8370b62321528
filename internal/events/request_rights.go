package events

import (
	"context"
	"fmt"
	"slices"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/licensing"
	"github.com/silkbridge/silkbridge/internal/rights"
)

// RequestOutcome is what requesting the missing rights did for one title.
type RequestOutcome struct {
	TitleID     string   `json:"title_id"`
	Screenings  []string `json:"screenings" doc:"The flagged screenings the request covers"`
	Territories []string `json:"territories"`
	RequestID   string   `json:"request_id,omitempty"`
	Licensor    string   `json:"licensor,omitempty"`
	State       string   `json:"state,omitempty"`
	// Error says why no request was made (for instance nobody can grant the terms).
	Error   string `json:"error,omitempty"`
	Refs    []any  `json:"refs,omitempty"`
	Pending bool   `json:"pending,omitempty" doc:"An open request for this title already exists; none was added"`
}

// RequestMissingRights asks each flagged title's holder for festival rights
// in the countries of its flagged venues over the event's dates,
// non-exclusively, through the licensing service (so the request is the
// organiser's, notified and audited like any other). only, when not empty,
// limits it to those screenings. A title with an open request is skipped.
func (s *Service) RequestMissingRights(ctx context.Context, eventID string, only []string) ([]RequestOutcome, error) {
	_, e, err := s.editable(ctx, eventID)
	if err != nil {
		return nil, err
	}
	if s.d.Licensing == nil {
		return nil, apperr.New(apperr.NotFound, "licensing is not enabled")
	}
	in, err := s.checkInput(ctx, e)
	if err != nil {
		return nil, err
	}
	results := Evaluate(in)
	byTitle := map[string]*RequestOutcome{}
	var order []string
	for i, sc := range in.Screenings {
		if len(only) > 0 && !slices.Contains(only, sc.ID) {
			continue
		}
		for _, c := range results[i].Checks {
			if c.Code != NoRights {
				continue
			}
			o := byTitle[sc.TitleID]
			if o == nil {
				o = &RequestOutcome{TitleID: sc.TitleID, Screenings: []string{}, Territories: []string{}}
				byTitle[sc.TitleID] = o
				order = append(order, sc.TitleID)
				if r := c.Request; r != nil && (r.State == "submitted" || r.State == "countered") {
					o.Pending, o.RequestID, o.State, o.Licensor = true, r.ID, r.State, r.Licensor
				}
			}
			o.Screenings = append(o.Screenings, sc.ID)
			if cc := in.Venues[sc.VenueID].Country; !slices.Contains(o.Territories, cc) {
				o.Territories = append(o.Territories, cc)
			}
		}
	}
	out := []RequestOutcome{}
	for _, id := range order {
		o := byTitle[id]
		if !o.Pending {
			s.submit(ctx, e, o)
		}
		out = append(out, *o)
	}
	return out, nil
}

func (s *Service) submit(ctx context.Context, e *Event, o *RequestOutcome) {
	end := e.End
	slices.Sort(o.Territories)
	in := licensing.SubmitInput{Title: o.TitleID, Terms: rights.Terms{Territories: o.Territories,
		Media: []rights.Media{rights.Festival}, Start: e.Start, End: &end},
		Message: fmt.Sprintf("Festival screenings at %s (%s to %s)", e.Slug, e.Start, e.End)}
	r, err := s.d.Licensing.Submit(ctx, in)
	if ae, ok := err.(*apperr.Error); ok && ae.Code == apperr.Invalid && hasField(ae, "licensor") {
		// Several holders could grant: ask the title's owner.
		if t, terr := s.titleAny(ctx, o.TitleID); terr == nil {
			in.Licensor = t.Owner
			r, err = s.d.Licensing.Submit(ctx, in)
		}
	}
	if err != nil {
		o.Error = err.Error()
		if ae, ok := err.(*apperr.Error); ok {
			o.Error, o.Refs = ae.Message, ae.Refs
		}
		return
	}
	o.RequestID, o.Licensor, o.State = r.ID, r.Licensor, string(r.State)
	if err := s.d.Store.EventRequestAdd(ctx, RequestLink{EventID: e.ID, TitleID: o.TitleID, RequestID: r.ID, CreatedAt: s.clock()}); err != nil {
		o.Error = "the request was made but could not be linked to the event"
	}
}

func hasField(ae *apperr.Error, field string) bool {
	for _, f := range ae.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}
