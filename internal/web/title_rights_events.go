package web

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/rights"
)

// The Dated events panel of a title page, for its keepers (owner and
// producers): the events its windows may wait on that have been dated, and a
// form dating another (rights.Service.ResolveCondition). A refused form comes
// back on the title page itself, its errors beside the inputs.

func init() {
	RegisterTitleSection(datedEventsSection)
	addRoutes(func(h *Handler, r chi.Router) {
		r.Post("/titles/{id}/conditions", h.datedEventSave)
	})
}

// DatedEventsView is the panel.
type DatedEventsView struct {
	*Base
	FormErrors
	Events     []DatedEventRow
	CanDate    bool // the viewer writes for a keeper
	Action     string
	Conditions []Option
	F          eventForm
	Conflict   bool // the date would leave a record without a window
}

// DatedEventRow is a dated event in words.
type DatedEventRow struct {
	Condition, Date, Territories, Org, By, At string
}

// eventForm is the form as posted.
type eventForm struct {
	Condition, Date, Territories string
}

// eventFormState carries a refused form to the panel through the request.
type eventFormState struct {
	form     eventForm
	errors   FormErrors
	conflict bool
}

type eventFormKey struct{}

func datedEventsSection(h *Handler, r *http.Request, t *catalog.Title, b *Base) (*TitleSection, error) {
	if h.deps.Rights == nil || b.User == nil || !rights.IsKeeper(t, b.User.Principal().Org) {
		return nil, nil
	}
	dates, err := h.deps.Rights.ConditionDates(r.Context(), t.ID)
	if err != nil {
		return nil, err
	}
	name, err := h.orgNamer(r, b)
	if err != nil {
		return nil, err
	}
	v := &DatedEventsView{Base: b, FormErrors: FormErrors{}, CanDate: b.CanWrite(),
		Action: "/titles/" + url.PathEscape(t.ID) + "/conditions"}
	for _, d := range dates {
		row := DatedEventRow{Condition: b.T("datedevents.name." + d.Condition), Date: b.PartialDate(d.Date),
			Territories: b.T("datedevents.everywhere"), Org: name(d.Org), By: d.SetBy, At: b.DateTime(d.SetAt)}
		if len(d.Territories) > 0 {
			row.Territories = territoryList(b, d.Territories, 8)
		}
		v.Events = append(v.Events, row)
	}
	if st, ok := r.Context().Value(eventFormKey{}).(*eventFormState); ok {
		v.F, v.FormErrors, v.Conflict = st.form, st.errors, st.conflict
	}
	for _, c := range eventChoices() {
		v.Conditions = append(v.Conditions, Option{Value: c, Label: b.T("datedevents.name." + c), Selected: c == v.F.Condition})
	}
	var buf bytes.Buffer
	if err := h.tpl.pages["title"].ExecuteTemplate(&buf, "dated_events_section", v); err != nil {
		return nil, fmt.Errorf("render dated events: %w", err)
	}
	return &TitleSection{ID: "dated-events", Heading: b.T("datedevents.heading"), Body: template.HTML(buf.String())}, nil
}

// eventChoices are the date conditions in the order the form offers them,
// the most common first.
func eventChoices() []string {
	out := []string{"Theatrical", "Broadcast", "EST", "ESTStart", "Completed", "TBD"}
	for _, c := range rights.DateConditions {
		if !contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// datedEventSave dates an event and returns to the panel; a refusal (a bad
// field, or a date that would leave a record without a window) shows the
// title page again with the form as it was sent.
func (h *Handler) datedEventSave(w http.ResponseWriter, r *http.Request) {
	if h.deps.Rights == nil {
		h.fail(w, r, apperr.New(apperr.NotFound, "rights are not enabled"))
		return
	}
	id := chi.URLParam(r, "id")
	r.ParseForm()
	f := eventForm{Condition: strings.TrimSpace(r.PostForm.Get("condition")), Date: strings.TrimSpace(r.PostForm.Get("date")),
		Territories: strings.TrimSpace(r.PostForm.Get("territories"))}
	_, err := h.deps.Rights.ResolveCondition(r.Context(), id, rights.ConditionInput{Condition: f.Condition, Date: f.Date,
		Territories: splitList(f.Territories)})
	if err == nil {
		h.redirectWithFlash(w, r, "/titles/"+url.PathEscape(id)+"#dated-events", "flash.eventdated")
		return
	}
	ae, ok := err.(*apperr.Error)
	if !ok || (ae.Code != apperr.Invalid && ae.Code != apperr.Conflict) {
		h.fail(w, r, err)
		return
	}
	st := &eventFormState{form: f, errors: FormErrors{}, conflict: ae.Code == apperr.Conflict}
	loc := stateOf(r).loc
	for _, fe := range ae.Fields {
		field := fe.Field
		if field != "condition" && field != "date" {
			field = "territories"
		}
		// Inputs are keyed event_*: the title page holds other forms.
		if input := "event_" + field; st.errors[input].Message == "" {
			st.errors[input] = FieldErr{Input: input, Message: loc.T("datedevents.err." + field), Lang: loc.Lang}
		}
	}
	status := http.StatusUnprocessableEntity
	if st.conflict {
		status = http.StatusConflict
	}
	h.titleView(&statusWriter{ResponseWriter: w, status: status}, r.WithContext(context.WithValue(r.Context(), eventFormKey{}, st)))
}

// statusWriter answers with status where the page it wraps says 200 (the
// title page shown again with a refused form).
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) {
	if code == http.StatusOK {
		code = s.status
	}
	s.ResponseWriter.WriteHeader(code)
}
