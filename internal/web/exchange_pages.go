package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/exchange"
	"github.com/silkbridge/silkbridge/internal/people"
)

func init() {
	addRoutes(func(h *Handler, r chi.Router) {
		if h.deps.Exchanges == nil {
			return
		}
		r.Get("/exchanges", h.exchangeList)
		r.Post("/exchanges", h.exchangeCreate)
		r.Get("/exchanges/{id}", h.exchangeView)
		r.Post("/exchanges/{id}/state", h.exchangeMove)
		r.Post("/exchanges/{id}/participants", h.exchangeNominate)
		r.Post("/exchanges/{id}/participants/{pid}/decision", h.exchangeDecide)
		r.Post("/exchanges/{id}/participants/{pid}/withdraw", h.exchangeWithdraw)
		r.Post("/exchanges/{id}/participants/{pid}/itinerary", h.exchangeAddItem)
		r.Get("/exchanges/{id}/participants/{pid}/letter", h.exchangeLetter)
	})
}

// ExchangeRow is a programme in the list, in the reader's words.
type ExchangeRow struct {
	URL, Title, TitleLang, Kind, State, StateCode string
	Sender, Host, SenderLang, HostLang            string
	Dates                                         string
}

// ExchangeListView is the programmes page with the proposal form.
type ExchangeListView struct {
	*Base
	Items    []ExchangeRow
	Partners []OrgOption
	Kinds    []Option
	Refusal  string
}

// OrgOption is an organisation in a select.
type OrgOption struct{ Slug, Name, Lang string }

func (h *Handler) orgLabel(r *http.Request, b *Base, slug string) (string, string) {
	o, err := h.deps.Orgs.Get(r.Context(), slug)
	if err != nil {
		return slug, "en"
	}
	name, lang := b.Pick(o.Names)
	if name == "" {
		return slug, "en"
	}
	return name, lang
}

func (h *Handler) exchangeRow(r *http.Request, b *Base, e *exchange.Exchange) ExchangeRow {
	row := ExchangeRow{URL: "/exchanges/" + url.PathEscape(e.ID), Title: e.DisplayTitle, TitleLang: e.DisplayLanguage,
		Kind: b.T("exchange.kind." + string(e.Kind)), State: b.T("exchange.state." + string(e.State)), StateCode: string(e.State),
		Dates: exchange.FormatDates(e.Start, e.End, b.Lang)}
	row.Sender, row.SenderLang = h.orgLabel(r, b, e.Sender)
	row.Host, row.HostLang = h.orgLabel(r, b, e.Host)
	return row
}

func (h *Handler) exchangeList(w http.ResponseWriter, r *http.Request) {
	h.exchangeListWith(w, r, http.StatusOK, "")
}

// exchangeListWith renders the list, with a refusal worded from its code
// when a proposal was refused (status 4xx).
func (h *Handler) exchangeListWith(w http.ResponseWriter, r *http.Request, status int, refusal string) {
	b := h.base(r, "exchange.list.title", "exchanges")
	items, err := h.deps.Exchanges.List(r.Context(), []string{b.Lang})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v := &ExchangeListView{Base: b, Refusal: refusal}
	for _, e := range items {
		v.Items = append(v.Items, h.exchangeRow(r, b, e))
	}
	if b.Org != nil {
		for _, p := range b.Org.Partners {
			name, lang := h.orgLabel(r, b, p)
			v.Partners = append(v.Partners, OrgOption{Slug: p, Name: name, Lang: lang})
		}
	}
	for _, k := range exchange.Kinds {
		v.Kinds = append(v.Kinds, Option{Value: string(k), Label: b.T("exchange.kind." + string(k))})
	}
	h.render(w, r, status, "exchanges", v)
}

