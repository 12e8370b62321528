package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/events"
)

func init() {
	addPublicRoutes(func(h *Handler, r chi.Router) {
		if h.deps.Events == nil {
			return
		}
		// A slug has no dot, so ".ics" on the last segment asks for the calendar.
		r.Get("/e/{slug}", h.publicProgramme)
		r.Get("/e/{slug}/s/{sid}", h.publicScreening)
	})
}

// ProgrammeView is the public programme of a published event.
type ProgrammeView struct {
	*Base
	Slug, Name, NameLang, Description, Dates string
	Days                                     []ProgrammeDay
	DayOptions, CityOptions, VenueOptions    []Option
	Langs                                    []LangOption
	Filtered                                 bool
	ICS                                      string
}

// ProgrammeDay is one day of screenings.
type ProgrammeDay struct {
	Date string
	Rows []ProgrammeRow
}

// ProgrammeRow is one screening as visitors see it.
type ProgrammeRow struct {
	URL, Time, Title, TitleLang, Venue, VenueLang, City, Screen, Version, Ticket string
	Intro, QA                                                                    bool
}

// ScreeningPageView is the page of one screening.
type ScreeningPageView struct {
	*Base
	Slug, EventName, EventLang                     string
	Title, TitleLang, Synopsis, SynopsisLang, Year string
	When, Runtime, Version, Venue, VenueLang       string
	Address, City, Screen, MapURL, Ticket, ICS     string
	Intro, QA                                      bool
	Langs                                          []LangOption
}

// publicBase is the base of a public page, in ?lang= when it names an
// interface language (so a shared link opens in the language it was sent in).
func (h *Handler) publicBase(r *http.Request) *Base {
	b := h.base(r, "", "")
	q := r.URL.Query()
	if l := q.Get("lang"); isUILanguage(l) && l != b.Lang {
		b.Localizer = newLocalizer(h.bundle, l, func(id string) { h.log.Warn("missing message", "id", id) })
	}
	// The header's language switcher returns here: without ?lang=, so the
	// language it sets is the one shown.
	q.Del("lang")
	b.Here = r.URL.Path
	if len(q) > 0 {
		b.Here += "?" + q.Encode()
	}
	return b
}

func langLinks(b *Base, path string, q url.Values) []LangOption {
	var out []LangOption
	for _, l := range UILanguages {
		q2 := url.Values{}
		for k, v := range q {
			q2[k] = v
		}
		q2.Set("lang", l)
		out = append(out, LangOption{Tag: l, Name: Autonym(l), Current: l == b.Lang, URL: path + "?" + q2.Encode()})
	}
	return out
}

func (h *Handler) publicProgramme(w http.ResponseWriter, r *http.Request) {
	slug := chi.URLParam(r, "slug")
	if s, ok := strings.CutSuffix(slug, ".ics"); ok {
		h.publicICS(w, r, s, "")
		return
	}
	p, err := h.deps.Events.Public(r.Context(), slug)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	b := h.publicBase(r)
	q := r.URL.Query()
	day, city, venue := q.Get("day"), q.Get("city"), q.Get("venue")
	v := &ProgrammeView{Base: b, Slug: p.Slug, Dates: b.PartialDate(p.Start) + " – " + b.PartialDate(p.End),
		Filtered: day != "" || city != "" || venue != "", ICS: "/e/" + p.Slug + ".ics?lang=" + b.Lang}
	loc := map[string]events.EventLocalization{}
	for k, x := range p.Localizations {
		loc[k] = x
	}
	v.Name, v.NameLang = eventName(b.Localizer, loc)
	descs := map[string]string{}
	for k, x := range p.Localizations {
		if x.Description != "" {
			descs[k] = x.Description
		}
	}
	v.Description, _ = b.Pick(descs)
	b.PageTitle = v.Name
	v.Langs = langLinks(b, "/e/"+p.Slug, q)
	var days, cities []string
	for _, s := range p.Screenings {
		pv := p.Venue(s.Venue)
		if pv == nil {
			continue
		}
		d := s.Start[:10]
		if !slices.Contains(days, d) {
			days = append(days, d)
		}
		if !slices.Contains(cities, pv.City) {
			cities = append(cities, pv.City)
		}
		if (day != "" && d != day) || (city != "" && pv.City != city) || (venue != "" && pv.ID != venue) {
			continue
		}
		row := h.programmeRow(b, p, &s, pv)
		if n := len(v.Days); n == 0 || v.Days[n-1].Date != b.PartialDate(d) {
			v.Days = append(v.Days, ProgrammeDay{Date: b.PartialDate(d)})
		}
		v.Days[len(v.Days)-1].Rows = append(v.Days[len(v.Days)-1].Rows, row)
	}
	slices.Sort(days)
	for _, d := range days {
		v.DayOptions = append(v.DayOptions, Option{Value: d, Label: b.PartialDate(d), Selected: d == day})
	}
	slices.Sort(cities)
	for _, c := range cities {
		v.CityOptions = append(v.CityOptions, Option{Value: c, Label: c, Selected: c == city})
	}
	for _, pv := range p.Venues {
		name, _ := pickVenueName(b.Localizer, pv.Localizations)
		v.VenueOptions = append(v.VenueOptions, Option{Value: pv.ID, Label: name + " · " + pv.City, Selected: pv.ID == venue})
	}
	publicHeaders(w, p)
	h.render(w, r, http.StatusOK, "event_public", v)
}

