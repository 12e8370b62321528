package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/events"
)

// EventView is the programme editor: the event, its venues and screenings
// with their check badges, and the forms that change them.
type EventView struct {
	*Base
	ID, Name, NameLang, Dates, Kind, Status, Timezone string
	Published                                         bool
	PublicURL                                         string
	Override                                          *events.Override
	CanEdit                                           bool
	Venues                                            []EventVenueRow
	Rows                                              []EventScreeningRow
	Titles, Places                                    []Option
	Blocking, NoRights                                int
	Errors                                            []string
	Outcomes                                          []string
	Form                                              url.Values
}

// EventVenueRow is a venue with its screens.
type EventVenueRow struct {
	Name, Lang, City, Country, Timezone string
	Changeover                          int
	Screens                             []string
}

// EventScreeningRow is a screening with its badges.
type EventScreeningRow struct {
	ID, Title, TitleLang, Venue, VenueLang, Screen, Start, Version string
	Runtime                                                        int
	Badges                                                         []Badge
}

// Badge is one check as the editor shows it.
type Badge struct {
	Code, Severity, Text, Note string
}

func (h *Handler) eventView(w http.ResponseWriter, r *http.Request) {
	h.renderEvent(w, r, http.StatusOK, &EventView{Form: url.Values{}})
}

