package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/silkbridge/silkbridge/internal/webhook"
)

// WebhookCreateInput registers an endpoint.
type WebhookCreateInput struct {
	Body struct {
		URL    string   `json:"url" maxLength:"2000" doc:"http(s) URL; loopback and private addresses are refused unless the operator allows them"`
		Events []string `json:"events" minItems:"1" doc:"Event types: request.submitted, request.countered, request.accepted, request.declined, request.withdrawn, licence.created, licence.expiring, title.updated, title.event_dated, holding.claimed, holding.confirmed, holding.rejected, holding.withdrawn, … (see the webhooks guide)"`
	}
}

// WebhookCreateOutput shows the endpoint with its signing secret, once.
type WebhookCreateOutput struct {
	Body struct {
		*webhook.Endpoint
		Secret string `json:"secret" doc:"Standard Webhooks signing secret (whsec_…); shown only in this response"`
	}
}

// WebhookListOutput lists endpoints.
type WebhookListOutput struct {
	Body struct {
		Items []*webhook.Endpoint `json:"items"`
	}
}

// WebhookIDInput names an endpoint.
type WebhookIDInput struct {
	ID string `path:"id" maxLength:"64"`
}

// DeliveryListOutput lists an endpoint's deliveries.
type DeliveryListOutput struct {
	Body struct {
		Items []*webhook.Delivery `json:"items"`
	}
}

func registerWebhooks(api *API) {
	tags := []string{"webhooks"}
	huma.Register(api, huma.Operation{
		OperationID: "create-webhook", Method: http.MethodPost, Path: "/api/v1/webhooks", DefaultStatus: http.StatusCreated,
		Summary: "Register a webhook endpoint (admins)", Tags: tags, Security: secured,
	}, func(ctx context.Context, in *WebhookCreateInput) (*WebhookCreateOutput, error) {
		e, err := api.deps.Webhooks.Create(ctx, in.Body.URL, in.Body.Events)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		out := &WebhookCreateOutput{}
		out.Body.Endpoint, out.Body.Secret = e, e.Secret
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "list-webhooks", Method: http.MethodGet, Path: "/api/v1/webhooks",
		Summary: "List your organisation's webhook endpoints (admins)", Tags: tags, Security: secured,
	}, func(ctx context.Context, _ *struct{}) (*WebhookListOutput, error) {
		items, err := api.deps.Webhooks.List(ctx)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		out := &WebhookListOutput{}
		out.Body.Items = items
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "delete-webhook", Method: http.MethodDelete, Path: "/api/v1/webhooks/{id}", DefaultStatus: http.StatusNoContent,
		Summary: "Remove a webhook endpoint (admins)", Tags: tags, Security: secured,
	}, func(ctx context.Context, in *WebhookIDInput) (*struct{}, error) {
		if err := api.deps.Webhooks.Delete(ctx, in.ID); err != nil {
			return nil, api.internal(ctx, err)
		}
		return nil, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "list-webhook-deliveries", Method: http.MethodGet, Path: "/api/v1/webhooks/{id}/deliveries",
		Summary: "Deliveries to an endpoint with their status (admins)", Tags: tags, Security: secured,
	}, func(ctx context.Context, in *WebhookIDInput) (*DeliveryListOutput, error) {
		items, err := api.deps.Webhooks.Deliveries(ctx, in.ID)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		out := &DeliveryListOutput{}
		out.Body.Items = items
		return out, nil
	})
}
