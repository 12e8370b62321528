package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/licensing"
)

// RequestCreateInput is the body of POST /requests.
type RequestCreateInput struct {
	Body licensing.SubmitInput
}

// RequestOutput is one request with its version as ETag.
type RequestOutput struct {
	ETag     string `header:"ETag"`
	Location string `header:"Location"`
	Body     *licensing.Request
}

// RequestIDInput names a request.
type RequestIDInput struct {
	ID string `path:"id" maxLength:"64"`
}

// MoveBody is the optional body of accept, decline and withdraw.
type MoveBody struct {
	Message string `json:"message,omitempty" maxLength:"4000" doc:"Shown in the request's history"`
}

// RequestMoveInput is an accept, decline or withdraw.
type RequestMoveInput struct {
	ID      string    `path:"id" maxLength:"64"`
	IfMatch string    `header:"If-Match" doc:"ETag of the request as you saw it; refused with 412 if it changed since"`
	Body    *MoveBody `required:"false"`
}

// RequestCounterInput is a counter-proposal.
type RequestCounterInput struct {
	ID      string `path:"id" maxLength:"64"`
	IfMatch string `header:"If-Match" doc:"ETag of the request as you saw it; refused with 412 if it changed since"`
	Body    licensing.CounterInput
}

// RequestListInput filters a party's requests.
type RequestListInput struct {
	Direction string `query:"direction" enum:"incoming,outgoing," doc:"incoming: you are asked (licensor); outgoing: you ask (licensee); empty: both"`
	State     string `query:"state" enum:"submitted,countered,accepted,declined,withdrawn,expired,"`
	Title     string `query:"title" maxLength:"64" doc:"Only requests for this title id"`
	Limit     int    `query:"limit" minimum:"1" maximum:"200" default:"50"`
	Cursor    string `query:"cursor" maxLength:"200"`
}

// RequestListOutput is a page of requests, newest first.
type RequestListOutput struct {
	Body struct {
		Items      []*licensing.Request `json:"items"`
		NextCursor string               `json:"next_cursor,omitempty"`
	}
}

// CommentInput adds to a request's thread.
type CommentInput struct {
	ID   string `path:"id" maxLength:"64"`
	Body struct {
		Body string `json:"body" maxLength:"4000"`
	}
}

// CommentOutput is one comment.
type CommentOutput struct {
	Body *licensing.Comment
}

// CommentListOutput is a request's thread, oldest first.
type CommentListOutput struct {
	Body struct {
		Items []*licensing.Comment `json:"items"`
	}
}

func (a *API) licensing() (*licensing.Service, error) {
	if a.deps.Licensing == nil {
		return nil, apperr.New(apperr.Internal, "licensing service not configured")
	}
	return a.deps.Licensing, nil
}

func requestOutput(r *licensing.Request) *RequestOutput {
	return &RequestOutput{ETag: licensing.ETag(r.Version), Body: r}
}

