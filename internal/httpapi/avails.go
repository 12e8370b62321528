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

// AvailsImportOutput is the import just queued; Location is its status.
type AvailsImportOutput struct {
	Location string `header:"Location"`
	Body     *avails.ImportJob
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
	registerImports(api)
	tags := []string{"rights"}
	huma.Register(api, huma.Operation{
		OperationID: "import-avails", Method: http.MethodPost, Path: "/api/v1/avails/import",
		Summary: "Import an EMA Avails sheet as your holdings or licences", Tags: tags, Security: secured,
		MaxBodyBytes: avails.MaxBytes, DefaultStatus: http.StatusAccepted,
		Description: "Movies and TV sheets, versions 1.7-1.9. Rows with the same AvailID (or id) as a record of yours replace it; " +
			"EntryType Full Delete removes it. The import runs in the background: the answer is 202 with Location, the " +
			"import's status (GET /api/v1/imports/{id}), which shows progress and, when finished, the report with one " +
			"error per bad cell (location: sheet, row, column). All or nothing unless keep_good_rows: an import with bad " +
			"rows fails and stores nothing. A file that is not an avails sheet (broken XML, not a workbook, no header " +
			"row) is refused at once with 422; one over 32 MiB with 413.",
	}, func(ctx context.Context, in *AvailsImportInput) (*AvailsImportOutput, error) {
		if api.deps.Avails == nil {
			return nil, api.internal(ctx, apperr.New(apperr.Internal, "avails service not configured"))
		}
		j, err := api.deps.Avails.Submit(ctx, in.RawBody, avails.ImportOptions{
			Kind: rights.Kind(in.Kind), Format: avails.Format(in.Format), KeepGoodRows: in.KeepGoodRows})
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		return &AvailsImportOutput{Location: importPath(j.ID), Body: j}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "export-avails", Method: http.MethodGet, Path: "/api/v1/avails/export",
		Summary: "Export your holdings or licences as an EMA Avails sheet", Tags: tags, Security: secured,
		// The file's real media types, not huma's guess from a []byte body.
		Responses: map[string]*huma.Response{"200": {Description: "The sheet (format=tsv or xlsx)", Content: map[string]*huma.MediaType{
			"text/tab-separated-values":                                         {Schema: &huma.Schema{Type: "string"}},
			"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {Schema: &huma.Schema{Type: "string", Format: "binary"}},
		}}},
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