func (h *Handler) renderEvent(w http.ResponseWriter, r *http.Request, status int, v *EventView) {
	ctx := r.Context()
	id := chi.URLParam(r, "id")
	e, err := h.deps.Events.Get(ctx, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	b := h.base(r, "", "events")
	v.Base = b
	v.ID = e.ID
	v.Name, v.NameLang = eventName(b.Localizer, e.Localizations)
	b.PageTitle = v.Name
	v.Dates = b.PartialDate(e.Start) + " – " + b.PartialDate(e.End)
	v.Kind, v.Status, v.Timezone = b.T("events.kind."+string(e.Kind)), b.T("events.status."+string(e.Status)), e.Timezone
	v.Published, v.Override = e.Status == events.Published, e.Override
	v.PublicURL = "/e/" + e.Slug
	v.CanEdit = b.CanWrite() && b.Org != nil && b.Org.Slug == e.Organiser
	venues, err := h.deps.Events.Venues(ctx, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	byID := map[string]*events.Venue{}
	for _, vn := range venues {
		byID[vn.ID] = vn
		row := EventVenueRow{City: vn.City, Country: b.Country(vn.Country), Timezone: vn.Timezone, Changeover: vn.ChangeoverMinutes}
		row.Name, row.Lang = venueName(b.Localizer, vn)
		for _, s := range vn.Screens {
			row.Screens = append(row.Screens, s.Name)
			v.Places = append(v.Places, Option{Value: vn.ID + "/" + s.ID, Label: row.Name + " — " + s.Name,
				Selected: v.Form.Get("place") == vn.ID+"/"+s.ID})
		}
		v.Venues = append(v.Venues, row)
	}
	ss, err := h.deps.Events.Screenings(ctx, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	checks, err := h.deps.Events.Checks(ctx, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v.Blocking = events.CountBlocking(checks)
	titles := map[string]*catalog.Title{}
	for i, s := range ss {
		row := EventScreeningRow{ID: s.ID, Start: localStart(b.Localizer, s.Start), Runtime: s.RuntimeMinutes, Version: version(b.Localizer, s)}
		t, ok := titles[s.TitleID]
		if !ok {
			t, _ = h.deps.Catalog.Get(ctx, s.TitleID, []string{b.Lang})
			titles[s.TitleID] = t
		}
		row.Title = s.TitleID
		if t != nil {
			row.Title, row.TitleLang = t.Localizations[t.DisplayLanguage].Title, t.DisplayLanguage
		}
		if vn := byID[s.VenueID]; vn != nil {
			row.Venue, row.VenueLang = venueName(b.Localizer, vn)
			if sc := vn.Screen(s.ScreenID); sc != nil {
				row.Screen = sc.Name
			}
		}
		for _, c := range checks[i].Checks {
			if c.Code == events.NoRights {
				v.NoRights++
			}
			row.Badges = append(row.Badges, badge(b.Localizer, c))
		}
		v.Rows = append(v.Rows, row)
	}
	if v.CanEdit {
		list, _, err := h.deps.Catalog.List(ctx, catalog.ListParams{Limit: 200}, []string{b.Lang})
		if err != nil {
			h.fail(w, r, err)
			return
		}
		for _, t := range list {
			v.Titles = append(v.Titles, Option{Value: t.ID, Label: t.Localizations[t.DisplayLanguage].Title, Selected: v.Form.Get("title") == t.ID})
		}
	}
	h.render(w, r, status, "event", v)
}

func badge(l *Localizer, c events.Check) Badge {
	bd := Badge{Code: c.Code, Severity: string(c.Severity), Text: l.T("events.check." + c.Code)}
	switch {
	case c.Code == events.PremiereStatus && c.Value != "":
		bd.Text = l.T("events.premiere." + c.Value)
	case c.Code == events.PremiereStatus:
		bd.Text = l.T("events.premiere.none")
	case c.Code == events.NoRights && c.Request != nil:
		state := c.Request.State
		if !contains([]string{"submitted", "countered", "accepted", "declined", "withdrawn", "expired"}, state) {
			state = "unknown"
		}
		bd.Note = l.T("events.request." + state)
	}
	return bd
}

func venueName(l *Localizer, v *events.Venue) (string, string) {
	names := map[string]string{}
	for k, x := range v.Localizations {
		names[k] = x.Name
	}
	return l.Pick(names)
}

func venueAddress(l *Localizer, v map[string]events.VenueLocalization) string {
	addrs := map[string]string{}
	for k, x := range v {
		if x.Address != "" {
			addrs[k] = x.Address
		}
	}
	a, _ := l.Pick(addrs)
	return a
}

// localStart shows a local wall time as "12 September 2025, 19:00".
func localStart(l *Localizer, s string) string {
	if len(s) < 16 {
		return s
	}
	return l.T("events.datetime", "Date", l.PartialDate(s[:10]), "Time", s[11:16])
}

// version says how a screening is heard and read: "Chinese, Russian subtitles".
func version(l *Localizer, s *events.Screening) string {
	switch {
	case s.AudioLanguage != "" && s.SubtitleLanguage != "":
		return l.T("events.version.subtitled", "Audio", l.Language(s.AudioLanguage), "Subtitles", l.Language(s.SubtitleLanguage))
	case s.AudioLanguage != "":
		return l.Language(s.AudioLanguage)
	}
	return ""
}

func (h *Handler) eventAddVenue(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.fail(w, r, apperr.New(apperr.Invalid, "bad form"))
		return
	}
	f := r.PostForm
	lang := stateOf(r).loc.Lang
	in := events.VenueInput{City: f.Get("city"), Country: strings.TrimSpace(f.Get("country")), Timezone: strings.TrimSpace(f.Get("timezone")),
		Localizations: map[string]events.VenueLocalization{lang: {Name: f.Get("name"), Address: f.Get("address")}}}
	if c := strings.TrimSpace(f.Get("changeover")); c != "" {
		n, err := strconv.Atoi(c)
		if err != nil {
			n = -1
		}
		in.ChangeoverMinutes = &n
	}
	for _, line := range strings.Split(f.Get("screens"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			in.Screens = append(in.Screens, events.ScreenInput{Name: line})
		}
	}
	if _, err := h.deps.Events.AddVenue(r.Context(), chi.URLParam(r, "id"), in); err != nil {
		h.eventRefused(w, r, err, f)
		return
	}
	h.redirectWithFlash(w, r, "/events/"+url.PathEscape(chi.URLParam(r, "id")), "flash.venueadded")
}

func (h *Handler) eventRefused(w http.ResponseWriter, r *http.Request, err error, f url.Values) {
	if msgs, ok := h.eventErrors(r, err); ok {
		h.renderEvent(w, r, http.StatusUnprocessableEntity, &EventView{Errors: msgs, Form: f})
		return
	}
	h.fail(w, r, err)
}

func (h *Handler) eventAddScreening(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.fail(w, r, apperr.New(apperr.Invalid, "bad form"))
		return
	}
	f := r.PostForm
	venue, screen, _ := strings.Cut(f.Get("place"), "/")
	in := events.ScreeningInput{Title: f.Get("title"), Venue: venue, Screen: screen, Start: f.Get("start"),
		AudioLanguage: strings.TrimSpace(f.Get("audio_language")), SubtitleLanguage: strings.TrimSpace(f.Get("subtitle_language")),
		TicketURL: f.Get("ticket_url"), Intro: f.Get("intro") != "", QA: f.Get("qa") != ""}
	if rt := strings.TrimSpace(f.Get("runtime_minutes")); rt != "" {
		n, err := strconv.Atoi(rt)
		if err != nil {
			n = -1
		}
		in.RuntimeMinutes = n
	}
	if _, err := h.deps.Events.AddScreening(r.Context(), chi.URLParam(r, "id"), in); err != nil {
		h.eventRefused(w, r, err, f)
		return
	}
	h.redirectWithFlash(w, r, "/events/"+url.PathEscape(chi.URLParam(r, "id")), "flash.screeningadded")
}

func (h *Handler) eventDeleteScreening(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "id")
	if err := h.deps.Events.DeleteScreening(r.Context(), id, chi.URLParam(r, "sid")); err != nil {
		h.fail(w, r, err)
		return
	}
	h.redirectWithFlash(w, r, "/events/"+url.PathEscape(id), "flash.screeningdeleted")
}

func (h *Handler) eventRequestRights(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "id")
	out, err := h.deps.Events.RequestMissingRights(r.Context(), id, nil)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	failed := 0
	for _, o := range out {
		if o.Error != "" {
			failed++
		}
	}
	if failed > 0 {
		loc := stateOf(r).loc
		h.renderEvent(w, r, http.StatusConflict, &EventView{Form: url.Values{}, Errors: []string{loc.N("events.rightsfailed", failed)}})
		return
	}
	h.redirectWithFlash(w, r, "/events/"+url.PathEscape(id), "flash.rightsrequested")
}

func (h *Handler) eventPublish(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.fail(w, r, apperr.New(apperr.Invalid, "bad form"))
		return
	}
	id := chi.URLParam(r, "id")
	if _, err := h.deps.Events.Publish(r.Context(), id, events.PublishInput{OverrideReason: r.PostForm.Get("override_reason")}, ""); err != nil {
		h.eventRefused(w, r, err, r.PostForm)
		return
	}
	h.redirectWithFlash(w, r, "/events/"+url.PathEscape(id), "flash.eventpublished")
}
