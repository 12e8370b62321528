package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/silkbridge/silkbridge/internal/rights"
)

// ConditionCreateInput dates an event of a title.
type ConditionCreateInput struct {
	ID   string `path:"id" maxLength:"64"`
	Body rights.ConditionInput
}

// ConditionResolutionOutput is the dated event and the records it resolved.
type ConditionResolutionOutput struct {
	Body *rights.ConditionResolution
}

// ConditionListOutput lists a title's dated events.
type ConditionListOutput struct {
	Body struct {
		Items []*rights.ConditionDate `json:"items" doc:"The title's dated events, by condition and territories"`
	}
}

func registerRightsConditions(api *API) {
	tags := []string{"rights"}
	huma.Register(api, huma.Operation{
		OperationID: "date-title-condition", Method: http.MethodPost, Path: "/api/v1/titles/{id}/conditions",
		Summary: "Date an event that rights windows wait on", Tags: tags, Security: secured,
		Description: "Avails may open or close a window on an event (Theatrical, Broadcast, EST, ESTStart, Completed, TBD) " +
			"rather than a date; availability answers such windows as conditional. When the event's date is known, the title's " +
			"owner or producers (editors and admins) record it here: every holding and licence of the title and of its seasons " +
			"and episodes waiting on that event, whose territories all lie within those named (all, when none are), gets its " +
			"window from the date plus the record's lag, audited. 403 for anyone else; 409 when the date would leave a record " +
			"without a window (it would end before it opens).",
	}, func(ctx context.Context, in *ConditionCreateInput) (*ConditionResolutionOutput, error) {
		svc, err := api.rights()
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		out, err := svc.ResolveCondition(ctx, in.ID, in.Body)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		return &ConditionResolutionOutput{Body: out}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "list-title-conditions", Method: http.MethodGet, Path: "/api/v1/titles/{id}/conditions",
		Summary: "List the dated events of a title", Tags: tags, Security: secured,
	}, func(ctx context.Context, in *TitleIDInput) (*ConditionListOutput, error) {
		svc, err := api.rights()
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		items, err := svc.ConditionDates(ctx, in.ID)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		out := &ConditionListOutput{}
		out.Body.Items = items
		return out, nil
	})
}
