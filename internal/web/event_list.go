package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/events"
)

func init() {
	addRoutes(func(h *Handler, r chi.Router) {
		if h.deps.Events == nil {
			return
		}
		r.Get("/events", h.eventList)
		r.Post("/events", h.eventCreate)
		r.Get("/events/{id}", h.eventView)
		r.Post("/events/{id}/venues", h.eventAddVenue)
		r.Post("/events/{id}/screenings", h.eventAddScreening)
		r.Post("/events/{id}/screenings/{sid}/delete", h.eventDeleteScreening)
		r.Post("/events/{id}/request-rights", h.eventRequestRights)
		r.Post("/events/{id}/publish", h.eventPublish)
	})
}

// EventsView lists the organisation's events with a form for a new one.
type EventsView struct {
	*Base
	Rows   []EventRow
	Kinds  []Option
	Form   url.Values
	Errors []string
}

// EventRow is one event in the list.
type EventRow struct {
	URL, Name, NameLang, Dates, Status, Role string
}

func (h *Handler) eventList(w http.ResponseWriter, r *http.Request) {
	h.renderEventList(w, r, http.StatusOK, url.Values{"timezone": {"Europe/Moscow"}, "country": {"RU"}}, nil)
}

func (h *Handler) renderEventList(w http.ResponseWriter, r *http.Request, status int, form url.Values, errs []string) {
	b := h.base(r, "events.title", "events")
	list, err := h.deps.Events.List(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v := &EventsView{Base: b, Form: form, Errors: errs}
	for _, e := range list {
		name, lang := eventName(b.Localizer, e.Localizations)
		role := "events.role.partner"
		if b.Org != nil && e.Organiser == b.Org.Slug {
			role = "events.role.organiser"
		}
		v.Rows = append(v.Rows, EventRow{URL: "/events/" + url.PathEscape(e.ID), Name: name, NameLang: lang,
			Dates: b.PartialDate(e.Start) + " – " + b.PartialDate(e.End), Status: b.T("events.status." + string(e.Status)), Role: b.T(role)})
	}
	for _, k := range events.Kinds {
		v.Kinds = append(v.Kinds, Option{Value: string(k), Label: b.T("events.kind." + string(k)), Selected: form.Get("kind") == string(k)})
	}
	h.render(w, r, status, "events", v)
}

func (h *Handler) eventCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.fail(w, r, apperr.New(apperr.Invalid, "bad form"))
		return
	}
	f := r.PostForm
	lang := stateOf(r).loc.Lang
	in := events.EventInput{Kind: events.Kind(f.Get("kind")), Slug: strings.TrimSpace(f.Get("slug")), Country: strings.TrimSpace(f.Get("country")),
		Start: f.Get("start"), End: f.Get("end"), Timezone: strings.TrimSpace(f.Get("timezone")),
		Localizations: map[string]events.EventLocalization{lang: {Name: f.Get("name"), Description: f.Get("description")}}}
	if p := strings.TrimSpace(f.Get("partners")); p != "" {
		in.Partners = strings.Fields(strings.ReplaceAll(p, ",", " "))
	}
	e, err := h.deps.Events.Create(r.Context(), in)
	if err != nil {
		if msgs, ok := h.eventErrors(r, err); ok {
			h.renderEventList(w, r, http.StatusUnprocessableEntity, f, msgs)
			return
		}
		h.fail(w, r, err)
		return
	}
	h.redirectWithFlash(w, r, "/events/"+url.PathEscape(e.ID), "flash.eventcreated")
}

// eventErrors words a domain refusal for the form: a message per field in
// the reader's language (the domain's own words are English).
func (h *Handler) eventErrors(r *http.Request, err error) ([]string, bool) {
	ae, ok := err.(*apperr.Error)
	if !ok || (ae.Code != apperr.Invalid && ae.Code != apperr.Conflict) {
		return nil, false
	}
	loc := stateOf(r).loc
	if len(ae.Fields) == 0 {
		if ae.Code == apperr.Conflict {
			return []string{loc.T("events.err.blocking")}, true
		}
		return []string{loc.T("events.err.generic")}, true
	}
	var out []string
	for _, f := range ae.Fields {
		field := f.Field
		if i := strings.IndexAny(field, ".["); i > 0 {
			field = field[:i]
		}
		label := loc.T("events.err.generic")
		if contains(eventErrFields, field) {
			label = loc.T("events.err." + field)
		}
		if m, ok := codedMessage(loc, f); ok {
			label += " " + m
		}
		out = append(out, label)
	}
	return out, true
}

// eventErrFields are the inputs with their own error wording (events.err.<field>).
var eventErrFields = []string{"kind", "localizations", "slug", "partners", "country", "timezone", "start", "end",
	"city", "screens", "changeover_minutes", "title", "venue", "screen", "runtime_minutes", "audio_language",
	"subtitle_language", "ticket_url", "override_reason", "latitude", "longitude"}

func eventName(l *Localizer, m map[string]events.EventLocalization) (string, string) {
	names := map[string]string{}
	for k, v := range m {
		names[k] = v.Name
	}
	return l.Pick(names)
}
