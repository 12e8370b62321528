package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/avails"
)

// ImportStatusInput names an import.
type ImportStatusInput struct {
	ID string `path:"id" maxLength:"64"`
}

// ImportStatusOutput is where an import stands.
type ImportStatusOutput struct {
	Body *avails.ImportJob
}

func importPath(id string) string { return "/api/v1/imports/" + id }

func registerImports(api *API) {
	huma.Register(api, huma.Operation{
		OperationID: "get-import", Method: http.MethodGet, Path: "/api/v1/imports/{id}",
		Summary: "An avails import's status, progress and report", Tags: []string{"rights"}, Security: secured,
		Description: "status is queued, running, succeeded or failed; rows_done of rows_total shows progress. When " +
			"finished, report says what was stored and lists every bad row; a failed all-or-nothing import stored " +
			"nothing. Only the importing organisation may read it; to anyone else it does not exist (404).",
	}, func(ctx context.Context, in *ImportStatusInput) (*ImportStatusOutput, error) {
		if api.deps.Avails == nil {
			return nil, api.internal(ctx, apperr.New(apperr.Internal, "avails service not configured"))
		}
		j, err := api.deps.Avails.ImportStatus(ctx, in.ID)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		return &ImportStatusOutput{Body: j}, nil
	})
}
