package httpapi

import (
	"context"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/silkbridge/silkbridge/internal/rights"
)

// AvailabilityQueryInput is the body of POST /availability/query.
type AvailabilityQueryInput struct {
	Body rights.Query
}

// AvailabilityQueryOutput answers it.
type AvailabilityQueryOutput struct {
	Body *rights.QueryResult
}

// TimelineInput narrows a title's timeline.
type TimelineInput struct {
	ID          string `path:"id" maxLength:"64"`
	Territories string `query:"territories" maxLength:"2000" doc:"Comma-separated countries or groups; default WORLD"`
	Media       string `query:"media" maxLength:"300" doc:"Comma-separated media; default those recorded on the title"`
	From        string `query:"from" maxLength:"10" doc:"YYYY-MM-DD; default the earliest start"`
	To          string `query:"to" maxLength:"10" doc:"YYYY-MM-DD; default a year past the latest date recorded"`
}

// TimelineOutput is a title's availability timeline.
type TimelineOutput struct {
	Body *rights.Timeline
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// bodyCursor relocates a cursor error to the body, where this operation
// takes its cursor (Problem places "cursor" in the query, as lists take it).
func bodyCursor(p error) error {
	if pe, ok := p.(*ProblemError); ok {
		for _, d := range pe.Errors {
			if d.Location == "query.cursor" {
				d.Location = "body.cursor"
			}
		}
	}
	return p
}

func registerAvailability(api *API) {
	tags := []string{"rights"}
	huma.Register(api, huma.Operation{
		OperationID: "query-availability", Method: http.MethodPost, Path: "/api/v1/availability/query",
		Summary: "Ask what can be licensed, and why not", Tags: tags, Security: secured,
		Description: "With titles: one result per title. Without: the catalogue you may read, a page of available titles " +
			"at a time (a page may be short when few titles match; continue while next_cursor is present). " +
			"Reason codes: no_rights, outside_window, language_not_held, holding_not_exclusive, exclusive_licence, " +
			"non_exclusive_licence, holdback.",
	}, func(ctx context.Context, in *AvailabilityQueryInput) (*AvailabilityQueryOutput, error) {
		svc, err := api.rights()
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		res, err := svc.Query(ctx, in.Body)
		if err != nil {
			return nil, bodyCursor(api.internal(ctx, err))
		}
		return &AvailabilityQueryOutput{Body: res}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "get-availability-timeline", Method: http.MethodGet, Path: "/api/v1/titles/{id}/availability/timeline",
		Summary: "A title's availability by territory, medium and time", Tags: tags, Security: secured,
		Description: "Rows group the countries whose segments are identical in a medium. Segment statuses: available " +
			"(an exclusive licence could be granted), available_non_exclusive, licensed_exclusive, holdback, not_held.",
	}, func(ctx context.Context, in *TimelineInput) (*TimelineOutput, error) {
		svc, err := api.rights()
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		var media []rights.Media
		for _, m := range splitList(in.Media) {
			media = append(media, rights.Media(m))
		}
		tl, err := svc.Timeline(ctx, in.ID, rights.TimelineInput{Territories: splitList(in.Territories), Media: media, From: in.From, To: in.To})
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		return &TimelineOutput{Body: tl}, nil
	})
}
