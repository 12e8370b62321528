package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/exchange"
)

// ExchangeCreateInput is the body of POST /exchanges.
type ExchangeCreateInput struct {
	LangParams
	Body exchange.ProgrammeFields
}

// ExchangeOutput is one programme with its entity tag.
type ExchangeOutput struct {
	ETag     string `header:"ETag"`
	Location string `header:"Location"`
	Body     *exchange.Exchange
}

// ExchangeIDInput names a programme.
type ExchangeIDInput struct {
	LangParams
	ID string `path:"id" maxLength:"64"`
}

// ExchangePatchInput is a merge patch of a programme.
type ExchangePatchInput struct {
	LangParams
	ID      string         `path:"id" maxLength:"64"`
	IfMatch string         `header:"If-Match" doc:"ETag from a previous read; a stale one is refused with 412"`
	Body    map[string]any `contentType:"application/merge-patch+json" doc:"JSON merge patch (RFC 7396) of the programme's fields (sender, while proposed) or of \"coordinators\" (host admins)"`
}

// ExchangeStateInput moves a programme.
type ExchangeStateInput struct {
	LangParams
	ID      string `path:"id" maxLength:"64"`
	IfMatch string `header:"If-Match"`
	Body    struct {
		State exchange.State `json:"state" enum:"open,running,completed,cancelled" doc:"open: the host agrees; running, completed: either party (the calendar does it too); cancelled: either party before the start"`
	}
}

// ExchangeListOutput lists programmes.
type ExchangeListOutput struct {
	Body struct {
		Items []*exchange.Exchange `json:"items"`
	}
}

// NominateInput nominates a person.
type NominateInput struct {
	ID   string `path:"id" maxLength:"64"`
	Body struct {
		Person string `json:"person" maxLength:"64" doc:"Id of a person of the sending organisation"`
	}
}

// ParticipantOutput is one participant.
type ParticipantOutput struct {
	ETag string `header:"ETag"`
	Body *exchange.Participant
}

// ParticipantIDInput names a participant.
type ParticipantIDInput struct {
	LangParams
	ID  string `path:"id" maxLength:"64"`
	PID string `path:"pid" maxLength:"64"`
}

// DecisionInput is the host's decision on a nominee.
type DecisionInput struct {
	ID      string `path:"id" maxLength:"64"`
	PID     string `path:"pid" maxLength:"64"`
	IfMatch string `header:"If-Match"`
	Body    exchange.ParticipantDecision
}

// WithdrawInput withdraws a participant.
type WithdrawInput struct {
	ID      string `path:"id" maxLength:"64"`
	PID     string `path:"pid" maxLength:"64"`
	IfMatch string `header:"If-Match"`
	Body    struct {
		Comment string `json:"comment,omitempty" maxLength:"2000"`
	}
}

// ItineraryInput replaces an itinerary.
type ItineraryInput struct {
	LangParams
	ID      string `path:"id" maxLength:"64"`
	PID     string `path:"pid" maxLength:"64"`
	IfMatch string `header:"If-Match"`
	Body    struct {
		Items []exchange.Item `json:"items" maxItems:"200"`
	}
}

// ICalendarOutput is an itinerary as text/calendar.
type ICalendarOutput struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	Body               []byte
}

// LetterOutput is an invitation letter's text per language.
type LetterOutput struct {
	Body *exchange.Letter
}

// ExchangeSettingsOutput is an organisation's exchange settings.
type ExchangeSettingsOutput struct {
	ETag string `header:"ETag"`
	Body *exchange.Settings
}

// ExchangeSettingsInput replaces them.
type ExchangeSettingsInput struct {
	IfMatch string `header:"If-Match"`
	Body    struct {
		RetentionDays int               `json:"retention_days,omitempty" doc:"Days after completion before participants' private fields are erased; default 180"`
		Letters       map[string]string `json:"letters,omitempty" doc:"Invitation letter templates keyed by BCP-47 tag"`
	}
}

