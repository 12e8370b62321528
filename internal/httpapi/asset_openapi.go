package httpapi

import (
	"net/http"

	"github.com/danielgtaylor/huma/v2"
)

// documentUploadRoutes describes the plain handlers (tus uploads, original
// downloads) in the OpenAPI document; huma does not serve them, but clients
// generated from the document should know they exist.
func documentUploadRoutes(api *API) {
	oapi := api.OpenAPI()
	tags := []string{"assets"}
	text := func(desc string) map[string]*huma.Response {
		return map[string]*huma.Response{
			"default": {Description: "RFC 9457 problem (application/problem+json) with a machine code"},
			"204":     {Description: desc},
		}
	}
	idParam := []*huma.Param{{Name: "id", In: "path", Required: true, Schema: &huma.Schema{Type: "string"}}}
	oapi.AddOperation(&huma.Operation{
		OperationID: "tus-create-upload", Method: http.MethodPost, Path: UploadsPath, Tags: tags, Security: secured,
		Summary: "Start a resumable upload (tus 1.0 creation, creation-with-upload)",
		Description: "tus 1.0 with the creation, creation-with-upload, termination, expiration and checksum (sha256) " +
			"extensions. Send `Upload-Length` and `Upload-Metadata` with `title` (id), `kind`, `filename` and optionally " +
			"`language`. A viewer, an unknown title or a title of another organisation is refused (403/404) before a byte " +
			"is stored; a file over the size limit or the organisation's quota gets 413 (`too_large`, `quota_exceeded`). " +
			"The answer to the request carrying the last byte names the asset in `Silkbridge-Asset-Id`.",
		Responses: map[string]*huma.Response{
			"201":     {Description: "Created; Location is the upload's URL"},
			"default": {Description: "RFC 9457 problem with a machine code"},
		},
	})
	oapi.AddOperation(&huma.Operation{
		OperationID: "tus-upload-offset", Method: http.MethodHead, Path: UploadsPath + "{id}", Tags: tags, Security: secured,
		Summary:    "How many bytes of an upload the server holds (Upload-Offset)",
		Parameters: idParam,
		Responses:  map[string]*huma.Response{"200": {Description: "Upload-Offset and Upload-Length"}, "default": {Description: "404 for uploads of other organisations, 410 once expired"}},
	})
	oapi.AddOperation(&huma.Operation{
		OperationID: "tus-upload-chunk", Method: http.MethodPatch, Path: UploadsPath + "{id}", Tags: tags, Security: secured,
		Summary:     "Send bytes of an upload at Upload-Offset",
		Description: "With `Upload-Checksum: sha256 <base64>` a chunk that does not match is discarded with 460. A full disk answers 507 `storage_full` and keeps nothing of the chunk.",
		Parameters:  idParam, Responses: text("Accepted; Upload-Offset is the new offset"),
	})
	oapi.AddOperation(&huma.Operation{
		OperationID: "tus-terminate-upload", Method: http.MethodDelete, Path: UploadsPath + "{id}", Tags: tags, Security: secured,
		Summary: "Abandon an upload (tus termination)", Parameters: idParam, Responses: text("Deleted"),
	})
	oapi.AddOperation(&huma.Operation{
		OperationID: "download-asset", Method: http.MethodGet, Path: "/api/v1/assets/{id}/download", Tags: tags, Security: secured,
		Summary: "Download an asset's original",
		Description: "For the owner organisation and organisations holding a licence on the title active today (403 for " +
			"other readers of the title, 404 for the rest). Supports Range (206, several ranges), ETag (the SHA-256) and " +
			"If-Range; Content-Disposition carries the original name in filename*. Every download is audited.",
		Parameters: idParam,
		Responses: map[string]*huma.Response{
			"200":     {Description: "The whole file"},
			"206":     {Description: "The requested ranges"},
			"default": {Description: "RFC 9457 problem with a machine code"},
		},
	})
}
