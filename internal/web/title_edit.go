package web

import (
	"net/http"
	"net/url"

	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/catalog"
)

// TitleFormView is the create/edit form.
type TitleFormView struct {
	*Base
	IsNew  bool
	Action string
	Cancel string
	Form   *titleForm
	FormErrors
	Summary      []FieldErr
	Stale        bool // someone saved the title since the form was opened
	Kinds        []Option
	Genres       []Option
	Producers    []Option
	Visibilities []Option
	CreditRoles  []Option
	ReleaseTypes []Option
}

func (h *Handler) titleNew(w http.ResponseWriter, r *http.Request) {
	b := h.base(r, "form.new.title", "new")
	if !b.CanWrite() {
		h.fail(w, r, apperr.New(apperr.Forbidden, "viewers cannot create titles"))
		return
	}
	h.renderForm(w, r, http.StatusOK, b, newTitleForm(), nil, "")
}

func (h *Handler) titleCreate(w http.ResponseWriter, r *http.Request) {
	b := h.base(r, "form.new.title", "new")
	if !b.CanWrite() {
		h.fail(w, r, apperr.New(apperr.Forbidden, "viewers cannot create titles"))
		return
	}
	f := formFromRequest(r)
	fields, parseErrs := f.apply(catalog.Fields{})
	if len(parseErrs) > 0 {
		h.renderInvalid(w, r, b, f, fields, parseErrs, "")
		return
	}
	t, err := h.deps.Catalog.Create(r.Context(), fields)
	if fe, ok := h.collectErrors(b.Localizer, f, err); ok {
		h.renderForm(w, r, http.StatusUnprocessableEntity, b, f, fe, "")
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.redirectWithFlash(w, r, "/titles/"+url.PathEscape(t.ID), "flash.created")
}

// editable returns the title if the signed-in user may edit it: a writer of
// the owning organisation. The service checks again when saving.
func (h *Handler) editable(r *http.Request, b *Base) (*catalog.Title, error) {
	t, err := h.deps.Catalog.Get(r.Context(), chi.URLParam(r, "id"), []string{b.Lang})
	if err != nil {
		return nil, err
	}
	if p := b.User.Principal(); !p.CanWrite() || p.Org != t.Owner {
		return nil, apperr.New(apperr.Forbidden, "only editors of %s may edit this title", t.Owner)
	}
	return t, nil
}

func (h *Handler) titleEdit(w http.ResponseWriter, r *http.Request) {
	b := h.base(r, "form.edit.title", "catalog")
	t, err := h.editable(r, b)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	b.PageTitle = b.T("form.edit.heading", "Title", t.DisplayTitle)
	h.renderForm(w, r, http.StatusOK, b, formFromTitle(t), nil, t.ID)
}

// titleSave turns the form into a merge patch against the stored title and
// applies it at the version the form was opened on.
func (h *Handler) titleSave(w http.ResponseWriter, r *http.Request) {
	b := h.base(r, "form.edit.title", "catalog")
	t, err := h.editable(r, b)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f := formFromRequest(r)
	fields, parseErrs := f.apply(t.Fields)
	if len(parseErrs) > 0 {
		h.renderInvalid(w, r, b, f, fields, parseErrs, t.ID)
		return
	}
	oldDoc, err := fieldsDoc(t.Fields)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	newDoc, err := fieldsDoc(fields)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	patch := mergeDiff(oldDoc, newDoc)
	if len(patch) == 0 {
		h.redirectWithFlash(w, r, "/titles/"+url.PathEscape(t.ID), "flash.unchanged")
		return
	}
	_, err = h.deps.Catalog.Patch(r.Context(), t.ID, patch, catalog.ETag(f.Version))
	if apperr.Is(err, apperr.PreconditionFailed) {
		// Offer the stored version's number, so saving again is a deliberate overwrite.
		f.Version = t.Version
		v := h.formView(r, b, f, nil, t.ID)
		v.Stale = true
		h.render(w, r, http.StatusConflict, "title_form", v)
		return
	}
	if fe, ok := h.collectErrors(b.Localizer, f, err); ok {
		h.renderForm(w, r, http.StatusUnprocessableEntity, b, f, fe, t.ID)
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.redirectWithFlash(w, r, "/titles/"+url.PathEscape(t.ID), "flash.saved")
}

// renderInvalid shows unparseable input together with every other rule the
// fields break (checked without the store), so the user fixes all at once.
func (h *Handler) renderInvalid(w http.ResponseWriter, r *http.Request, b *Base, f *titleForm, fields catalog.Fields, parseErrs apperr.Fields, id string) {
	all := append(apperr.Fields{}, parseErrs...)
	check := fields
	if err := check.Normalize(); err != nil {
		if ae, ok := err.(*apperr.Error); ok {
			for _, fe := range ae.Fields {
				if !hasField(parseErrs, fe.Field) {
					all = append(all, fe)
				}
			}
		}
	}
	h.renderForm(w, r, http.StatusUnprocessableEntity, b, f, f.errorsFrom(b.Localizer, all), id)
}

func hasField(fs apperr.Fields, field string) bool {
	for _, f := range fs {
		if f.Field == field {
			return true
		}
	}
	return false
}

func (h *Handler) renderForm(w http.ResponseWriter, r *http.Request, status int, b *Base, f *titleForm, fe *formErrors, id string) {
	h.render(w, r, status, "title_form", h.formView(r, b, f, fe, id))
}

func (h *Handler) formView(r *http.Request, b *Base, f *titleForm, fe *formErrors, id string) *TitleFormView {
	v := &TitleFormView{Base: b, IsNew: id == "", Form: f, FormErrors: FormErrors{},
		Kinds: kindOptions(b, f.Kind), Genres: genreOptions(b, f.Genres)}
	if v.IsNew {
		v.Action, v.Cancel = "/titles/new", "/titles"
	} else {
		v.Action, v.Cancel = "/titles/"+url.PathEscape(id)+"/edit", "/titles/"+url.PathEscape(id)
	}
	if fe != nil {
		v.FormErrors, v.Summary = fe.byInput, fe.summary
	}
	if orgs, err := h.deps.Orgs.List(r.Context()); err == nil {
		for _, o := range orgs {
			name, _ := b.Pick(o.Names)
			v.Producers = append(v.Producers, Option{Value: o.Slug, Label: name, Selected: contains(f.Producers, o.Slug)})
		}
	}
	for _, vis := range catalog.Visibilities {
		v.Visibilities = append(v.Visibilities, Option{Value: string(vis), Label: b.T("visibility." + string(vis)), Selected: string(vis) == f.Visibility})
	}
	for _, c := range catalog.CreditRoles {
		v.CreditRoles = append(v.CreditRoles, Option{Value: c, Label: b.T("credit." + c)})
	}
	for _, t := range catalog.ReleaseTypes {
		v.ReleaseTypes = append(v.ReleaseTypes, Option{Value: t, Label: b.T("release." + t)})
	}
	return v
}
