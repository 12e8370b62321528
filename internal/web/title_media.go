package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"net/url"

	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/media"
)

func init() {
	RegisterTitleSection(mediaSection)
	addRoutes(func(h *Handler, r chi.Router) {
		r.Get("/titles/{id}/media", h.mediaAssets)
	})
}

// MediaView is the Media panel of a title page: the upload form for the
// owner's editors, the preview player, and the assets with their status,
// technical summary, download and delivery links.
type MediaView struct {
	*Base
	TitleID string
	// ListURL refreshes the asset list (after an upload, while processing).
	ListURL   string
	CanUpload bool
	Upload    UploadForm
	Assets    []AssetRow
	// Busy says an asset is still being processed: the list refreshes itself.
	Busy bool
	// Player is the first asset with a preview, shown at first.
	Player *AssetRow
}

// UploadForm is what the upload form offers.
type UploadForm struct {
	Endpoint  string
	Kinds     []Option
	Languages []Option
}

// AssetRow is one asset in words of the reader's language.
type AssetRow struct {
	ID, Filename, Kind, Status, StatusCode string
	Language, LanguageTag                  string
	Size                                   string
	Reason                                 string // translated
	ReasonDetail                           string // the processing's own words, shown in English only
	Facts                                  []Fact
	Download                               string
	HLS, Poster, Storyboard                string
	Links                                  *LinksView
}

// Fact is one line of a technical summary.
type Fact struct{ Label, Value string }

// uploadLanguages are offered for an asset's language (any BCP-47 tag is
// accepted by the API; the form keeps to the usual ones).
var uploadLanguages = []string{"zh", "ru", "en", "fr", "de", "es", "ar", "ja", "ko", "pt", "it", "hi"}

func mediaSection(h *Handler, r *http.Request, t *catalog.Title, b *Base) (*TitleSection, error) {
	if h.deps.Media == nil {
		return nil, nil
	}
	v, err := h.mediaView(r, t.ID, t.Owner, b)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := h.tpl.pages["title"].ExecuteTemplate(&buf, "media_section", v); err != nil {
		return nil, fmt.Errorf("render media section: %w", err)
	}
	return &TitleSection{ID: "media", Heading: b.T("media.heading"), Body: template.HTML(buf.String())}, nil
}

// mediaAssets serves the asset list alone, for refreshing it in place.
func (h *Handler) mediaAssets(w http.ResponseWriter, r *http.Request) {
	if h.deps.Media == nil {
		h.fail(w, r, apperr.New(apperr.NotFound, "media is not enabled"))
		return
	}
	b := h.base(r, "", "catalog")
	t, err := h.deps.Catalog.Get(r.Context(), chi.URLParam(r, "id"), []string{b.Lang})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v, err := h.mediaView(r, t.ID, t.Owner, b)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.renderFragment(w, r, "media_assets", v)
}

func (h *Handler) mediaView(r *http.Request, titleID, owner string, b *Base) (*MediaView, error) {
	ctx := r.Context()
	assets, err := h.deps.Media.List(ctx, titleID)
	if err != nil {
		return nil, err
	}
	p := b.User.Principal()
	v := &MediaView{Base: b, TitleID: titleID, ListURL: "/titles/" + url.PathEscape(titleID) + "/media",
		CanUpload: p.CanWrite() && p.Org == owner}
	if v.CanUpload {
		v.Upload.Endpoint = "/api/v1/uploads/"
		for _, k := range media.Kinds {
			v.Upload.Kinds = append(v.Upload.Kinds, Option{Value: string(k), Label: b.T("media.kind." + string(k)), Selected: k == media.KindMezzanine})
		}
		for _, l := range uploadLanguages {
			v.Upload.Languages = append(v.Upload.Languages, Option{Value: l, Label: b.Language(l)})
		}
	}
	// Every asset of a title shares one answer: the owner, or a licensee
	// active today, may download the originals.
	canDownload := false
	if len(assets) > 0 {
		_, err := h.deps.Media.OpenDownload(ctx, assets[0].ID)
		switch {
		case err == nil:
			canDownload = true
		case !apperr.Is(err, apperr.Forbidden):
			return nil, err
		}
	}
	for _, a := range assets {
		row := assetRow(b, a)
		if canDownload && a.Status != media.StatusUploading {
			row.Download = "/api/v1/assets/" + url.PathEscape(a.ID) + "/download"
			if h.deps.Links != nil {
				if row.Links, err = h.linksView(r, b, titleID, a.ID, nil); err != nil {
					return nil, err
				}
			}
		}
		if a.Status == media.StatusUploading || a.Status == media.StatusProcessing {
			v.Busy = true
		}
		v.Assets = append(v.Assets, row)
	}
	for i := range v.Assets {
		if v.Assets[i].HLS != "" {
			v.Player = &v.Assets[i]
			break
		}
	}
	return v, nil
}

// assetRow words an asset for the reader. Preview files are addressed by
// their plain API paths: the browser sends the session cookie, and the
// playlists it gets back carry signed links to everything else.
func assetRow(b *Base, a *media.Asset) AssetRow {
	id := url.PathEscape(a.ID)
	row := AssetRow{ID: a.ID, Filename: a.Filename, Kind: b.T("media.kind." + string(a.Kind)), StatusCode: string(a.Status),
		Status: b.T("media.status." + string(a.Status)), Size: b.Bytes(a.Size), LanguageTag: a.Language}
	if a.Language != "" {
		row.Language = b.Language(a.Language)
	}
	if a.Reason != "" {
		row.Reason = b.T(reasonKey(a))
		if b.Lang == "en" {
			row.ReasonDetail = a.Reason
		}
	}
	if a.Status == media.StatusReady && a.Preview != nil && a.Preview.HLS != "" {
		row.HLS = "/api/v1/assets/" + id + "/hls/" + media.PreviewMaster
		row.Storyboard = "/api/v1/assets/" + id + "/preview/" + media.PreviewStoryboard
		if a.Preview.Poster != "" {
			row.Poster = "/api/v1/assets/" + id + "/preview/" + media.PreviewPoster
		}
	}
	row.Facts = technicalFacts(b, a.Technical)
	return row
}

// renderFragment executes one template of the title page's set alone (an
// htmx swap), with the page's headers.
func (h *Handler) renderFragment(w http.ResponseWriter, r *http.Request, name string, view any) {
	var buf bytes.Buffer
	if err := h.tpl.pages["title"].ExecuteTemplate(&buf, name, view); err != nil {
		h.internalError(w, r, fmt.Errorf("render %s: %w", name, err))
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/html; charset=utf-8")
	hd.Set("Cache-Control", "no-store")
	hd.Set("Vary", "Cookie, Accept-Language")
	w.Write(buf.Bytes())
}
