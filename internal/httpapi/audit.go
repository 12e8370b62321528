package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/silkbridge/silkbridge/internal/audit"
)

// AuditListInput pages the audit log.
type AuditListInput struct {
	After    int64  `query:"after" minimum:"0" doc:"Return entries after this seq (the last seq of the previous page)"`
	Limit    int    `query:"limit" minimum:"1" maximum:"500" default:"100"`
	Entity   string `query:"entity" enum:"title,holding,licence,request,member,token,webhook,org,"`
	EntityID string `query:"entity_id" maxLength:"64"`
}

// AuditListOutput is a page of the log, oldest first.
type AuditListOutput struct {
	Body struct {
		Items []*audit.Entry `json:"items"`
	}
}

func registerAudit(api *API) {
	huma.Register(api, huma.Operation{
		OperationID: "list-audit", Method: http.MethodGet, Path: "/api/v1/audit",
		Summary: "Read your organisation's audit log (admins)", Tags: []string{"access"}, Security: secured,
	}, func(ctx context.Context, in *AuditListInput) (*AuditListOutput, error) {
		items, err := api.deps.Audit.List(ctx, audit.ListParams{After: in.After, Limit: in.Limit, Entity: in.Entity, EntityID: in.EntityID})
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		out := &AuditListOutput{}
		out.Body.Items = items
		return out, nil
	})
}
