package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/silkbridge/silkbridge/internal/people"
)

// CreditsPutInput replaces a title's credits.
type CreditsPutInput struct {
	LangParams
	ID   string `path:"id" maxLength:"64"`
	Body struct {
		Credits []people.TitleCredit `json:"credits" maxItems:"500" doc:"In display order"`
	}
}

// CreditsOutput is a title's credits as the caller sees them.
type CreditsOutput struct {
	Body struct {
		Credits []people.TitleCredit `json:"credits"`
	}
}

func registerCredits(api *API) {
	ps := api.deps.People
	tags := []string{"people", "catalogue"}
	huma.Register(api, huma.Operation{
		OperationID: "get-title-credits", Method: http.MethodGet, Path: "/api/v1/titles/{id}/credits",
		Summary:     "A title's credits",
		Description: "Ordered; people you may not read are left out; each credit carries the person's display name for you.",
		Tags:        tags, Security: secured,
	}, func(ctx context.Context, in *TitleIDInput) (*CreditsOutput, error) {
		cs, err := ps.Credits(ctx, in.ID, in.Prefs())
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		out := &CreditsOutput{}
		out.Body.Credits = cs
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "put-title-credits", Method: http.MethodPut, Path: "/api/v1/titles/{id}/credits",
		Summary:     "Replace a title's credits (editors of the owning organisation)",
		Description: "Roles: director, screenwriter, producer, cast (with the character's name per language), composer, cinematographer, editor. Every person must be readable by the title's owner.",
		Tags:        tags, Security: secured,
	}, func(ctx context.Context, in *CreditsPutInput) (*CreditsOutput, error) {
		cs, err := ps.SetCredits(ctx, in.ID, in.Body.Credits, in.Prefs())
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		out := &CreditsOutput{}
		out.Body.Credits = cs
		return out, nil
	})
}
