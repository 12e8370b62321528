package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/silkbridge/silkbridge/internal/events"
)

// EventOutput is one event with its entity tag.
type EventOutput struct {
	ETag     string `header:"ETag"`
	Location string `header:"Location"`
	Body     *events.Event
}

// EventIDInput names an event.
type EventIDInput struct {
	ID string `path:"id" maxLength:"64"`
}

// EventPatchInput is an RFC 7396 merge patch of an event.
type EventPatchInput struct {
	ID      string         `path:"id" maxLength:"64"`
	IfMatch string         `header:"If-Match" doc:"ETag from a previous read; a stale one is refused with 412"`
	Body    map[string]any `contentType:"application/merge-patch+json" doc:"JSON merge patch (RFC 7396) of the event's fields"`
}

// EventListOutput lists events.
type EventListOutput struct {
	Body struct {
		Items []*events.Event `json:"items"`
	}
}

// VenueCreateInput adds a venue.
type VenueCreateInput struct {
	ID   string `path:"id" maxLength:"64"`
	Body events.VenueInput
}

// VenueOutput is a venue.
type VenueOutput struct{ Body *events.Venue }

// VenueListOutput lists venues.
type VenueListOutput struct {
	Body struct {
		Items []*events.Venue `json:"items"`
	}
}

// ScreeningCreateInput adds a screening.
type ScreeningCreateInput struct {
	ID   string `path:"id" maxLength:"64"`
	Body events.ScreeningInput
}

// ScreeningOutput is a screening.
type ScreeningOutput struct{ Body *events.Screening }

// ScreeningListOutput lists screenings.
type ScreeningListOutput struct {
	Body struct {
		Items []*events.Screening `json:"items"`
	}
}

// ScreeningDeleteInput removes a screening.
type ScreeningDeleteInput struct {
	ID          string `path:"id" maxLength:"64"`
	ScreeningID string `path:"screening" maxLength:"64"`
}

// ChecksOutput are the checks of every screening.
type ChecksOutput struct {
	Body struct {
		Screenings []events.ScreeningChecks `json:"screenings"`
		Blocking   int                      `json:"blocking" doc:"Blocking checks in all; publishing with any needs an override_reason"`
	}
}

// RequestRightsInput asks for the missing rights.
type RequestRightsInput struct {
	ID   string `path:"id" maxLength:"64"`
	Body struct {
		Screenings []string `json:"screenings,omitempty" maxItems:"500" doc:"Limit to these flagged screenings; default every screening flagged no_rights"`
	}
}

// RequestRightsOutput says what was requested per title.
type RequestRightsOutput struct {
	Body struct {
		Titles []events.RequestOutcome `json:"titles"`
	}
}

// PublishInput publishes an event.
type PublishInput struct {
	ID      string `path:"id" maxLength:"64"`
	IfMatch string `header:"If-Match"`
	Body    events.PublishInput
}