func (h *Handler) exchangeCreate(w http.ResponseWriter, r *http.Request) {
	b := h.base(r, "exchange.list.title", "exchanges")
	f := r.PostForm
	places, _ := strconv.Atoi(f.Get("places"))
	e, err := h.deps.Exchanges.Create(r.Context(), exchange.ProgrammeFields{
		Kind: exchange.Kind(f.Get("kind")), Host: f.Get("host_org"), City: f.Get("city"), Country: f.Get("country"),
		Start: f.Get("start"), End: f.Get("end"), Places: places,
		Localizations: map[string]exchange.Text{b.Lang: {Title: f.Get("title"), Purpose: f.Get("purpose")}}})
	if status, msg, ok := refusal(b, err); ok {
		h.exchangeListWith(w, r, status, msg)
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.redirectWithFlash(w, r, "/exchanges/"+url.PathEscape(e.ID), "exchange.flash.proposed")
}

// ParticipantRow is a participant on the programme page.
type ParticipantRow struct {
	ID, Name, Status, StatusCode, Comment string
	Warning                               bool
	Itinerary                             []ItineraryRow
	ICS, Letter                           string
	CanDecide, CanWithdraw, CanPlan       bool
}

// ItineraryRow is an entry of an itinerary in the reader's language.
type ItineraryRow struct {
	Kind, When, Zone, Title, Place, Notes, Lang string
}

// ExchangeView is a programme's page.
type ExchangeView struct {
	ExchangeRow
	*Base
	Purpose, PurposeLang, City, Country string
	Places                              int
	Moves                               []Option
	Participants                        []ParticipantRow
	CanNominate                         bool
	Candidates                          []Option
	ItemKinds                           []Option
	Zones                               []string
	DefaultStart                        string
	Refusal                             string
	// TextLangs are the languages an itinerary entry is written in: the
	// reader's first, then the other interface languages.
	TextLangs []string
}

func (h *Handler) exchangeView(w http.ResponseWriter, r *http.Request) {
	h.exchangeViewWith(w, r, http.StatusOK, "")
}

func (h *Handler) exchangeViewWith(w http.ResponseWriter, r *http.Request, status int, refusal string) {
	b := h.base(r, "exchange.list.title", "exchanges")
	e, err := h.deps.Exchanges.Get(r.Context(), chi.URLParam(r, "id"), []string{b.Lang})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	b.PageTitle = e.DisplayTitle
	v := &ExchangeView{Base: b, ExchangeRow: h.exchangeRow(r, b, e), City: e.City, Country: b.Country(e.Country), Places: e.Places,
		Zones:        []string{"Europe/Moscow", "Asia/Shanghai", "Europe/Kaliningrad", "Asia/Yekaterinburg", "Asia/Vladivostok", "Asia/Urumqi", "UTC"},
		DefaultStart: e.Start + "T09:00", TextLangs: []string{b.Lang}, Refusal: refusal}
	for _, l := range UILanguages {
		if l != b.Lang {
			v.TextLangs = append(v.TextLangs, l)
		}
	}
	v.Purpose = e.Localizations[e.DisplayLanguage].Purpose
	v.PurposeLang = e.DisplayLanguage
	org := ""
	if b.Org != nil {
		org = b.Org.Slug
	}
	write := b.CanWrite()
	notStarted := e.State == exchange.Proposed || e.State == exchange.Open
	if write {
		if e.State == exchange.Proposed && org == e.Host {
			v.Moves = append(v.Moves, Option{Value: "open", Label: b.T("exchange.move.open")})
		}
		if e.State == exchange.Open {
			v.Moves = append(v.Moves, Option{Value: "running", Label: b.T("exchange.move.running")})
		}
		if e.State == exchange.Running {
			v.Moves = append(v.Moves, Option{Value: "completed", Label: b.T("exchange.move.completed")})
		}
		if notStarted {
			v.Moves = append(v.Moves, Option{Value: "cancelled", Label: b.T("exchange.move.cancelled")})
		}
	}
	for _, p := range e.Participants {
		row := ParticipantRow{ID: p.ID, Name: p.Name, Status: b.T("exchange.status." + string(p.Status)), StatusCode: string(p.Status), Comment: p.Comment,
			CanDecide:   write && org == e.Host && p.Status == exchange.Nominated && notStarted,
			CanWithdraw: write && notStarted && (p.Status == exchange.Nominated || p.Status == exchange.Accepted),
			CanPlan:     write && org == e.Host && p.Status == exchange.Accepted}
		if p.Status == exchange.Accepted {
			base := "/exchanges/" + url.PathEscape(e.ID) + "/participants/" + url.PathEscape(p.ID)
			row.Letter = base + "/letter"
			row.ICS = "/api/v1" + base + "/itinerary.ics?lang=" + url.QueryEscape(b.Lang)
		}
		for _, it := range p.Itinerary {
			row.Itinerary = append(row.Itinerary, ItineraryRow{Kind: b.T("exchange.item." + string(it.Kind)),
				When: strings.Replace(it.Start, "T", " ", 1), Zone: it.Timezone, Title: it.DisplayTitle, Place: it.DisplayPlace,
				Notes: it.DisplayNotes, Lang: it.DisplayLanguage})
		}
		v.Participants = append(v.Participants, row)
	}
	if write && org == e.Sender && notStarted && h.deps.People != nil {
		v.CanNominate = true
		list, _, err := h.deps.People.List(r.Context(), people.ListParams{Limit: 200, Org: e.Sender}, []string{b.Lang})
		if err == nil {
			for _, p := range list {
				v.Candidates = append(v.Candidates, Option{Value: p.ID, Label: p.DisplayName})
			}
		}
	}
	for _, k := range exchange.ItemKinds {
		v.ItemKinds = append(v.ItemKinds, Option{Value: string(k), Label: b.T("exchange.item." + string(k))})
	}
	h.render(w, r, status, "exchange", v)
}

func (h *Handler) backTo(w http.ResponseWriter, r *http.Request, err error, flash string) {
	if status, msg, ok := refusal(h.base(r, "exchange.list.title", "exchanges"), err); ok {
		h.exchangeViewWith(w, r, status, msg)
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.redirectWithFlash(w, r, "/exchanges/"+url.PathEscape(chi.URLParam(r, "id")), flash)
}

func (h *Handler) exchangeMove(w http.ResponseWriter, r *http.Request) {
	_, err := h.deps.Exchanges.Transition(r.Context(), chi.URLParam(r, "id"), exchange.State(r.PostForm.Get("state")), "")
	h.backTo(w, r, err, "exchange.flash.moved")
}

func (h *Handler) exchangeNominate(w http.ResponseWriter, r *http.Request) {
	p, err := h.deps.Exchanges.Nominate(r.Context(), chi.URLParam(r, "id"), r.PostForm.Get("person"))
	flash := "exchange.flash.nominated"
	if err == nil && len(p.Warnings) > 0 {
		flash = "exchange.flash.passport"
	}
	h.backTo(w, r, err, flash)
}

func (h *Handler) exchangeDecide(w http.ResponseWriter, r *http.Request) {
	_, err := h.deps.Exchanges.Decide(r.Context(), chi.URLParam(r, "id"), chi.URLParam(r, "pid"),
		exchange.ParticipantDecision{Decision: exchange.ParticipantStatus(r.PostForm.Get("decision")), Comment: r.PostForm.Get("comment")}, "")
	h.backTo(w, r, err, "exchange.flash.decided")
}

func (h *Handler) exchangeWithdraw(w http.ResponseWriter, r *http.Request) {
	_, err := h.deps.Exchanges.Withdraw(r.Context(), chi.URLParam(r, "id"), chi.URLParam(r, "pid"), r.PostForm.Get("comment"), "")
	h.backTo(w, r, err, "exchange.flash.withdrawn")
}

// exchangeAddItem appends one entry, typed in the reader's language, to
// the participant's itinerary.
func (h *Handler) exchangeAddItem(w http.ResponseWriter, r *http.Request) {
	id, pid := chi.URLParam(r, "id"), chi.URLParam(r, "pid")
	_, p, err := h.deps.Exchanges.Participant(r.Context(), id, pid, nil)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f := r.PostForm
	texts := map[string]exchange.ItemText{}
	for _, l := range UILanguages {
		if t := strings.TrimSpace(f.Get("title." + l)); t != "" {
			texts[l] = exchange.ItemText{Title: t, Place: f.Get("place")}
		}
	}
	items := append(p.Itinerary, exchange.Item{Kind: exchange.ItemKind(f.Get("kind")), Start: f.Get("start"), Timezone: f.Get("timezone"),
		Localizations: texts})
	_, err = h.deps.Exchanges.SetItinerary(r.Context(), id, pid, items, "", nil)
	h.backTo(w, r, err, "exchange.flash.itinerary")
}

// refusalCodes are the rule codes the exchange pages word themselves.
var refusalCodes = map[string]bool{"exchange.end_before_start": true, "exchange.not_partner": true, "exchange.kind": true,
	"exchange.places_full": true, "exchange.third_org": true, "exchange.duplicate": true, "exchange.timezone": true,
	"exchange.local_time": true, "exchange.item_kind": true}

// refusal words a refused step for the page: 422 for invalid input, 409
// for a clash with the programme's state, with the first field's rule in
// the reader's language.
func refusal(b *Base, err error) (int, string, bool) {
	var ae *apperr.Error
	if !errors.As(err, &ae) || (ae.Code != apperr.Invalid && ae.Code != apperr.Conflict) {
		return 0, "", false
	}
	status := http.StatusUnprocessableEntity
	if ae.Code == apperr.Conflict {
		status = http.StatusConflict
	}
	for _, f := range ae.Fields {
		if refusalCodes[f.Code] {
			return status, b.T("exchange.refused." + strings.TrimPrefix(f.Code, "exchange.")), true
		}
	}
	if status == http.StatusConflict {
		return status, b.T("exchange.refused.state"), true
	}
	return status, b.T("exchange.refused.invalid"), true
}
