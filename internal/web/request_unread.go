package web

import (
	"context"
	"net/http"

	"github.com/silkbridge/silkbridge/internal/licensing"
)

// unreadNotes counts the organisation's unread notifications for the nav's
// badge; without licensing, or on a store error, the badge is left out
// rather than failing the page.
func (h *Handler) unreadNotes(r *http.Request) int {
	if h.deps.Licensing == nil || stateOf(r).user == nil {
		return 0
	}
	n, err := h.deps.Licensing.UnreadCount(r.Context())
	if err != nil {
		h.log.Warn("unread notifications", "err", err)
		return 0
	}
	return n
}

// markRequestRead marks the organisation's unread notifications about a
// request read once the reader has acted on it: the move answers them.
func (h *Handler) markRequestRead(ctx context.Context, requestID string) {
	ns, err := h.deps.Licensing.Notifications(ctx, licensing.NotificationParams{UnreadOnly: true, Limit: 200})
	if err != nil {
		h.log.Warn("notifications of request", "err", err, "request", requestID)
		return
	}
	var ids []string
	for _, n := range ns {
		if n.RequestID == requestID {
			ids = append(ids, n.ID)
		}
	}
	if len(ids) == 0 {
		return
	}
	if _, err := h.deps.Licensing.MarkRead(ctx, ids); err != nil {
		h.log.Warn("mark request notifications read", "err", err, "request", requestID)
	}
}