func registerRequests(api *API) {
	tags := []string{"licensing"}
	huma.Register(api, huma.Operation{
		OperationID: "create-request", Method: http.MethodPost, Path: "/api/v1/requests", DefaultStatus: http.StatusCreated,
		Summary: "Ask a rights holder for a licence", Tags: tags, Security: secured,
		Description: "Your organisation is the licensee. Refused with 409 and the availability reasons when the licensor " +
			"cannot grant the terms; `licensor` may be omitted when exactly one holder can.",
	}, func(ctx context.Context, in *RequestCreateInput) (*RequestOutput, error) {
		svc, err := api.licensing()
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		r, err := svc.Submit(ctx, in.Body)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		out := requestOutput(r)
		out.Location = "/api/v1/requests/" + r.ID
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "list-requests", Method: http.MethodGet, Path: "/api/v1/requests",
		Summary: "List your organisation's requests, newest first", Tags: tags, Security: secured,
	}, func(ctx context.Context, in *RequestListInput) (*RequestListOutput, error) {
		svc, err := api.licensing()
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		p := licensing.ListParams{Direction: in.Direction, State: licensing.State(in.State), TitleID: in.Title, Limit: in.Limit}
		if in.Cursor != "" {
			if p.Before, err = catalog.DecodeCursor(catalog.CursorRequests, in.Cursor); err != nil {
				return nil, api.internal(ctx, err)
			}
		}
		items, err := svc.List(ctx, p)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		out := &RequestListOutput{}
		out.Body.Items = items
		if len(items) == in.Limit {
			out.Body.NextCursor = catalog.EncodeCursor(catalog.CursorRequests, items[len(items)-1].ID)
		}
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "get-request", Method: http.MethodGet, Path: "/api/v1/requests/{id}",
		Summary: "Get a request with its history and, while open, its availability", Tags: tags, Security: secured,
		Description: "Only the licensor and the licensee see a request; for others it is 404.",
	}, func(ctx context.Context, in *RequestIDInput) (*RequestOutput, error) {
		svc, err := api.licensing()
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		r, err := svc.Get(ctx, in.ID)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		return requestOutput(r), nil
	})
	moves := []struct {
		action  licensing.Action
		verb    string
		summary string
	}{
		{licensing.Accept, "accept", "Accept the standing terms: the licence is recorded at once (the party the terms await)"},
		{licensing.Decline, "decline", "Decline the request (the licensor)"},
		{licensing.Withdraw, "withdraw", "Withdraw the request (the licensee)"},
	}
	for _, m := range moves {
		huma.Register(api, huma.Operation{
			OperationID: m.verb + "-request", Method: http.MethodPost, Path: "/api/v1/requests/{id}/" + m.verb,
			Summary: m.summary, Tags: tags, Security: secured,
			Description: "Answers 200 with the request as it now stands, 403 when it is not your move, " +
				"409 with the reasons when the request's state (or, accepting, availability) does not allow it.",
		}, func(ctx context.Context, in *RequestMoveInput) (*RequestOutput, error) {
			svc, err := api.licensing()
			if err != nil {
				return nil, api.internal(ctx, err)
			}
			mv := licensing.Move{IfMatch: in.IfMatch}
			if in.Body != nil {
				mv.Message = in.Body.Message
			}
			var r *licensing.Request
			switch m.action {
			case licensing.Accept:
				r, err = svc.Accept(ctx, in.ID, mv)
			case licensing.Decline:
				r, err = svc.Decline(ctx, in.ID, mv)
			case licensing.Withdraw:
				r, err = svc.Withdraw(ctx, in.ID, mv)
			}
			if err != nil {
				return nil, api.internal(ctx, err)
			}
			return requestOutput(r), nil
		})
	}
	huma.Register(api, huma.Operation{
		OperationID: "counter-request", Method: http.MethodPost, Path: "/api/v1/requests/{id}/counter",
		Summary: "Propose other terms in answer to the standing ones", Tags: tags, Security: secured,
		Description: "The body holds the full terms proposed. They must be grantable today, or the counter is refused with 409 and the reasons.",
	}, func(ctx context.Context, in *RequestCounterInput) (*RequestOutput, error) {
		svc, err := api.licensing()
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		r, err := svc.Counter(ctx, in.ID, in.Body, in.IfMatch)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		return requestOutput(r), nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "list-request-comments", Method: http.MethodGet, Path: "/api/v1/requests/{id}/comments",
		Summary: "A request's comment thread, oldest first", Tags: tags, Security: secured,
	}, func(ctx context.Context, in *RequestIDInput) (*CommentListOutput, error) {
		svc, err := api.licensing()
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		items, err := svc.Comments(ctx, in.ID)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		out := &CommentListOutput{}
		out.Body.Items = items
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "create-request-comment", Method: http.MethodPost, Path: "/api/v1/requests/{id}/comments",
		DefaultStatus: http.StatusCreated, Summary: "Comment on a request", Tags: tags, Security: secured,
	}, func(ctx context.Context, in *CommentInput) (*CommentOutput, error) {
		svc, err := api.licensing()
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		c, err := svc.Comment(ctx, in.ID, in.Body.Body)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		return &CommentOutput{Body: c}, nil
	})
}
