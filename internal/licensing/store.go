package licensing

import (
	"context"
	"time"

	"github.com/silkbridge/silkbridge/internal/org"
	"github.com/silkbridge/silkbridge/internal/rights"
)

// ListParams filters a party's requests, newest first.
type ListParams struct {
	Org string
	// Direction is "incoming" (Org is the licensor), "outgoing" (the
	// licensee) or "" for both.
	Direction string
	// State filters by the state as of Now (an open request past its
	// deadline counts as expired).
	State   State
	TitleID string
	Now     time.Time
	Before  string // id of the last request of the previous page
	Limit   int
}

// Reminder is a licence.expiring notice to send once per licence and mark.
type Reminder struct {
	Licence  *rights.Licence
	Mark     int // 30 or 7: the notice's days-before-end
	DaysLeft int
	Notify   []*Notification
	At       time.Time
}

// Store persists requests, their threads and notifications. Every write
// records its audit entries, webhook deliveries and notifications in the
// same transaction.
type Store interface {
	// RequestCreate stores a new request with its first step.
	RequestCreate(ctx context.Context, r *Request, notify []*Notification) error
	// RequestGet returns a request with its history. Returns NotFound.
	RequestGet(ctx context.Context, id string) (*Request, error)
	// RequestList returns a page of a party's requests, without history.
	RequestList(ctx context.Context, p ListParams) ([]*Request, error)
	// RequestTransition locks the request, lets decide check and apply a
	// move to it, and writes the result; when the transition carries a
	// licence it is recorded through the rights lock of the title
	// (Transition.GrantChange) in the same transaction. Returns the request
	// as stored, with its history; NotFound; or decide's error, writing nothing.
	RequestTransition(ctx context.Context, id string, decide func(r *Request) (*Transition, error)) (*Request, error)
	// RequestsOverdue lists open requests whose deadline passed before now.
	RequestsOverdue(ctx context.Context, now time.Time, limit int) ([]string, error)

	// CommentAdd stores a comment. CommentList returns a thread, oldest first.
	CommentAdd(ctx context.Context, c *Comment, notify []*Notification) error
	CommentList(ctx context.Context, requestID string) ([]*Comment, error)

	// NotificationList returns a page of an organisation's notifications.
	NotificationList(ctx context.Context, p NotificationParams) ([]*Notification, error)
	// NotificationsRead marks org's notifications ids (all when empty) read
	// and returns how many changed.
	NotificationsRead(ctx context.Context, org string, ids []string, at time.Time) (int, error)
	// NotificationUnread counts org's unread notifications.
	NotificationUnread(ctx context.Context, org string) (int, error)

	// LicencesEnding lists licences whose last day lies in [from, to] (YYYY-MM-DD).
	LicencesEnding(ctx context.Context, from, to string) ([]*rights.Licence, error)
	// LicenceRemind records that the reminder was sent and sends it (webhook
	// licence.expiring and notifications), unless it was sent before; it
	// reports whether it sent it now.
	LicenceRemind(ctx context.Context, r Reminder) (bool, error)

	// LicenceDeals returns the money and delivery terms recorded with the
	// licences ids (those concluded from requests), by licence id.
	LicenceDeals(ctx context.Context, ids []string) (map[string]*Deal, error)

	// OrgGet returns an organisation. Returns NotFound.
	OrgGet(ctx context.Context, slug string) (*org.Organisation, error)
	// RightsFamily, RightsFamilies and TitleIDsByRef read rights as rights.Store does.
	RightsFamily(ctx context.Context, titleID string) (*rights.Family, error)
	RightsFamilies(ctx context.Context, titleIDs []string) ([]*rights.Family, error)
	TitleIDsByRef(ctx context.Context, ref string) ([]string, error)
}