// registerExchanges adds the personnel-exchange operations to api.
func registerExchanges(api *API, xs *exchange.Service, orgs exchange.Orgs) {
	tags := []string{"exchanges"}
	op := func(id, method, path, summary, desc string, status int) huma.Operation {
		return huma.Operation{OperationID: id, Method: method, Path: path, Summary: summary, Description: desc,
			Tags: tags, Security: secured, DefaultStatus: status}
	}
	huma.Register(api, op("create-exchange", http.MethodPost, "/api/v1/exchanges", "Propose an exchange programme to a partner",
		"Editors and admins of the sending organisation. The host must be a partner. Answers 422 naming the field for an end before the start, an unknown kind, a host that is no partner or text over its limit.", http.StatusCreated),
		func(ctx context.Context, in *ExchangeCreateInput) (*ExchangeOutput, error) {
			e, err := xs.Create(ctx, in.Body)
			if err != nil {
				return nil, api.internal(ctx, err)
			}
			exchange.Localize(e, in.Prefs())
			return &ExchangeOutput{ETag: catalog.ETag(e.Version), Location: "/api/v1/exchanges/" + e.ID, Body: e}, nil
		})
	huma.Register(api, op("list-exchanges", http.MethodGet, "/api/v1/exchanges", "Programmes your organisation sends or hosts", "", 0),
		func(ctx context.Context, in *LangParams) (*ExchangeListOutput, error) {
			items, err := xs.List(ctx, in.Prefs())
			if err != nil {
				return nil, api.internal(ctx, err)
			}
			out := &ExchangeListOutput{}
			out.Body.Items = items
			return out, nil
		})
	huma.Register(api, op("get-exchange", http.MethodGet, "/api/v1/exchanges/{id}", "Get a programme with its participants",
		"Members of either party; others get 404. Participants carry ids and public names only.", 0),
		func(ctx context.Context, in *ExchangeIDInput) (*ExchangeOutput, error) {
			e, err := xs.Get(ctx, in.ID, in.Prefs())
			if err != nil {
				return nil, api.internal(ctx, err)
			}
			return &ExchangeOutput{ETag: catalog.ETag(e.Version), Body: e}, nil
		})
	huma.Register(api, op("patch-exchange", http.MethodPatch, "/api/v1/exchanges/{id}", "Change a programme (JSON merge patch)",
		"The sender changes fields while the programme is proposed; admins of the host name \"coordinators\" (e-mail addresses of their users who may read participants' private fields).", 0),
		func(ctx context.Context, in *ExchangePatchInput) (*ExchangeOutput, error) {
			e, err := xs.Patch(ctx, in.ID, in.Body, in.IfMatch)
			if err != nil {
				return nil, api.internal(ctx, err)
			}
			exchange.Localize(e, in.Prefs())
			return &ExchangeOutput{ETag: catalog.ETag(e.Version), Body: e}, nil
		})
	huma.Register(api, op("move-exchange", http.MethodPost, "/api/v1/exchanges/{id}/state", "Move a programme to another state",
		"proposed → open (the host agrees) → running → completed, or cancelled before the start; a refused move is 409 naming \"state\".", 0),
		func(ctx context.Context, in *ExchangeStateInput) (*ExchangeOutput, error) {
			e, err := xs.Transition(ctx, in.ID, in.Body.State, in.IfMatch)
			if err != nil {
				return nil, api.internal(ctx, err)
			}
			exchange.Localize(e, in.Prefs())
			return &ExchangeOutput{ETag: catalog.ETag(e.Version), Body: e}, nil
		})
	huma.Register(api, op("nominate-participant", http.MethodPost, "/api/v1/exchanges/{id}/participants", "Nominate a person of the sending organisation",
		"A person of another organisation is 422 naming \"person\". A passport expiring before the programme ends is accepted with a warning (code exchange.passport_expires).", http.StatusCreated),
		func(ctx context.Context, in *NominateInput) (*ParticipantOutput, error) {
			p, err := xs.Nominate(ctx, in.ID, in.Body.Person)
			if err != nil {
				return nil, api.internal(ctx, err)
			}
			return &ParticipantOutput{ETag: catalog.ETag(p.Version), Body: p}, nil
		})
	huma.Register(api, op("get-participant", http.MethodGet, "/api/v1/exchanges/{id}/participants/{pid}", "Get a participant with the itinerary in your language", "", 0),
		func(ctx context.Context, in *ParticipantIDInput) (*ParticipantOutput, error) {
			_, p, err := xs.Participant(ctx, in.ID, in.PID, in.Prefs())
			if err != nil {
				return nil, api.internal(ctx, err)
			}
			return &ParticipantOutput{ETag: catalog.ETag(p.Version), Body: p}, nil
		})
	huma.Register(api, op("decide-participant", http.MethodPost, "/api/v1/exchanges/{id}/participants/{pid}/decision", "Accept or decline a nominee (host)",
		"Accepting beyond the programme's places is 409 with code exchange.places_full.", 0),
		func(ctx context.Context, in *DecisionInput) (*ParticipantOutput, error) {
			p, err := xs.Decide(ctx, in.ID, in.PID, in.Body, in.IfMatch)
			if err != nil {
				return nil, api.internal(ctx, err)
			}
			return &ParticipantOutput{ETag: catalog.ETag(p.Version), Body: p}, nil
		})
	huma.Register(api, op("withdraw-participant", http.MethodPost, "/api/v1/exchanges/{id}/participants/{pid}/withdraw", "Withdraw a participant before the start (either party)", "", 0),
		func(ctx context.Context, in *WithdrawInput) (*ParticipantOutput, error) {
			p, err := xs.Withdraw(ctx, in.ID, in.PID, in.Body.Comment, in.IfMatch)
			if err != nil {
				return nil, api.internal(ctx, err)
			}
			return &ParticipantOutput{ETag: catalog.ETag(p.Version), Body: p}, nil
		})
	huma.Register(api, op("put-itinerary", http.MethodPut, "/api/v1/exchanges/{id}/participants/{pid}/itinerary", "Replace an accepted participant's itinerary (host)",
		"Each entry has its own IANA time zone; an unknown zone or a local time the clocks skip is 422 naming the entry's field.", 0),
		func(ctx context.Context, in *ItineraryInput) (*ParticipantOutput, error) {
			p, err := xs.SetItinerary(ctx, in.ID, in.PID, in.Body.Items, in.IfMatch, in.Prefs())
			if err != nil {
				return nil, api.internal(ctx, err)
			}
			return &ParticipantOutput{ETag: catalog.ETag(p.Version), Body: p}, nil
		})
	huma.Register(api, huma.Operation{OperationID: "itinerary-ics", Method: http.MethodGet, Path: "/api/v1/exchanges/{id}/participants/{pid}/itinerary.ics",
		Summary: "A participant's itinerary as iCalendar (RFC 5545), in your language", Tags: tags, Security: secured,
		Responses: map[string]*huma.Response{"200": {Description: "iCalendar", Content: map[string]*huma.MediaType{"text/calendar": {}}}}},
		func(ctx context.Context, in *ParticipantIDInput) (*ICalendarOutput, error) {
			e, p, err := xs.Participant(ctx, in.ID, in.PID, in.Prefs())
			if err != nil {
				return nil, api.internal(ctx, err)
			}
			return &ICalendarOutput{ContentType: "text/calendar; charset=utf-8",
				ContentDisposition: `attachment; filename="itinerary-` + p.ID + `.ics"`,
				Body:               []byte(exchange.ICalendar(e, p, time.Now().UTC()))}, nil
		})
	huma.Register(api, op("get-letter", http.MethodGet, "/api/v1/exchanges/{id}/participants/{pid}/letter", "The invitation letter's text, in the host's and the participant's languages",
		"The printable page is /exchanges/{id}/participants/{pid}/letter in the web interface.", 0),
		func(ctx context.Context, in *ParticipantIDInput) (*LetterOutput, error) {
			l, err := xs.Letter(ctx, orgs, in.ID, in.PID)
			if err != nil {
				return nil, api.internal(ctx, err)
			}
			return &LetterOutput{Body: l}, nil
		})
	huma.Register(api, op("get-exchange-settings", http.MethodGet, "/api/v1/exchange-settings", "Your organisation's retention period and letter templates", "", 0),
		func(ctx context.Context, _ *struct{}) (*ExchangeSettingsOutput, error) {
			s, err := xs.Settings(ctx)
			if err != nil {
				return nil, api.internal(ctx, err)
			}
			return &ExchangeSettingsOutput{ETag: catalog.ETag(s.Version), Body: s}, nil
		})
	huma.Register(api, op("put-exchange-settings", http.MethodPut, "/api/v1/exchange-settings", "Set the retention period and letter templates (admins)",
		"Templates may use only {{name}}, {{programme}}, {{dates}}, {{host}}, {{sender}} and {{city}}; anything else in braces is 422 (code exchange.placeholder).", 0),
		func(ctx context.Context, in *ExchangeSettingsInput) (*ExchangeSettingsOutput, error) {
			s, err := xs.PutSettings(ctx, exchange.Settings{RetentionDays: in.Body.RetentionDays, Letters: in.Body.Letters}, in.IfMatch)
			if err != nil {
				return nil, api.internal(ctx, err)
			}
			return &ExchangeSettingsOutput{ETag: catalog.ETag(s.Version), Body: s}, nil
		})
}
