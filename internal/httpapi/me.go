package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/silkbridge/silkbridge/internal/org"
)

// MeOutput describes the caller.
type MeOutput struct {
	Body struct {
		Org          string            `json:"org"`
		Role         string            `json:"role"`
		Name         string            `json:"name" doc:"Token name or user email"`
		Organisation *org.Organisation `json:"organisation"`
	}
}

func registerMe(api *API) {
	huma.Register(api, huma.Operation{
		OperationID: "get-me", Method: http.MethodGet, Path: "/api/v1/me",
		Summary: "Who am I", Tags: []string{"access"}, Security: secured,
	}, func(ctx context.Context, _ *struct{}) (*MeOutput, error) {
		p, err := PrincipalFrom(ctx)
		if err != nil {
			return nil, Problem(err)
		}
		o, err := api.deps.Orgs.Get(ctx, p.Org)
		if err != nil {
			return nil, Problem(err)
		}
		out := &MeOutput{}
		out.Body.Org, out.Body.Role, out.Body.Name, out.Body.Organisation = p.Org, string(p.Role), p.Name, o
		return out, nil
	})
}
