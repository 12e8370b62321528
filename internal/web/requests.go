package web

import (
	"context"
	"net/http"
	"net/url"

	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/licensing"
)

func init() {
	addRoutes(func(h *Handler, r chi.Router) {
		r.Get("/requests", h.requestList)
		r.Get("/requests/new", h.requestNew)
		r.Post("/requests/new", h.requestCreate)
		r.Get("/requests/{id}", h.requestView)
		r.Post("/requests/{id}/{move:accept|decline|withdraw}", h.requestMove)
		r.Post("/requests/{id}/counter", h.requestCounter)
		r.Post("/requests/{id}/comments", h.requestComment)
		r.Post("/notifications/read", h.notificationsRead)
	})
}

// RequestsView is the inbox (requests to the user's organisation) or the
// outbox (requests it made), with the organisation's notifications.
type RequestsView struct {
	*Base
	Box           string // incoming or outgoing
	State         string
	Boxes         []Option // Value is the link
	States        []Option
	Rows          []RequestRow
	Notifications []NotificationRow
	Unread        int
	NextURL       string
}

// RequestRow is one request in a list.
type RequestRow struct {
	ID, URL          string
	Title, TitleLang string
	Other            Named // the other party
	State, StateCode string
	AwaitingYou      bool
	Terms            RightsRow
	Updated          string
	Open, Available  bool
	AvailText        string
	Reasons          []string
}

// Table is the view's requests for the table partial.
func (v *RequestsView) Table() RowsTable { return RowsTable{Base: v.Base, Rows: v.Rows} }

// NotificationRow is one notification in words.
type NotificationRow struct {
	ID, Text, At, URL string
	Unread            bool
}

const requestPageSize = 50

func (h *Handler) licensingReady(w http.ResponseWriter, r *http.Request) bool {
	if h.deps.Licensing == nil {
		h.fail(w, r, apperr.New(apperr.NotFound, "licensing is not enabled"))
		return false
	}
	return true
}

