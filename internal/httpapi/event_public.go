package httpapi

import (
	"context"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/silkbridge/silkbridge/internal/events"
)

// PublicEventInput names a published event.
type PublicEventInput struct {
	Slug        string `path:"slug" maxLength:"80"`
	IfNoneMatch string `header:"If-None-Match"`
}

// PublicEventOutput is the public programme.
type PublicEventOutput struct {
	ETag         string `header:"ETag"`
	CacheControl string `header:"Cache-Control"`
	Body         *events.Programme
}

// registerPublicEvents adds the programme of published events, needing no
// sign-in (the server's rate limits apply as to every request).
func registerPublicEvents(api *API) {
	if api.deps.Events == nil {
		return
	}
	huma.Register(api, huma.Operation{
		OperationID: "public-event", Method: http.MethodGet, Path: "/api/v1/public/events/{slug}",
		Summary:     "The public programme of a published event",
		Description: "No credentials. Drafts and unknown events are 404. Send the ETag back as If-None-Match for a 304.",
		Tags:        []string{"events"},
	}, func(ctx context.Context, in *PublicEventInput) (*PublicEventOutput, error) {
		p, err := api.deps.Events.Public(ctx, in.Slug)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		tag := p.ETag()
		for _, v := range strings.Split(in.IfNoneMatch, ",") {
			if v = strings.TrimSpace(v); v == tag || strings.TrimPrefix(v, "W/") == tag || v == "*" {
				return nil, huma.Status304NotModified()
			}
		}
		return &PublicEventOutput{ETag: tag, CacheControl: "public, max-age=60", Body: p}, nil
	})
}
