package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/rights"
)

// rightsSave records a new holding or licence, or replaces one (edit), and
// returns to the title's rights. Refusals come back on the form: field
// errors beside their inputs, the engine's conflicts (409) as a list naming
// each record in the way, all in the page's language.
func (h *Handler) rightsSave(w http.ResponseWriter, r *http.Request) {
	if h.deps.Rights == nil {
		h.fail(w, r, apperr.New(apperr.NotFound, "rights are not enabled"))
		return
	}
	id, kind, rid, ctx := chi.URLParam(r, "id"), chi.URLParam(r, "kind"), chi.URLParam(r, "rid"), r.Context()
	f := readRightsForm(r)
	terms := f.terms()
	var recID string
	flash := "flash.desk.saved"
	var err error
	switch {
	case kind == "holdings" && rid == "":
		var hd *rights.Holding
		if hd, err = h.deps.Rights.AddHolding(ctx, id, rights.HoldingInput{Terms: terms}); err == nil {
			recID = hd.ID
			if hd.Status == rights.HoldingClaimed {
				flash = "flash.desk.claimed"
			}
		}
	case kind == "holdings":
		var hd *rights.Holding
		if hd, err = h.deps.Rights.UpdateHolding(ctx, id, rid, terms); err == nil {
			recID = hd.ID
			if hd.Status == rights.HoldingClaimed {
				flash = "flash.desk.claimed"
			}
		}
	case rid == "":
		var l *rights.Licence
		if l, err = h.deps.Rights.AddLicence(ctx, id, rights.LicenceInput{Licensee: f.Licensee, Terms: terms}); err == nil {
			recID = l.ID
		}
	default:
		var l *rights.Licence
		if l, err = h.deps.Rights.UpdateLicence(ctx, id, rid, rights.LicenceInput{Licensee: f.Licensee, Terms: terms}); err == nil {
			recID = l.ID
		}
	}
	if err == nil {
		h.redirectWithFlash(w, r, "/titles/"+url.PathEscape(id)+"#rec-"+recID, flash)
		return
	}
	h.rightsRefused(w, r, rid, f, err)
}

// rightsRefused shows the form again with what was refused, or fails the
// page for errors the form cannot help with (not found, forbidden).
func (h *Handler) rightsRefused(w http.ResponseWriter, r *http.Request, rid string, f *rightsForm, err error) {
	ae, ok := err.(*apperr.Error)
	if !ok || (ae.Code != apperr.Invalid && ae.Code != apperr.Conflict) {
		h.fail(w, r, err)
		return
	}
	v, verr := h.rightsFormView(r, rid, f)
	if verr != nil {
		h.fail(w, r, verr)
		return
	}
	status := http.StatusUnprocessableEntity
	if ae.Code == apperr.Conflict {
		status = http.StatusConflict
		name, nerr := h.orgNamer(r, v.Base)
		if nerr != nil {
			h.fail(w, r, nerr)
			return
		}
		for _, rs := range reasonsOf(ae.Refs) {
			v.Conflicts = append(v.Conflicts, ConflictLine{Text: deskReason(v.Base, name, v.User.Principal().Org, rs), Ref: rs.Ref})
		}
		if len(v.Conflicts) == 0 {
			v.Conflicts = []ConflictLine{{Text: v.T("desk.form.conflict.other")}}
		}
	}
	for _, fe := range ae.Fields {
		input := rightsInput(fe.Field)
		if _, seen := v.FormErrors[input]; !seen {
			msg, ok := codedMessage(v.Localizer, fe)
			if !ok {
				msg = v.T("desk.form.err." + input)
			}
			v.FormErrors[input] = FieldErr{Input: input, Message: msg, Lang: v.Lang}
		}
	}
	h.render(w, r, status, "rights_form", v)
}

// rightsInput maps a terms field path ("holdbacks[0].until") to the form's input.
func rightsInput(field string) string {
	head, _, _ := strings.Cut(field, "[")
	head, _, _ = strings.Cut(head, ".")
	switch head {
	case "territories", "except_territories", "media", "languages", "start", "end", "holdbacks", "licensee":
		if head == "except_territories" {
			return "except"
		}
		return head
	}
	return "start"
}

// rightsDelete deletes a holding or licence from the title page. A holding
// that licences still need is refused (409 licence_depends): its edit form
// then shows the licences in the way.
func (h *Handler) rightsDelete(w http.ResponseWriter, r *http.Request) {
	if h.deps.Rights == nil {
		h.fail(w, r, apperr.New(apperr.NotFound, "rights are not enabled"))
		return
	}
	id, kind, rid, ctx := chi.URLParam(r, "id"), chi.URLParam(r, "kind"), chi.URLParam(r, "rid"), r.Context()
	var err error
	if kind == "holdings" {
		err = h.deps.Rights.DeleteHolding(ctx, id, rid)
	} else {
		err = h.deps.Rights.DeleteLicence(ctx, id, rid)
	}
	if err == nil {
		h.redirectWithFlash(w, r, "/titles/"+url.PathEscape(id)+"#rights", "flash.desk.deleted")
		return
	}
	if apperr.ErrorCode(err) != apperr.Conflict {
		h.fail(w, r, err)
		return
	}
	f, ferr := h.storedRightsForm(r)
	if ferr != nil {
		h.fail(w, r, ferr)
		return
	}
	h.rightsRefused(w, r, rid, f, err)
}
