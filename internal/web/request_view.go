package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/licensing"
)

// RequestView is one request: its standing terms and whether they can be
// granted, the negotiation so far, the thread, and the moves the user may make.
type RequestView struct {
	*Base
	FormErrors
	Req                  *licensing.Request
	Row                  RequestRow
	Licensor, Licensee   Named
	ProposedBy, Awaiting Named
	Deadline             string
	TitleURL             string
	History              []StepRow
	Comments             []CommentRow
	// The moves the signed-in user may make now.
	CanAccept, CanCounter, CanDecline, CanWithdraw, CanComment bool
	// Counter is the counter form, prefilled with the standing terms.
	Counter      *termsForm
	MediaOptions []Option
	// Refused lists why the last move was refused (availability, state).
	Refused []string
	Stale   bool // the request changed since the page the move came from
	Comment string
}

// Terms is the counter form for the terms partial.
func (v *RequestView) Terms() TermsFields {
	return TermsFields{Base: v.Base, FormErrors: v.FormErrors, F: v.Counter, Media: v.MediaOptions}
}

// StepRow is one move in words.
type StepRow struct {
	Seq     int
	Text    string
	At      string
	Terms   *RightsRow
	Message string
}

// CommentRow is one comment.
type CommentRow struct {
	Org    Named
	Author string
	Body   string
	At     string
}

func (h *Handler) requestView(w http.ResponseWriter, r *http.Request) {
	if !h.licensingReady(w, r) {
		return
	}
	h.renderRequest(w, r, http.StatusOK, &RequestView{})
}

