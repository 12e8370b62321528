package httpapi

import (
	"context"
	"fmt"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/avails"
	"github.com/silkbridge/silkbridge/internal/rights"
)

// AvailsImportInput is an avails file to import.
type AvailsImportInput struct {
	Kind         string `query:"kind" enum:"holdings,licences" default:"holdings" doc:"holdings: a sheet of avails you received; licences: one you sent"`
	Format       string `query:"format" enum:"tsv,xlsx," doc:"Detected from the content when absent"`
	KeepGoodRows bool   `query:"keep_good_rows" doc:"Store the good rows even when others are bad (default: all or nothing)"`
	RawBody      []byte `contentType:"application/octet-stream" doc:"The TSV (UTF-8 or UTF-16) or XLSX file"`
}

// AvailsImportOutput reports an import.
type AvailsImportOutput struct {
	Body *avails.Report
}

// AvailsExportInput picks what to export.
type AvailsExportInput struct {
	Kind   string `query:"kind" enum:"holdings,licences" default:"holdings"`
	Format string `query:"format" enum:"tsv,xlsx" default:"xlsx"`
	Sheet  string `query:"sheet" enum:"movies,tv," doc:"TSV only: which sheet (default movies); XLSX holds both"`
}

// AvailsExportOutput is the file.
type AvailsExportOutput struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	Body               []byte
}

func registerAvails(api *API) {
	tags := []string{"rights"}
	huma.Register(api, huma.Operation{
		OperationID: "import-avails", Method: http.MethodPost, Path: "/api/v1/avails/import",
		Summary: "Import an EMA Avails sheet as your holdings or licences", Tags: tags, Security: secured,
		MaxBodyBytes: avails.MaxBytes,
		Description: "Movies and TV sheets, versions 1.7-1.9. Rows with the same AvailID (or id) as a record of yours replace it; " +
			"EntryType Full Delete removes it. All or nothing unless keep_good_rows: a refused import is 422 with one error " +
			"per bad cell (location: sheet, row, column).",
	}, func(ctx context.Context, in *AvailsImportInput) (*AvailsImportOutput, error) {
		if api.deps.Avails == nil {
			return nil, api.internal(ctx, apperr.New(apperr.Internal, "avails service not configured"))
		}
		rep, err := api.deps.Avails.Import(ctx, in.RawBody, avails.ImportOptions{
			Kind: rights.Kind(in.Kind), Format: avails.Format(in.Format), KeepGoodRows: in.KeepGoodRows})
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		if !rep.Committed {
			return nil, refusedImport(rep)
		}
		return &AvailsImportOutput{Body: rep}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "export-avails", Method: http.MethodGet, Path: "/api/v1/avails/export",
		Summary: "Export your holdings or licences as an EMA Avails sheet", Tags: tags, Security: secured,
	}, func(ctx context.Context, in *AvailsExportInput) (*AvailsExportOutput, error) {
		if api.deps.Avails == nil {
			return nil, api.internal(ctx, apperr.New(apperr.Internal, "avails service not configured"))
		}
		data, ct, err := api.deps.Avails.Export(ctx, avails.ExportOptions{Kind: rights.Kind(in.Kind), Format: avails.Format(in.Format), Sheet: in.Sheet})
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		name := "avails-" + in.Kind + "." + in.Format
		return &AvailsExportOutput{ContentType: ct, ContentDisposition: fmt.Sprintf("attachment; filename=%q", name), Body: data}, nil
	})
}

// refusedImport is the 422 problem of an all-or-nothing import with bad rows.
func refusedImport(rep *avails.Report) error {
	details := make([]*huma.ErrorDetail, 0, len(rep.Errors))
	for _, e := range rep.Errors {
		loc := fmt.Sprintf("%s row %d", e.Sheet, e.Row)
		if e.Column != "" {
			loc += " column " + e.Column
		}
		details = append(details, &huma.ErrorDetail{Location: loc, Message: e.Message, Value: e.Value})
	}
	refs := make([]any, 0)
	for _, e := range rep.Errors {
		refs = append(refs, e.Refs...)
	}
	return &ProblemError{ErrorModel: huma.ErrorModel{
		Title: http.StatusText(http.StatusUnprocessableEntity), Status: http.StatusUnprocessableEntity,
		Detail: fmt.Sprintf("%d problems in %d rows; nothing was stored", len(rep.Errors), rep.Rows), Errors: details,
	}, Code: string(apperr.Invalid), Refs: refs}
}
