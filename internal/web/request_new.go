package web

import (
	"net/http"
	"net/url"
	"sort"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/licensing"
)

// RequestNewView is the form asking a holder for a licence on a title.
type RequestNewView struct {
	*Base
	FormErrors
	Form         *termsForm
	TitleName    string
	TitleLang    string
	TitleURL     string
	Licensors    []Option
	MediaOptions []Option
	Refused      []string
}

// Terms is the form for the terms partial.
func (v *RequestNewView) Terms() TermsFields {
	return TermsFields{Base: v.Base, FormErrors: v.FormErrors, F: v.Form, Media: v.MediaOptions}
}

func (h *Handler) requestNew(w http.ResponseWriter, r *http.Request) {
	if !h.licensingReady(w, r) {
		return
	}
	f := &termsForm{Title: r.URL.Query().Get("title")}
	h.renderRequestNew(w, r, http.StatusOK, &RequestNewView{Form: f})
}

func (h *Handler) renderRequestNew(w http.ResponseWriter, r *http.Request, status int, v *RequestNewView) {
	ctx := r.Context()
	b := h.base(r, "licensing.new.title", "requests")
	v.Base = b
	if !b.CanWrite() {
		h.fail(w, r, apperr.New(apperr.Forbidden, "viewers cannot request licences"))
		return
	}
	t, err := h.deps.Catalog.Get(ctx, v.Form.Title, []string{b.Lang})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v.TitleName, v.TitleLang = t.Localizations[t.DisplayLanguage].Title, t.DisplayLanguage
	v.TitleURL = "/titles/" + url.PathEscape(t.ID)
	names, err := h.orgNameMap(ctx, b)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	// Offer the title's holders when rights are known, else every organisation.
	candidates := map[string]bool{}
	if h.deps.Rights != nil {
		hs, err := h.deps.Rights.Holdings(ctx, t.ID)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		for _, hd := range hs {
			candidates[hd.Holder] = true
		}
	} else {
		for slug := range names {
			candidates[slug] = true
		}
	}
	delete(candidates, b.User.Org)
	v.Licensors = append(v.Licensors, Option{Value: "", Label: b.T("licensing.new.anyholder"), Selected: v.Form.Licensor == ""})
	var slugs []string
	for slug := range candidates {
		slugs = append(slugs, slug)
	}
	sort.Strings(slugs)
	for _, slug := range slugs {
		v.Licensors = append(v.Licensors, Option{Value: slug, Label: names.named(slug).Name, Selected: v.Form.Licensor == slug})
	}
	v.MediaOptions = v.Form.mediaOptions(b)
	if v.FormErrors == nil {
		v.FormErrors = FormErrors{}
	}
	h.render(w, r, status, "request_new", v)
}

func (h *Handler) requestCreate(w http.ResponseWriter, r *http.Request) {
	if !h.licensingReady(w, r) {
		return
	}
	f := readTermsForm(r)
	in := licensing.SubmitInput{Title: f.Title, Licensor: f.Licensor, Terms: f.terms(), Deal: f.Deal.deal(), Message: f.Message}
	d, err := f.deadline()
	var req *licensing.Request
	if err == nil {
		in.Deadline = d
		req, err = h.deps.Licensing.Submit(r.Context(), in)
	}
	if err != nil {
		b := h.base(r, "", "requests")
		name, _ := h.orgNamer(r, b) // without names the reasons show slugs
		fe, reasons, ok := termsErrors(b, name, err)
		if !ok {
			h.fail(w, r, err)
			return
		}
		status := http.StatusConflict
		if apperr.Is(err, apperr.Invalid) {
			status = http.StatusUnprocessableEntity
		}
		h.renderRequestNew(w, r, status, &RequestNewView{Form: f, FormErrors: fe, Refused: reasons})
		return
	}
	h.redirectWithFlash(w, r, "/requests/"+url.PathEscape(req.ID), "flash.requestsubmitted")
}
