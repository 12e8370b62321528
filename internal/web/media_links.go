package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/media"
)

func init() {
	addRoutes(func(h *Handler, r chi.Router) {
		r.Post("/titles/{id}/media/{asset}/links", h.linkCreate)
		r.Post("/titles/{id}/media/{asset}/links/{link}/revoke", h.linkRevoke)
	})
}

// LinksView is the delivery links an organisation made to one asset, and
// the form to make another (for its editors and admins).
type LinksView struct {
	*Base
	AssetID  string
	Action   string // form action: /titles/{id}/media/{asset}/links
	CanWrite bool
	Items    []LinkRow
	// Created is the URL of the link just made, shown this once.
	Created string
	Expiry  []Option
	Max     string
	FormErrors
}

// LinkRow is one delivery link in words.
type LinkRow struct {
	ID, Status, StatusCode, Expires, Downloads, CreatedBy string
	Revocable                                             bool
}

// linkExpiries are the lifetimes the form offers (the API takes any up to 30 days).
var linkExpiries = []string{"1d", "3d", "7d", "14d", "30d"}

func (h *Handler) linksView(r *http.Request, b *Base, titleID, assetID string, form *LinksView) (*LinksView, error) {
	ls, err := h.deps.Links.List(r.Context(), assetID)
	if err != nil {
		return nil, err
	}
	v := form
	if v == nil {
		v = &LinksView{Max: "3", FormErrors: FormErrors{}}
	}
	v.Base, v.AssetID, v.CanWrite = b, assetID, b.CanWrite()
	v.Action = "/titles/" + url.PathEscape(titleID) + "/media/" + url.PathEscape(assetID) + "/links"
	chosen := "3d"
	if len(v.Expiry) > 0 {
		for _, o := range v.Expiry {
			if o.Selected {
				chosen = o.Value
			}
		}
	}
	v.Expiry = nil
	for _, e := range linkExpiries {
		days, _ := strconv.Atoi(strings.TrimSuffix(e, "d"))
		v.Expiry = append(v.Expiry, Option{Value: e, Label: b.N("media.links.days", days), Selected: e == chosen})
	}
	v.Items = nil
	for _, l := range ls {
		v.Items = append(v.Items, LinkRow{ID: l.ID, StatusCode: l.Status, Status: b.T("media.links.status." + l.Status),
			Expires: b.DateTime(l.ExpiresAt), CreatedBy: l.CreatedBy,
			Downloads: b.T("media.links.downloads", "N", b.Num(l.Downloads), "Max", b.Num(l.MaxDownloads)),
			Revocable: v.CanWrite && l.Status != media.LinkRevoked})
	}
	return v, nil
}

// linkCreate makes a delivery link and answers the links fragment with
// its URL shown once; refused input comes back as messages on the form.
func (h *Handler) linkCreate(w http.ResponseWriter, r *http.Request) {
	if h.deps.Links == nil {
		h.fail(w, r, apperr.New(apperr.NotFound, "delivery links are not enabled"))
		return
	}
	b := h.base(r, "", "catalog")
	titleID, assetID := chi.URLParam(r, "id"), chi.URLParam(r, "asset")
	expires, maxText := r.PostFormValue("expires_in"), strings.TrimSpace(r.PostFormValue("max_downloads"))
	form := &LinksView{Max: maxText, FormErrors: FormErrors{}}
	for _, e := range linkExpiries {
		form.Expiry = append(form.Expiry, Option{Value: e, Selected: e == expires})
	}
	max, err := strconv.Atoi(maxText)
	if err != nil {
		max = 0 // refused below with the range message
	}
	l, token, err := h.deps.Links.Create(r.Context(), assetID, media.LinkInput{ExpiresIn: expires, MaxDownloads: max})
	switch {
	case err == nil:
		form.Created = h.origin(r) + "/api/v1/links/" + token
		form.Max = strconv.Itoa(l.MaxDownloads)
	case apperr.Is(err, apperr.Invalid):
		for _, f := range fieldErrors(err) {
			in := f.Field
			form.FormErrors[in] = FieldErr{Input: in, Message: b.T("media.links.err."+f.Field, "Max", b.Num(1000)), Lang: b.Lang}
		}
	default:
		h.fail(w, r, err)
		return
	}
	v, err := h.linksView(r, b, titleID, assetID, form)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.renderFragment(w, r, "media_links", v)
}

// linkRevoke revokes a link and answers the refreshed links fragment.
func (h *Handler) linkRevoke(w http.ResponseWriter, r *http.Request) {
	if h.deps.Links == nil {
		h.fail(w, r, apperr.New(apperr.NotFound, "delivery links are not enabled"))
		return
	}
	b := h.base(r, "", "catalog")
	titleID, assetID := chi.URLParam(r, "id"), chi.URLParam(r, "asset")
	if err := h.deps.Links.Revoke(r.Context(), assetID, chi.URLParam(r, "link")); err != nil {
		h.fail(w, r, err)
		return
	}
	v, err := h.linksView(r, b, titleID, assetID, nil)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.renderFragment(w, r, "media_links", v)
}

// origin is the scheme and host the page was asked for, for absolute links.
func (h *Handler) origin(r *http.Request) string {
	if h.isSecure(r) {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}

func fieldErrors(err error) []apperr.FieldError {
	var ae *apperr.Error
	if !errors.As(err, &ae) {
		return nil
	}
	return ae.Fields
}