func (h *Handler) programmeRow(b *Base, p *events.Programme, s *events.PublicScreening, pv *events.PublicVenue) ProgrammeRow {
	row := ProgrammeRow{URL: "/e/" + p.Slug + "/s/" + s.ID + "?lang=" + b.Lang, Time: s.Start[11:16], City: pv.City,
		Ticket: s.TicketURL, Intro: s.Intro, QA: s.QA,
		Version: version(b.Localizer, &events.Screening{AudioLanguage: s.AudioLanguage, SubtitleLanguage: s.SubtitleLanguage})}
	row.Venue, row.VenueLang = pickVenueName(b.Localizer, pv.Localizations)
	for _, sc := range pv.Screens {
		if sc.ID == s.Screen {
			row.Screen = sc.Name
		}
	}
	row.Title = b.T("events.untitled")
	if t := p.Title(s.Title); t != nil {
		row.Title, row.TitleLang, _, _ = titleText(b.Localizer, t)
	}
	return row
}

func titleText(l *Localizer, t *events.PublicTitle) (title, lang, synopsis, synLang string) {
	names, syns := map[string]string{}, map[string]string{}
	for k, x := range t.Localizations {
		names[k] = x.Title
		if x.Synopsis != "" {
			syns[k] = x.Synopsis
		}
	}
	title, lang = l.Pick(names)
	synopsis, synLang = l.Pick(syns)
	return
}

func pickVenueName(l *Localizer, m map[string]events.VenueLocalization) (string, string) {
	names := map[string]string{}
	for k, x := range m {
		names[k] = x.Name
	}
	return l.Pick(names)
}

// publicHeaders lets shared caches keep a public page briefly; pages vary
// by language (cookie, Accept-Language or ?lang=).
func publicHeaders(w http.ResponseWriter, p *events.Programme) {
	w.Header().Set("ETag", `W/`+p.ETag())
}

func (h *Handler) publicScreening(w http.ResponseWriter, r *http.Request) {
	slug, sid := chi.URLParam(r, "slug"), chi.URLParam(r, "sid")
	if s, ok := strings.CutSuffix(sid, ".ics"); ok {
		h.publicICS(w, r, slug, s)
		return
	}
	p, err := h.deps.Events.Public(r.Context(), slug)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var s *events.PublicScreening
	for i := range p.Screenings {
		if p.Screenings[i].ID == sid {
			s = &p.Screenings[i]
		}
	}
	var pv *events.PublicVenue
	if s != nil {
		pv = p.Venue(s.Venue)
	}
	if pv == nil {
		h.notFound(w, r)
		return
	}
	b := h.publicBase(r)
	v := &ScreeningPageView{Base: b, Slug: p.Slug, When: localStart(b.Localizer, s.Start), City: pv.City,
		Runtime: b.T("events.minutes", "Minutes", b.Num(s.RuntimeMinutes)), Ticket: s.TicketURL, Intro: s.Intro, QA: s.QA,
		Version: version(b.Localizer, &events.Screening{AudioLanguage: s.AudioLanguage, SubtitleLanguage: s.SubtitleLanguage}),
		ICS:     "/e/" + p.Slug + "/s/" + s.ID + ".ics?lang=" + b.Lang}
	v.EventName, v.EventLang = eventName(b.Localizer, p.Localizations)
	v.Venue, v.VenueLang = pickVenueName(b.Localizer, pv.Localizations)
	v.Address = venueAddress(b.Localizer, pv.Localizations)
	for _, sc := range pv.Screens {
		if sc.ID == s.Screen {
			v.Screen = sc.Name
		}
	}
	v.Title = b.T("events.untitled")
	if t := p.Title(s.Title); t != nil {
		v.Title, v.TitleLang, v.Synopsis, v.SynopsisLang = titleText(b.Localizer, t)
		if t.Year > 0 {
			v.Year = fmt.Sprint(t.Year)
		}
	}
	v.MapURL = mapURL(pv, v.Address)
	b.PageTitle = v.Title
	v.Langs = langLinks(b, "/e/"+p.Slug+"/s/"+s.ID, url.Values{})
	publicHeaders(w, p)
	h.render(w, r, http.StatusOK, "event_screening", v)
}

// mapURL links OpenStreetMap at the venue's coordinates, else a search for its address.
func mapURL(pv *events.PublicVenue, address string) string {
	if pv.Latitude != nil && pv.Longitude != nil {
		return fmt.Sprintf("https://www.openstreetmap.org/?mlat=%.6f&mlon=%.6f#map=17/%.6f/%.6f", *pv.Latitude, *pv.Longitude, *pv.Latitude, *pv.Longitude)
	}
	return "https://www.openstreetmap.org/search?query=" + url.QueryEscape(strings.TrimSpace(address+" "+pv.City))
}

func (h *Handler) publicICS(w http.ResponseWriter, r *http.Request, slug, only string) {
	p, err := h.deps.Events.Public(r.Context(), slug)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	lang := r.URL.Query().Get("lang")
	if !isUILanguage(lang) {
		lang = stateOf(r).loc.Lang
	}
	if only != "" {
		found := false
		for _, s := range p.Screenings {
			found = found || s.ID == only
		}
		if !found {
			h.notFound(w, r)
			return
		}
	}
	scheme := "http"
	if h.isSecure(r) {
		scheme = "https"
	}
	body := events.ICalendar(p, lang, only, scheme+"://"+r.Host, p.UpdatedAt)
	name := p.Slug
	if only != "" {
		name += "-" + only
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/calendar; charset=utf-8")
	hd.Set("Content-Disposition", `attachment; filename="`+name+`.ics"`)
	hd.Set("Cache-Control", "public, max-age=60")
	hd.Set("Last-Modified", p.UpdatedAt.UTC().Format(time.RFC1123))
	w.Write([]byte(body))
}
