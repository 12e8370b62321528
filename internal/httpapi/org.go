package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/silkbridge/silkbridge/internal/org"
)

// OrgListOutput lists organisations on the hub.
type OrgListOutput struct {
	Body struct {
		Items []*org.Organisation `json:"items"`
	}
}

func registerOrgs(api *API) {
	huma.Register(api, huma.Operation{
		OperationID: "list-orgs", Method: http.MethodGet, Path: "/api/v1/orgs",
		Summary: "List organisations", Tags: []string{"access"}, Security: secured,
	}, func(ctx context.Context, _ *struct{}) (*OrgListOutput, error) {
		if _, err := PrincipalFrom(ctx); err != nil {
			return nil, Problem(err)
		}
		items, err := api.deps.Orgs.List(ctx)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		out := &OrgListOutput{}
		out.Body.Items = items
		return out, nil
	})
}

// internal logs an unexpected error and returns an opaque 500, or maps a
// domain error to its problem.
func (a *API) internal(ctx context.Context, err error) error {
	p := Problem(err)
	if pe, ok := p.(*ProblemError); ok && pe.Status < 500 {
		return p
	}
	if a.deps.Logger != nil {
		a.deps.Logger.ErrorContext(ctx, "internal error", "err", err)
	}
	return p
}
