package httpapi

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/media"
)

// LinksPath is where delivery links are served, without a token.
const LinksPath = "/api/v1/links/"

// LinkCreateInput asks for a delivery link to an asset's original.
type LinkCreateInput struct {
	ID   string `path:"id" maxLength:"64"`
	Body struct {
		ExpiresIn    string `json:"expires_in" maxLength:"32" example:"72h" doc:"How long the link works: a duration such as 72h or 7d, at most 30 days"`
		MaxDownloads int    `json:"max_downloads" example:"3" doc:"How many downloads it allows, 1 to 1000; a request from byte 0 starts one, Range requests continuing it do not count"`
	}
	// base is the scheme and host the request came to, for the link's URL.
	base string
}

// Resolve remembers where the request was sent, so the link's URL points
// at the same server.
func (in *LinkCreateInput) Resolve(ctx huma.Context) []error {
	scheme := "http"
	if ctx.TLS() != nil || strings.EqualFold(ctx.Header("X-Forwarded-Proto"), "https") {
		scheme = "https"
	}
	in.base = scheme + "://" + ctx.Host()
	return nil
}

// LinkOutput is a delivery link.
type LinkOutput struct {
	Body *media.Link
}

// LinkListOutput lists the caller's links to an asset.
type LinkListOutput struct {
	Body struct {
		Items []*media.Link `json:"items"`
	}
}

// LinkIDInput names one link of an asset.
type LinkIDInput struct {
	ID   string `path:"id" maxLength:"64"`
	Link string `path:"link" maxLength:"64"`
}

// links returns the delivery link service over the API's asset service, or
// nil when there is no key to hash tokens with (the same server-secret keys
// that sign preview links) or the store keeps no links.
func (a *API) links() *media.Links {
	if a.deps.Media == nil || a.deps.PreviewKeys == nil {
		return nil
	}
	ls, ok := a.deps.Media.Store().(media.LinkStore)
	if !ok {
		return nil
	}
	return media.NewLinks(a.deps.Media, ls, a.deps.PreviewKeys)
}

func registerAssetLinks(api *API, r chi.Router) {
	links := api.links()
	if links == nil {
		return
	}
	tags := []string{"assets"}
	huma.Register(api, huma.Operation{
		OperationID: "create-asset-link", Method: http.MethodPost, Path: "/api/v1/assets/{id}/links", DefaultStatus: http.StatusCreated,
		Summary: "Make a delivery link to an asset's original (for a vendor without an account)",
		Description: "Only an organisation that may download the original (the owner, or a holder of a licence on the " +
			"title active today) may, through its editors and admins. The url works without a token until it expires, " +
			"is revoked, its downloads are used up or the organisation's licence is no longer active; it is shown only " +
			"in this answer. A GET from byte 0 (or without Range) counts as a download; Range requests continuing a " +
			"started download do not. Every use is audited.",
		Tags: tags, Security: secured,
	}, func(ctx context.Context, in *LinkCreateInput) (*LinkOutput, error) {
		l, token, err := links.Create(ctx, in.ID, media.LinkInput{ExpiresIn: in.Body.ExpiresIn, MaxDownloads: in.Body.MaxDownloads})
		if err != nil {
			return nil, api.linkError(ctx, err)
		}
		l.URL = in.base + LinksPath + token
		return &LinkOutput{Body: l}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "list-asset-links", Method: http.MethodGet, Path: "/api/v1/assets/{id}/links",
		Summary: "List the delivery links your organisation made to an asset", Tags: tags, Security: secured,
		Description: "Newest first, with their status (active, expired, used_up, revoked) and downloads; never their URL.",
	}, func(ctx context.Context, in *AssetIDInput) (*LinkListOutput, error) {
		ls, err := links.List(ctx, in.ID)
		if err != nil {
			return nil, api.linkError(ctx, err)
		}
		out := &LinkListOutput{}
		out.Body.Items = ls
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "revoke-asset-link", Method: http.MethodDelete, Path: "/api/v1/assets/{id}/links/{link}", DefaultStatus: http.StatusNoContent,
		Summary: "Revoke a delivery link your organisation made", Tags: tags, Security: secured,
		Description: "The link stops working at once, also for downloads in progress that continue with Range.",
	}, func(ctx context.Context, in *LinkIDInput) (*struct{}, error) {
		if err := links.Revoke(ctx, in.ID, in.Link); err != nil {
			return nil, api.linkError(ctx, err)
		}
		return nil, nil
	})
	h := &linkDownloads{api: api, links: links}
	r.Get(LinksPath+"{token}", h.serve)
	r.Head(LinksPath+"{token}", h.serve)
}

