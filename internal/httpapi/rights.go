package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/rights"
)

// HoldingCreateInput is the body of POST /titles/{id}/holdings.
type HoldingCreateInput struct {
	ID   string `path:"id" maxLength:"64"`
	Body rights.HoldingInput
}

// HoldingOutput is one holding.
type HoldingOutput struct {
	// Status is 201 for a confirmed holding and 202 for a claim, which the
	// title's owner has yet to confirm.
	Status   int
	Location string `header:"Location"`
	Body     *rights.Holding
}

// ClaimDecisionInput names a claim to confirm or reject.
type ClaimDecisionInput struct {
	ID       string `path:"id" maxLength:"64"`
	RecordID string `path:"record" maxLength:"64"`
	Body     *struct {
		Reason string `json:"reason,omitempty" maxLength:"1000" doc:"Rejections only: why, shown to the claimant"`
	} `required:"false"`
}

// ClaimDecisionOutput is the decided holding.
type ClaimDecisionOutput struct {
	Body *rights.Holding
}

// LicenceCreateInput is the body of POST /titles/{id}/licences.
type LicenceCreateInput struct {
	ID   string `path:"id" maxLength:"64"`
	Body rights.LicenceInput
}

// LicenceOutput is one licence.
type LicenceOutput struct {
	Location string `header:"Location"`
	Body     *rights.Licence
}

// RecordIDInput names a holding or licence on a title.
type RecordIDInput struct {
	ID       string `path:"id" maxLength:"64"`
	RecordID string `path:"record" maxLength:"64"`
}

// HoldingListOutput lists holdings.
type HoldingListOutput struct {
	Body struct {
		Items []*rights.Holding `json:"items" doc:"The confirmed holdings of the title and of its season and series, then the claims on the title you may see (your own; all of them if you keep the title)"`
	}
}

// LicenceListOutput lists licences.
type LicenceListOutput struct {
	Body struct {
		Items []*LicenceView `json:"items" doc:"The title's own licences and those of its season and series; with the deal terms for their parties"`
	}
}

func (a *API) rights() (*rights.Service, error) {
	if a.deps.Rights == nil {
		return nil, apperr.New(apperr.Internal, "rights service not configured")
	}
	return a.deps.Rights, nil
}