// renderRequest loads the request and renders its page around v, which
// may carry the outcome of a refused move.
func (h *Handler) renderRequest(w http.ResponseWriter, r *http.Request, status int, v *RequestView) {
	ctx := r.Context()
	b := h.base(r, "", "requests")
	v.Base = b
	req, err := h.deps.Licensing.Get(ctx, chi.URLParam(r, "id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	names, err := h.orgNameMap(ctx, b)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	comments, err := h.deps.Licensing.Comments(ctx, req.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v.Req, v.Row = req, h.requestRow(ctx, b, names, req)
	b.PageTitle = b.T("licensing.request.title", "Title", v.Row.Title)
	v.Licensor, v.Licensee = names.named(req.Licensor), names.named(req.Licensee)
	v.ProposedBy, v.Awaiting = names.named(req.ProposedBy), names.named(req.Awaiting)
	v.Deadline = b.DateTime(req.Deadline)
	v.TitleURL = "/titles/" + url.PathEscape(req.TitleID)
	for _, st := range req.History {
		row := StepRow{Seq: st.Seq, At: b.DateTime(st.At), Message: st.Message,
			Text: b.T("licensing.step."+string(st.Action), "Org", names.named(st.Org).Name, "Actor", st.Actor)}
		if st.Terms != nil && st.Action != licensing.Accept {
			tr := rightsRow(b, "", req.Licensor, req.Licensee, *st.Terms, "")
			row.Terms = &tr
		}
		v.History = append(v.History, row)
	}
	for _, c := range comments {
		v.Comments = append(v.Comments, CommentRow{Org: names.named(c.Org), Author: c.Author, Body: c.Body, At: b.DateTime(c.CreatedAt)})
	}
	p, now := b.User.Principal(), time.Now()
	v.CanAccept = req.Can(p, licensing.Accept, now) == nil
	v.CanCounter = req.Can(p, licensing.Counter, now) == nil
	v.CanDecline = req.Can(p, licensing.Decline, now) == nil
	v.CanWithdraw = req.Can(p, licensing.Withdraw, now) == nil
	v.CanComment = req.CanComment(p) == nil
	if v.Counter == nil {
		v.Counter = formFromTerms(req.Terms)
		v.Counter.Deal = dealFormFrom(req.Deal)
	}
	v.MediaOptions = v.Counter.mediaOptions(b)
	if v.FormErrors == nil {
		v.FormErrors = FormErrors{}
	}
	h.render(w, r, status, "request", v)
}

// requestMove accepts, declines or withdraws, on the version the page showed.
func (h *Handler) requestMove(w http.ResponseWriter, r *http.Request) {
	if !h.licensingReady(w, r) {
		return
	}
	id, move := chi.URLParam(r, "id"), chi.URLParam(r, "move")
	version, ok := ifMatch(r)
	m := licensing.Move{Message: r.PostFormValue("message"), IfMatch: version}
	var err error
	switch move {
	case "accept":
		_, err = h.deps.Licensing.Accept(r.Context(), id, m)
	case "decline":
		_, err = h.deps.Licensing.Decline(r.Context(), id, m)
	case "withdraw":
		_, err = h.deps.Licensing.Withdraw(r.Context(), id, m)
	}
	if err != nil && !ok && apperr.Is(err, apperr.PreconditionFailed) {
		h.badVersion(w, r)
		return
	}
	if err != nil {
		h.moveRefused(w, r, err, &RequestView{})
		return
	}
	h.markRequestRead(r.Context(), id)
	flash := map[string]string{"accept": "flash.requestaccepted", "decline": "flash.requestdeclined", "withdraw": "flash.requestwithdrawn"}
	h.redirectWithFlash(w, r, "/requests/"+url.PathEscape(id), flash[move])
}

// requestCounter proposes the form's terms instead of the standing ones.
func (h *Handler) requestCounter(w http.ResponseWriter, r *http.Request) {
	if !h.licensingReady(w, r) {
		return
	}
	id := chi.URLParam(r, "id")
	f := readTermsForm(r)
	version, ok := ifMatch(r)
	in := licensing.CounterInput{Terms: f.terms(), Deal: f.Deal.deal(), Message: f.Message}
	d, err := f.deadline()
	if err == nil {
		in.Deadline = d
		_, err = h.deps.Licensing.Counter(r.Context(), id, in, version)
	}
	if err != nil && !ok && apperr.Is(err, apperr.PreconditionFailed) {
		h.badVersion(w, r)
		return
	}
	if err != nil {
		h.moveRefused(w, r, err, &RequestView{Counter: f})
		return
	}
	h.markRequestRead(r.Context(), id)
	h.redirectWithFlash(w, r, "/requests/"+url.PathEscape(id), "flash.requestcountered")
}

// moveRefused shows the request again with why the move could not be made:
// the form's errors, the availability reasons, or that it changed meanwhile.
func (h *Handler) moveRefused(w http.ResponseWriter, r *http.Request, err error, v *RequestView) {
	b := h.base(r, "", "requests")
	switch apperr.ErrorCode(err) {
	case apperr.PreconditionFailed:
		v.Stale = true
		v.Counter = nil
		h.renderRequest(w, r, http.StatusConflict, v)
		return
	case apperr.Invalid, apperr.Conflict:
		name, _ := h.orgNamer(r, b) // without names the reasons show slugs
		fe, reasons, _ := termsErrors(b, name, err)
		v.FormErrors, v.Refused = fe, reasons
		if len(reasons) == 0 && fe == nil {
			v.Refused = []string{b.T("error.conflict.body")}
		}
		status := http.StatusConflict
		if apperr.Is(err, apperr.Invalid) {
			status = http.StatusUnprocessableEntity
		}
		h.renderRequest(w, r, status, v)
		return
	}
	h.fail(w, r, err)
}

// ifMatch turns the version the page showed into an entity tag. A missing or
// garbled version is not ok and gives a tag no version matches, so the move
// is refused after the domain's own checks (who may move comes first) rather
// than made without a version check, as an empty tag would be.
func ifMatch(r *http.Request) (string, bool) {
	v, err := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	if err != nil || v <= 0 {
		return `"no-version"`, false
	}
	return licensing.ETag(v), true
}

// badVersion answers a move posted without a usable version: 400, and the
// request shown again with a prompt to reload.
func (h *Handler) badVersion(w http.ResponseWriter, r *http.Request) {
	b := h.base(r, "", "requests")
	h.renderRequest(w, r, http.StatusBadRequest, &RequestView{Refused: []string{b.T("input.version.invalid")}})
}

func (h *Handler) requestComment(w http.ResponseWriter, r *http.Request) {
	if !h.licensingReady(w, r) {
		return
	}
	id := chi.URLParam(r, "id")
	body := r.PostFormValue("body")
	if _, err := h.deps.Licensing.Comment(r.Context(), id, body); err != nil {
		if apperr.Is(err, apperr.Invalid) {
			b := h.base(r, "", "requests")
			msg := b.T("licensing.err.body")
			if ae := (*apperr.Error)(nil); errors.As(err, &ae) && len(ae.Fields) > 0 {
				if coded, ok := codedMessage(b.Localizer, ae.Fields[0]); ok {
					msg = coded
				}
			}
			h.renderRequest(w, r, http.StatusUnprocessableEntity, &RequestView{Comment: body,
				FormErrors: FormErrors{"body": {Input: "body", Message: msg}}})
			return
		}
		h.fail(w, r, err)
		return
	}
	h.redirectWithFlash(w, r, "/requests/"+url.PathEscape(id)+"#comments", "flash.commented")
}
