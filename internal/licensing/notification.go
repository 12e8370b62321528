package licensing

import (
	"context"
	"fmt"
	"time"

	"github.com/silkbridge/silkbridge/internal/auth"
)

// Notification tells an organisation, in the hub itself, that the other
// party moved on one of its requests or that one of its licences ends soon.
// It belongs to the organisation, so any of its members may read it and
// mark it read.
type Notification struct {
	ID        string     `json:"id"`
	Org       string     `json:"org" doc:"Organisation notified"`
	Kind      string     `json:"kind" doc:"request.submitted, request.countered, request.accepted, request.declined, request.withdrawn, request.expired, request.commented, licence.expiring, holding.claimed, holding.confirmed, holding.rejected or holding.withdrawn"`
	RequestID string     `json:"request_id,omitempty"`
	LicenceID string     `json:"licence_id,omitempty"`
	TitleID   string     `json:"title_id,omitempty"`
	From      string     `json:"from,omitempty" doc:"Organisation whose move it reports; empty for the hub's own (expiry)"`
	Actor     string     `json:"actor,omitempty"`
	Text      string     `json:"text" doc:"One-line summary in English; clients may localise by kind"`
	DaysLeft  int        `json:"days_left,omitempty" doc:"licence.expiring: days until the licence's last day"`
	CreatedAt time.Time  `json:"created_at"`
	ReadAt    *time.Time `json:"read_at,omitempty"`
}

// NotificationParams pages an organisation's notifications, newest first.
type NotificationParams struct {
	Org        string
	UnreadOnly bool
	Before     string // id of the last notification of the previous page
	Limit      int
}

// notice builds the notification of a request move for org.
func notice(org string, r *Request, kind Action, p *auth.Principal, now time.Time) *Notification {
	n := &Notification{ID: newID(), Org: org, Kind: "request." + string(kind), RequestID: r.ID, TitleID: r.TitleID,
		CreatedAt: now}
	if p != nil {
		n.From, n.Actor = p.Org, p.Name
	}
	switch kind {
	case Submit:
		n.Text = fmt.Sprintf("%s asks you for a licence", r.Licensee)
	case Counter:
		n.Text = fmt.Sprintf("%s proposed other terms", p.Org)
	case Accept:
		n.Text = fmt.Sprintf("%s accepted; licence %s is recorded", p.Org, r.LicenceID)
	case Decline:
		n.Text = fmt.Sprintf("%s declined the request", p.Org)
	case Withdraw:
		n.Text = fmt.Sprintf("%s withdrew the request", p.Org)
	case Expire:
		n.Text = "the request expired without an answer"
	case "commented":
		n.Text = fmt.Sprintf("%s commented", p.Org)
	}
	return n
}

// Notifications lists the caller's organisation's notifications.
func (s *Service) Notifications(ctx context.Context, p NotificationParams) ([]*Notification, error) {
	pr, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	p.Org = pr.Org
	if p.Limit <= 0 || p.Limit > 200 {
		p.Limit = 50
	}
	return s.store.NotificationList(ctx, p)
}

// MarkRead marks notifications of the caller's organisation read; no ids
// marks all of them. It returns how many changed. Ids of other
// organisations' notifications are ignored, as if they did not exist.
func (s *Service) MarkRead(ctx context.Context, ids []string) (int, error) {
	pr, err := auth.Require(ctx)
	if err != nil {
		return 0, err
	}
	return s.store.NotificationsRead(ctx, pr.Org, ids, s.now().UTC())
}

// UnreadCount returns how many notifications of the caller's organisation
// are unread (for the web interface's badge).
func (s *Service) UnreadCount(ctx context.Context) (int, error) {
	pr, err := auth.Require(ctx)
	if err != nil {
		return 0, err
	}
	return s.store.NotificationUnread(ctx, pr.Org)
}