func (h *Handler) requestList(w http.ResponseWriter, r *http.Request) {
	if !h.licensingReady(w, r) {
		return
	}
	b := h.base(r, "licensing.title", "requests")
	q := r.URL.Query()
	v := &RequestsView{Base: b, Box: q.Get("box"), State: q.Get("state")}
	if v.Box != "incoming" && v.Box != "outgoing" {
		box, err := h.landingBox(r.Context())
		if err != nil {
			h.fail(w, r, err)
			return
		}
		v.Box = box
	}
	for _, box := range []string{"incoming", "outgoing"} {
		v.Boxes = append(v.Boxes, Option{Value: "/requests?box=" + box, Label: b.T("licensing.box." + box), Selected: box == v.Box})
	}
	v.States = append(v.States, Option{Value: "", Label: b.T("licensing.state.all"), Selected: v.State == ""})
	for _, st := range licensing.States {
		v.States = append(v.States, Option{Value: string(st), Label: b.T("licensing.state." + string(st)), Selected: v.State == string(st)})
	}
	ctx := r.Context()
	p := licensing.ListParams{Direction: v.Box, State: licensing.State(v.State), Limit: requestPageSize, Before: q.Get("before")}
	list, err := h.deps.Licensing.List(ctx, p)
	if apperr.Is(err, apperr.Invalid) {
		p.State, v.State = "", ""
		list, err = h.deps.Licensing.List(ctx, p)
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	names, err := h.orgNameMap(ctx, b)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, req := range list {
		v.Rows = append(v.Rows, h.requestRow(ctx, b, names, req))
	}
	if len(list) == requestPageSize {
		v.NextURL = "/requests?box=" + v.Box + "&state=" + url.QueryEscape(v.State) + "&before=" + url.QueryEscape(list[len(list)-1].ID)
	}
	ns, err := h.deps.Licensing.Notifications(ctx, licensing.NotificationParams{Limit: 20})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, n := range ns {
		v.Notifications = append(v.Notifications, notificationRow(b, names, n))
		if n.ReadAt == nil {
			v.Unread++
		}
	}
	h.render(w, r, http.StatusOK, "requests", v)
}

// landingBox is the tab a visit without one opens: the inbox, unless only
// the outbox has open requests (a buyer who is waiting for answers should
// see them first, not an empty inbox).
func (h *Handler) landingBox(ctx context.Context) (string, error) {
	for _, box := range []string{"incoming", "outgoing"} {
		for _, st := range []licensing.State{licensing.Submitted, licensing.Countered} {
			list, err := h.deps.Licensing.List(ctx, licensing.ListParams{Direction: box, State: st, Limit: 1})
			if err != nil {
				return "", err
			}
			if len(list) > 0 {
				return box, nil
			}
		}
	}
	return "incoming", nil
}

func (h *Handler) requestRow(ctx context.Context, b *Base, names partyNames, req *licensing.Request) RequestRow {
	row := RequestRow{ID: req.ID, URL: "/requests/" + url.PathEscape(req.ID), Other: names.named(req.Other(b.User.Org)),
		State: b.T("licensing.state." + string(req.State)), StateCode: string(req.State), AwaitingYou: req.Awaiting == b.User.Org,
		Terms: rightsRow(b, "", req.Licensor, req.Licensee, req.Terms, ""), Updated: b.DateTime(req.UpdatedAt), Open: req.State.Open()}
	row.Title, row.TitleLang = h.titleName(ctx, b, req.TitleID)
	if a := req.Availability; a != nil {
		row.Available = a.Available
		row.AvailText = b.T("licensing.unavailable")
		if a.Available {
			row.AvailText = b.T("licensing.available")
		}
		for _, rs := range a.Reasons {
			row.Reasons = append(row.Reasons, reasonText(b, func(slug string) string { return names.named(slug).Name }, rs))
		}
	}
	return row
}

// titleName returns a title's name in the reader's language, or its id when
// the reader may no longer read it.
func (h *Handler) titleName(ctx context.Context, b *Base, id string) (string, string) {
	t, err := h.deps.Catalog.Get(ctx, id, []string{b.Lang})
	if err != nil {
		return id, ""
	}
	return t.Localizations[t.DisplayLanguage].Title, t.DisplayLanguage
}

// partyNames maps organisation slugs to their names in the reader's language.
type partyNames map[string]Named

func (n partyNames) named(slug string) Named {
	if x, ok := n[slug]; ok {
		return x
	}
	return Named{Slug: slug, Name: slug}
}

func (h *Handler) orgNameMap(ctx context.Context, b *Base) (partyNames, error) {
	orgs, err := h.deps.Orgs.List(ctx)
	if err != nil {
		return nil, err
	}
	out := partyNames{}
	for _, o := range orgs {
		n := Named{Slug: o.Slug}
		n.Name, n.Lang = b.Pick(o.Names)
		out[o.Slug] = n
	}
	return out, nil
}

func notificationRow(b *Base, names partyNames, n *licensing.Notification) NotificationRow {
	row := NotificationRow{ID: n.ID, At: b.DateTime(n.CreatedAt), Unread: n.ReadAt == nil,
		Text: b.T("licensing.note."+n.Kind, "Org", names.named(n.From).Name, "Days", b.Num(n.DaysLeft))}
	if n.RequestID != "" {
		row.URL = "/requests/" + url.PathEscape(n.RequestID)
	} else if n.TitleID != "" {
		row.URL = "/titles/" + url.PathEscape(n.TitleID)
	}
	return row
}

// notificationsRead marks the organisation's notifications read (all of
// them, or the one named) and returns to the inbox.
func (h *Handler) notificationsRead(w http.ResponseWriter, r *http.Request) {
	if !h.licensingReady(w, r) {
		return
	}
	var ids []string
	if id := r.PostFormValue("id"); id != "" {
		ids = []string{id}
	}
	if _, err := h.deps.Licensing.MarkRead(r.Context(), ids); err != nil {
		h.fail(w, r, err)
		return
	}
	h.redirectWithFlash(w, r, "/requests", "flash.notificationsread")
}
