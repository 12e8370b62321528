package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/licensing"
)

// NotificationListInput pages the caller's organisation's notifications.
type NotificationListInput struct {
	Unread bool   `query:"unread" doc:"Only notifications not yet marked read"`
	Limit  int    `query:"limit" minimum:"1" maximum:"200" default:"50"`
	Cursor string `query:"cursor" maxLength:"200"`
}

// NotificationListOutput is a page of notifications, newest first.
type NotificationListOutput struct {
	Body struct {
		Items      []*licensing.Notification `json:"items"`
		Unread     int                       `json:"unread" doc:"How many of your organisation's notifications are unread in all"`
		NextCursor string                    `json:"next_cursor,omitempty"`
	}
}

// NotificationReadInput marks notifications read.
type NotificationReadInput struct {
	Body struct {
		IDs []string `json:"ids,omitempty" maxItems:"500" doc:"Notifications to mark; omit to mark all of your organisation's"`
	}
}

// NotificationReadOutput says how many changed.
type NotificationReadOutput struct {
	Body struct {
		Marked int `json:"marked"`
		Unread int `json:"unread"`
	}
}

func registerNotifications(api *API) {
	tags := []string{"licensing"}
	huma.Register(api, huma.Operation{
		OperationID: "list-notifications", Method: http.MethodGet, Path: "/api/v1/notifications",
		Summary: "Your organisation's notifications, newest first", Tags: tags, Security: secured,
		Description: "The other party's moves on your requests, comments, and licences ending in 30 and 7 days.",
	}, func(ctx context.Context, in *NotificationListInput) (*NotificationListOutput, error) {
		svc, err := api.licensing()
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		p := licensing.NotificationParams{UnreadOnly: in.Unread, Limit: in.Limit}
		if in.Cursor != "" {
			if p.Before, err = catalog.DecodeCursor(catalog.CursorNotifications, in.Cursor); err != nil {
				return nil, api.internal(ctx, err)
			}
		}
		items, err := svc.Notifications(ctx, p)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		out := &NotificationListOutput{}
		out.Body.Items = items
		if len(items) == in.Limit {
			out.Body.NextCursor = catalog.EncodeCursor(catalog.CursorNotifications, items[len(items)-1].ID)
		}
		if out.Body.Unread, err = svc.UnreadCount(ctx); err != nil {
			return nil, api.internal(ctx, err)
		}
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "mark-notifications-read", Method: http.MethodPost, Path: "/api/v1/notifications/read",
		Summary: "Mark notifications read", Tags: tags, Security: secured,
	}, func(ctx context.Context, in *NotificationReadInput) (*NotificationReadOutput, error) {
		svc, err := api.licensing()
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		out := &NotificationReadOutput{}
		if out.Body.Marked, err = svc.MarkRead(ctx, in.Body.IDs); err != nil {
			return nil, api.internal(ctx, err)
		}
		if out.Body.Unread, err = svc.UnreadCount(ctx); err != nil {
			return nil, api.internal(ctx, err)
		}
		return out, nil
	})
}