// linkError is assetError plus 410 Gone for links expired, revoked or used up.
func (a *API) linkError(ctx context.Context, err error) error {
	switch apperr.ErrorCode(err) {
	case media.CodeLinkExpired, media.CodeLinkRevoked, media.CodeLinkUsedUp:
		var ae *apperr.Error
		errors.As(err, &ae)
		return &ProblemError{ErrorModel: huma.ErrorModel{Title: http.StatusText(http.StatusGone), Status: http.StatusGone,
			Detail: ae.Message}, Code: string(ae.Code)}
	}
	return a.assetError(ctx, err)
}

type linkDownloads struct {
	api   *API
	links *media.Links
}

// serve answers GET and HEAD of a delivery link like the authenticated
// download (Range, ETag, If-Range, Content-Disposition), counting a
// download when the answer starts at byte 0.
func (h *linkDownloads) serve(w http.ResponseWriter, r *http.Request) {
	token := chi.URLParam(r, "token")
	// The request log records the path: keep a usable token out of it. The
	// logger shares this request's URL, so shortening it here is enough.
	r.URL.Path, r.URL.RawPath = LinksPath+redactToken(token), ""
	ctx, d, l, err := h.links.Resolve(r.Context(), token)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	kind, byteRange := media.UseStart, r.Header.Get("Range")
	switch {
	case r.Method == http.MethodHead:
		kind, byteRange = media.UseHead, "head"
	case byteRange == "":
		byteRange = "all"
	case r.Header.Get("If-Range") != "" && r.Header.Get("If-Range") != etag(d.Asset):
		// http.ServeContent sends the whole file: a new download.
		byteRange = "all (If-Range did not match)"
	case !media.RangeStartsAtZero(byteRange, d.Asset.Size):
		kind = media.UseResume
	}
	if _, err := h.links.Use(ctx, l, d, kind, byteRange); err != nil {
		h.fail(w, r, err)
		return
	}
	hd := w.Header()
	hd.Set("ETag", etag(d.Asset))
	hd.Set("Content-Type", d.Asset.ContentType)
	hd.Set("Content-Disposition", ContentDisposition(d.Asset.Filename))
	hd.Set("Cache-Control", "private, no-store")
	hd.Set("Referrer-Policy", "no-referrer")
	body := &blobSeeker{ctx: ctx, blobs: h.api.deps.Media.Blobs(), key: d.Key, size: d.Asset.Size}
	defer body.Close()
	http.ServeContent(&deadlineWriter{ResponseWriter: w, rc: http.NewResponseController(w)}, r, "", time.Time{}, body)
}

func (h *linkDownloads) fail(w http.ResponseWriter, r *http.Request, err error) {
	pe, ok := h.api.linkError(r.Context(), err).(*ProblemError)
	if !ok {
		pe = &ProblemError{ErrorModel: huma.ErrorModel{Status: http.StatusInternalServerError, Detail: "internal error"}, Code: string(apperr.Internal)}
	}
	writeProblem(w, r, pe.Status, pe.Code, pe.Detail)
}

// redactToken keeps enough of a token to tell links apart in a log.
func redactToken(token string) string {
	if len(token) > 10 {
		return url.PathEscape(token[:10]) + "…"
	}
	return "…"
}
