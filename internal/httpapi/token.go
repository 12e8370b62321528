package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/silkbridge/silkbridge/internal/auth"
)

// TokenCreateInput creates an API token for the caller's organisation.
type TokenCreateInput struct {
	Body struct {
		Name string `json:"name" minLength:"1" maxLength:"100"`
		Role string `json:"role" enum:"admin,editor,viewer"`
	}
}

// TokenCreateOutput shows the new token once.
type TokenCreateOutput struct {
	Body struct {
		*auth.Token
		Secret string `json:"token" doc:"The token itself; shown only in this response"`
	}
}

// TokenListOutput lists an organisation's tokens (never their secrets).
type TokenListOutput struct {
	Body struct {
		Items []*auth.Token `json:"items"`
	}
}

// TokenIDInput names a token.
type TokenIDInput struct {
	ID string `path:"id"`
}

func registerTokens(api *API) {
	huma.Register(api, huma.Operation{
		OperationID: "list-tokens", Method: http.MethodGet, Path: "/api/v1/tokens",
		Summary: "List your organisation's API tokens (admins)", Tags: []string{"access"}, Security: secured,
	}, func(ctx context.Context, _ *struct{}) (*TokenListOutput, error) {
		p, err := adminPrincipal(ctx)
		if err != nil {
			return nil, err
		}
		items, err := api.deps.Tokens.List(ctx, p.Org)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		out := &TokenListOutput{}
		out.Body.Items = items
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "create-token", Method: http.MethodPost, Path: "/api/v1/tokens", DefaultStatus: http.StatusCreated,
		Summary: "Create an API token (admins); the token is shown once", Tags: []string{"access"}, Security: secured,
	}, func(ctx context.Context, in *TokenCreateInput) (*TokenCreateOutput, error) {
		p, err := adminPrincipal(ctx)
		if err != nil {
			return nil, err
		}
		t, secret, err := api.deps.Tokens.Issue(ctx, p.Org, auth.Role(in.Body.Role), in.Body.Name)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		out := &TokenCreateOutput{}
		out.Body.Token, out.Body.Secret = t, secret
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "revoke-token", Method: http.MethodDelete, Path: "/api/v1/tokens/{id}", DefaultStatus: http.StatusNoContent,
		Summary: "Revoke an API token (admins)", Tags: []string{"access"}, Security: secured,
	}, func(ctx context.Context, in *TokenIDInput) (*struct{}, error) {
		p, err := adminPrincipal(ctx)
		if err != nil {
			return nil, err
		}
		if err := api.deps.Tokens.Revoke(ctx, p.Org, in.ID); err != nil {
			return nil, api.internal(ctx, err)
		}
		return nil, nil
	})
}

func adminPrincipal(ctx context.Context) (*auth.Principal, error) {
	p, err := PrincipalFrom(ctx)
	if err == nil {
		err = p.RequireAdmin()
	}
	if err != nil {
		return nil, Problem(err)
	}
	return p, nil
}
