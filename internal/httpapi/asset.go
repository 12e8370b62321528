package httpapi

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/media"
)

// AssetOutput is one asset.
type AssetOutput struct {
	Body *media.Asset
}

// AssetListOutput lists a title's assets.
type AssetListOutput struct {
	Body struct {
		Items []*media.Asset `json:"items"`
	}
}

// AssetIDInput names an asset.
type AssetIDInput struct {
	ID string `path:"id" maxLength:"64"`
}

// AssetTitleInput names a title.
type AssetTitleInput struct {
	ID string `path:"id" maxLength:"64"`
}

// AssetForm is a small file sent in one multipart request.
type AssetForm struct {
	File     huma.FormFile `form:"file" required:"true" doc:"The file; up to 64 MiB (larger files: resumable upload at /api/v1/uploads/)"`
	Kind     string        `form:"kind" required:"true" doc:"mezzanine, proxy, trailer, poster, still, audio, document, press_kit or subtitle"`
	Language string        `form:"language" required:"false" doc:"BCP-47 tag, optional"`
	Filename string        `form:"filename" required:"false" doc:"Original file name when it differs from the part's"`
}

// AssetCreateInput is the multipart upload of a small file.
type AssetCreateInput struct {
	ID      string `path:"id" maxLength:"64"`
	RawBody huma.MultipartFormFiles[AssetForm]
}

func registerAssets(api *API, r chi.Router) {
	if api.deps.Media == nil {
		return
	}
	tags := []string{"assets"}
	huma.Register(api, huma.Operation{
		OperationID: "list-assets", Method: http.MethodGet, Path: "/api/v1/titles/{id}/assets",
		Summary: "List a title's media assets", Tags: tags, Security: secured,
	}, func(ctx context.Context, in *AssetTitleInput) (*AssetListOutput, error) {
		items, err := api.deps.Media.List(ctx, in.ID)
		if err != nil {
			return nil, api.assetError(ctx, err)
		}
		api.withPreviewLinks(ctx, items...)
		out := &AssetListOutput{}
		out.Body.Items = items
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "get-asset", Method: http.MethodGet, Path: "/api/v1/assets/{id}",
		Summary: "Get a media asset", Tags: tags, Security: secured,
	}, func(ctx context.Context, in *AssetIDInput) (*AssetOutput, error) {
		a, err := api.deps.Media.Get(ctx, in.ID)
		if err != nil {
			return nil, api.assetError(ctx, err)
		}
		api.withPreviewLinks(ctx, a)
		return &AssetOutput{Body: a}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "delete-asset", Method: http.MethodDelete, Path: "/api/v1/assets/{id}", DefaultStatus: http.StatusNoContent,
		Summary:     "Delete a media asset (the owner's editors and admins)",
		Description: "The stored content is deleted with the last asset referring to it.", Tags: tags, Security: secured,
	}, func(ctx context.Context, in *AssetIDInput) (*struct{}, error) {
		return nil, api.assetErrorOrNil(ctx, api.deps.Media.Delete(ctx, in.ID))
	})
	huma.Register(api, huma.Operation{
		OperationID: "create-asset", Method: http.MethodPost, Path: "/api/v1/titles/{id}/assets", DefaultStatus: http.StatusCreated,
		Summary: "Upload a small file (up to 64 MiB) in one multipart request",
		Description: "For posters, stills and PDFs. The content type is sniffed from the bytes. Larger files use the " +
			"resumable tus upload at /api/v1/uploads/.",
		Tags: tags, Security: secured, MaxBodyBytes: media.MaxMultipart + 1<<20,
	}, func(ctx context.Context, in *AssetCreateInput) (*AssetOutput, error) {
		f := in.RawBody.Data()
		defer f.File.Close()
		name := f.Filename
		if name == "" {
			name = f.File.Filename
		}
		a, err := api.deps.Media.Create(ctx, media.UploadRequest{TitleID: in.ID, Kind: f.Kind, Filename: name,
			Language: f.Language, Size: f.File.Size}, f.File)
		if err != nil {
			return nil, api.assetError(ctx, err)
		}
		return &AssetOutput{Body: a}, nil
	})
	mountUploads(api, r)
	r.Get("/api/v1/assets/{id}/download", api.download)
	r.Head("/api/v1/assets/{id}/download", api.download)
	documentUploadRoutes(api)
	api.mountPreviews(r)
}

// assetError renders a media error; the limit codes get their own statuses.
func (a *API) assetError(ctx context.Context, err error) error {
	pe := assetProblem(err)
	if pe.Status >= 500 && a.deps.Logger != nil {
		a.deps.Logger.ErrorContext(ctx, "internal error", "err", err)
	}
	return pe
}

func (a *API) assetErrorOrNil(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	return a.assetError(ctx, err)
}

// assetProblem is Problem plus the media limit codes: 413 for too_large and
// quota_exceeded, 507 for storage_full.
func assetProblem(err error) *ProblemError {
	var ae *apperr.Error
	if !errors.As(err, &ae) {
		return &ProblemError{ErrorModel: huma.ErrorModel{Title: http.StatusText(500), Status: 500, Detail: "internal error"}, Code: string(apperr.Internal)}
	}
	pe, ok := Problem(err).(*ProblemError)
	if !ok {
		return &ProblemError{ErrorModel: huma.ErrorModel{Title: http.StatusText(500), Status: 500, Detail: "internal error"}}
	}
	switch ae.Code {
	case media.CodeTooLarge, media.CodeQuotaExceeded:
		pe.Status = http.StatusRequestEntityTooLarge
	case media.CodeStorageFull:
		pe.Status = http.StatusInsufficientStorage
	}
	pe.Title = http.StatusText(pe.Status)
	return pe
}

func (a *API) logger() *slog.Logger {
	if a.deps.Logger != nil {
		return a.deps.Logger
	}
	return slog.Default()
}