func registerRights(api *API) {
	tags := []string{"rights"}
	huma.Register(api, huma.Operation{
		OperationID: "create-holding", Method: http.MethodPost, Path: "/api/v1/titles/{id}/holdings", DefaultStatus: http.StatusCreated,
		Summary: "Record rights your organisation holds on a title", Tags: tags, Security: secured,
		Description: "A holding on a series covers its seasons and episodes. An exclusive holding may not overlap another holder's confirmed holding (409). " +
			"Only the title's owner and producers record confirmed holdings (201); anyone else's holding is a claim (202, status claimed) " +
			"that counts for nothing until the owner confirms it.",
		Responses: map[string]*huma.Response{"202": {Description: "Recorded as a claim awaiting the title owner's confirmation"}},
	}, func(ctx context.Context, in *HoldingCreateInput) (*HoldingOutput, error) {
		svc, err := api.rights()
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		h, err := svc.AddHolding(ctx, in.ID, in.Body)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		status := http.StatusCreated
		if !h.Counts() {
			status = http.StatusAccepted
		}
		return &HoldingOutput{Status: status, Location: "/api/v1/titles/" + in.ID + "/holdings/" + h.ID, Body: h}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "confirm-holding-claim", Method: http.MethodPost, Path: "/api/v1/titles/{id}/holdings/{record}/confirm",
		Summary: "Confirm a claim on your title", Tags: tags, Security: secured,
		Description: "The title's owner or producers (editors and admins) make another organisation's claim a confirmed holding. " +
			"409 when it would overlap a confirmed exclusive holding, or is confirmed already.",
	}, func(ctx context.Context, in *ClaimDecisionInput) (*ClaimDecisionOutput, error) {
		svc, err := api.rights()
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		h, err := svc.ConfirmClaim(ctx, in.ID, in.RecordID)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		return &ClaimDecisionOutput{Body: h}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "reject-holding-claim", Method: http.MethodPost, Path: "/api/v1/titles/{id}/holdings/{record}/reject",
		Summary: "Reject a claim on your title", Tags: tags, Security: secured,
		Description: "The title's owner or producers refuse another organisation's open claim, optionally saying why. " +
			"The claim stays, rejected, until its claimant withdraws it (DELETE).",
	}, func(ctx context.Context, in *ClaimDecisionInput) (*ClaimDecisionOutput, error) {
		svc, err := api.rights()
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		reason := ""
		if in.Body != nil {
			reason = in.Body.Reason
		}
		h, err := svc.RejectClaim(ctx, in.ID, in.RecordID, reason)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		return &ClaimDecisionOutput{Body: h}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "list-holdings", Method: http.MethodGet, Path: "/api/v1/titles/{id}/holdings",
		Summary: "List the holdings that apply to a title", Tags: tags, Security: secured,
	}, func(ctx context.Context, in *TitleIDInput) (*HoldingListOutput, error) {
		svc, err := api.rights()
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		items, err := svc.Holdings(ctx, in.ID)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		claims, err := svc.Claims(ctx, in.ID)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		out := &HoldingListOutput{}
		out.Body.Items = append(items, claims...)
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "delete-holding", Method: http.MethodDelete, Path: "/api/v1/titles/{id}/holdings/{record}", DefaultStatus: http.StatusNoContent,
		Summary: "Delete a holding of your organisation, or withdraw its claim", Tags: tags, Security: secured,
		Description: "Refused with 409 while licences granted from it still lie inside it.",
	}, func(ctx context.Context, in *RecordIDInput) (*struct{}, error) {
		svc, err := api.rights()
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		return nil, api.internalOrNil(ctx, svc.DeleteHolding(ctx, in.ID, in.RecordID))
	})
	huma.Register(api, huma.Operation{
		OperationID: "create-licence", Method: http.MethodPost, Path: "/api/v1/titles/{id}/licences", DefaultStatus: http.StatusCreated,
		Summary: "Record a licence your organisation granted", Tags: tags, Security: secured,
		Description: "The licence must lie inside the licensor's holdings; an exclusive licence conflicts with any overlapping licence " +
			"and a non-exclusive one with an overlapping exclusive licence. Refusals are 409 with every obstacle in refs.",
	}, func(ctx context.Context, in *LicenceCreateInput) (*LicenceOutput, error) {
		svc, err := api.rights()
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		l, err := svc.AddLicence(ctx, in.ID, in.Body)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		return &LicenceOutput{Location: "/api/v1/titles/" + in.ID + "/licences/" + l.ID, Body: l}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "list-licences", Method: http.MethodGet, Path: "/api/v1/titles/{id}/licences",
		Summary: "List the licences on a title", Tags: tags, Security: secured,
	}, func(ctx context.Context, in *TitleIDInput) (*LicenceListOutput, error) {
		svc, err := api.rights()
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		items, err := svc.Licences(ctx, in.ID)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		out := &LicenceListOutput{}
		if out.Body.Items, err = api.withDeals(ctx, items); err != nil {
			return nil, api.internal(ctx, err)
		}
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "delete-licence", Method: http.MethodDelete, Path: "/api/v1/titles/{id}/licences/{record}", DefaultStatus: http.StatusNoContent,
		Summary: "Delete a licence your organisation granted", Tags: tags, Security: secured,
	}, func(ctx context.Context, in *RecordIDInput) (*struct{}, error) {
		svc, err := api.rights()
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		return nil, api.internalOrNil(ctx, svc.DeleteLicence(ctx, in.ID, in.RecordID))
	})
}

func (a *API) internalOrNil(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	return a.internal(ctx, err)
}