func registerEvents(api *API) {
	if api.deps.Events == nil {
		return
	}
	ev := api.deps.Events
	tags := []string{"events"}
	huma.Register(api, huma.Operation{
		OperationID: "create-event", Method: http.MethodPost, Path: "/api/v1/events", DefaultStatus: http.StatusCreated,
		Summary: "Create a festival, film week or other event organised by your organisation", Tags: tags, Security: secured,
	}, func(ctx context.Context, in *struct{ Body events.EventInput }) (*EventOutput, error) {
		e, err := ev.Create(ctx, in.Body)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		return &EventOutput{ETag: events.ETag(e.Version), Location: "/api/v1/events/" + e.ID, Body: e}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "list-events", Method: http.MethodGet, Path: "/api/v1/events",
		Summary: "List the events your organisation organises or partners", Tags: tags, Security: secured,
	}, func(ctx context.Context, _ *struct{}) (*EventListOutput, error) {
		list, err := ev.List(ctx)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		out := &EventListOutput{}
		out.Body.Items = list
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "get-event", Method: http.MethodGet, Path: "/api/v1/events/{id}",
		Summary: "Get an event", Description: "Drafts are read by the organiser and partners only; to anyone else they are 404.", Tags: tags, Security: secured,
	}, func(ctx context.Context, in *EventIDInput) (*EventOutput, error) {
		e, err := ev.Get(ctx, in.ID)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		return &EventOutput{ETag: events.ETag(e.Version), Body: e}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "patch-event", Method: http.MethodPatch, Path: "/api/v1/events/{id}",
		Summary: "Change an event (JSON merge patch)", Tags: tags, Security: secured,
	}, func(ctx context.Context, in *EventPatchInput) (*EventOutput, error) {
		e, err := ev.Patch(ctx, in.ID, in.Body, in.IfMatch)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		return &EventOutput{ETag: events.ETag(e.Version), Body: e}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "create-venue", Method: http.MethodPost, Path: "/api/v1/events/{id}/venues", DefaultStatus: http.StatusCreated,
		Summary: "Add a venue with its screens", Tags: tags, Security: secured,
	}, func(ctx context.Context, in *VenueCreateInput) (*VenueOutput, error) {
		v, err := ev.AddVenue(ctx, in.ID, in.Body)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		return &VenueOutput{Body: v}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "list-venues", Method: http.MethodGet, Path: "/api/v1/events/{id}/venues",
		Summary: "List an event's venues", Tags: tags, Security: secured,
	}, func(ctx context.Context, in *EventIDInput) (*VenueListOutput, error) {
		vs, err := ev.Venues(ctx, in.ID)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		out := &VenueListOutput{}
		out.Body.Items = vs
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "create-screening", Method: http.MethodPost, Path: "/api/v1/events/{id}/screenings", DefaultStatus: http.StatusCreated,
		Summary:     "Schedule a screening",
		Description: "start is local time at the venue; a time the clocks skip there, or a day outside the event, is a 422 naming the field.",
		Tags:        tags, Security: secured,
	}, func(ctx context.Context, in *ScreeningCreateInput) (*ScreeningOutput, error) {
		s, err := ev.AddScreening(ctx, in.ID, in.Body)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		return &ScreeningOutput{Body: s}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "list-screenings", Method: http.MethodGet, Path: "/api/v1/events/{id}/screenings",
		Summary: "List an event's screenings by start", Tags: tags, Security: secured,
	}, func(ctx context.Context, in *EventIDInput) (*ScreeningListOutput, error) {
		ss, err := ev.Screenings(ctx, in.ID)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		out := &ScreeningListOutput{}
		out.Body.Items = ss
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "delete-screening", Method: http.MethodDelete, Path: "/api/v1/events/{id}/screenings/{screening}", DefaultStatus: http.StatusNoContent,
		Summary: "Remove a screening", Tags: tags, Security: secured,
	}, func(ctx context.Context, in *ScreeningDeleteInput) (*struct{}, error) {
		return nil, api.internalOrNil(ctx, ev.DeleteScreening(ctx, in.ID, in.ScreeningID))
	})
	registerEventChecks(api, ev, tags)
}

func registerEventChecks(api *API, ev *events.Service, tags []string) {
	huma.Register(api, huma.Operation{
		OperationID: "event-checks", Method: http.MethodGet, Path: "/api/v1/events/{id}/checks",
		Summary:     "Check every screening against rights, media, subtitles and the venue's schedule",
		Description: "Computed afresh on each call, so changes to rights, licences, subtitles or media show at once.",
		Tags:        tags, Security: secured,
	}, func(ctx context.Context, in *EventIDInput) (*ChecksOutput, error) {
		cs, err := ev.Checks(ctx, in.ID)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		out := &ChecksOutput{}
		out.Body.Screenings, out.Body.Blocking = cs, events.CountBlocking(cs)
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "event-request-rights", Method: http.MethodPost, Path: "/api/v1/events/{id}/request-rights",
		Summary: "Request the missing rights in one step",
		Description: "For each title flagged no_rights, asks its holder for festival rights in the flagged venues' countries over " +
			"the event's dates, non-exclusively (a licensing request per title; see docs/licensing.md). Their progress shows on the checks.",
		Tags: tags, Security: secured,
	}, func(ctx context.Context, in *RequestRightsInput) (*RequestRightsOutput, error) {
		res, err := ev.RequestMissingRights(ctx, in.ID, in.Body.Screenings)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		out := &RequestRightsOutput{}
		out.Body.Titles = res
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "publish-event", Method: http.MethodPost, Path: "/api/v1/events/{id}/publish",
		Summary:     "Publish an event",
		Description: "With blocking checks the answer is 409 listing them, unless override_reason says why it is published anyway (audited).",
		Tags:        tags, Security: secured,
	}, func(ctx context.Context, in *PublishInput) (*EventOutput, error) {
		e, err := ev.Publish(ctx, in.ID, in.Body, in.IfMatch)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		return &EventOutput{ETag: events.ETag(e.Version), Body: e}, nil
	})
}
