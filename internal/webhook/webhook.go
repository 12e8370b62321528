// Package webhook lets an organisation subscribe HTTPS endpoints to hub events
// (a request accepted, a licence created, a title updated). Deliveries follow
// the Standard Webhooks specification, are recorded before they are sent, and
// are retried with exponential backoff from the durable job queue, so they
// survive restarts.
package webhook

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
)

// Event types an endpoint can subscribe to.
var EventTypes = []string{
	"request.submitted", "request.countered", "request.accepted", "request.declined", "request.withdrawn",
	"licence.created", "licence.expiring", "title.updated", "title.event_dated",
	"holding.claimed", "holding.confirmed", "holding.rejected", "holding.withdrawn",
	"translation.created", "translation.started", "translation.submitted", "translation.approved", "translation.changes_requested",
	"exchange.proposed", "exchange.open", "exchange.running", "exchange.completed", "exchange.cancelled",
	"participant.nominated", "participant.accepted", "participant.declined", "participant.withdrawn",
}

// Endpoint is a receiver registered by an organisation.
type Endpoint struct {
	ID        string    `json:"id"`
	Org       string    `json:"org"`
	URL       string    `json:"url"`
	Events    []string  `json:"events"`
	Secret    string    `json:"-"` // whsec_… signing secret; shown once at creation
	CreatedAt time.Time `json:"created_at"`
}

// Delivery is one event sent (or to be sent) to one endpoint.
type Delivery struct {
	ID          string     `json:"id" doc:"Also the webhook-id header, stable across retries"`
	EndpointID  string     `json:"endpoint_id"`
	EventType   string     `json:"event_type"`
	Payload     string     `json:"-"`
	Status      string     `json:"status" enum:"pending,succeeded,failed"`
	Attempts    int        `json:"attempts"`
	LastStatus  int        `json:"last_status_code,omitempty"`
	LastError   string     `json:"last_error,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	DeliveredAt *time.Time `json:"delivered_at,omitempty"`
}

// Event is something that happened, addressed to organisations.
type Event struct {
	Type string
	// TitleID, when set, limits recipients to organisations that may read the title.
	TitleID string
	// Orgs, when set, are the recipients (e.g. both parties of a request).
	Orgs []string
	Data any
	At   time.Time
}

// Payload renders the Standard Webhooks body: {"type","timestamp","data"}.
func (e Event) Payload() (string, error) {
	raw, err := json.Marshal(struct {
		Type      string    `json:"type"`
		Timestamp time.Time `json:"timestamp"`
		Data      any       `json:"data"`
	}{e.Type, e.At.UTC(), e.Data})
	return string(raw), err
}

// Store persists endpoints and deliveries.
type Store interface {
	// WebhookCreate stores an endpoint.
	WebhookCreate(ctx context.Context, e *Endpoint) error
	// WebhookList lists an organisation's endpoints.
	WebhookList(ctx context.Context, org string) ([]*Endpoint, error)
	// WebhookGet returns one endpoint. Returns NotFound.
	WebhookGet(ctx context.Context, id string) (*Endpoint, error)
	// WebhookDelete removes an endpoint of org and its deliveries. Returns NotFound.
	WebhookDelete(ctx context.Context, org, id string) error
	// DeliveryList lists an endpoint's deliveries, newest first.
	DeliveryList(ctx context.Context, endpointID string, limit int) ([]*Delivery, error)
	// DeliveryGet returns one delivery. Returns NotFound.
	DeliveryGet(ctx context.Context, id string) (*Delivery, error)
	// DeliveryRecord stores the outcome of an attempt.
	DeliveryRecord(ctx context.Context, d *Delivery) error
}

// Service manages endpoints for their organisation's admins.
type Service struct {
	store Store
	guard *Guard
	now   func() time.Time
}

// NewService returns a Service; guard decides which URLs are acceptable.
func NewService(store Store, guard *Guard) *Service {
	return &Service{store: store, guard: guard, now: time.Now}
}

// Create registers an endpoint for the caller's organisation and returns it
// with its signing secret, which is shown only once.
func (s *Service) Create(ctx context.Context, rawURL string, events []string) (*Endpoint, error) {
	p, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	if err := p.RequireAdmin(); err != nil {
		return nil, err
	}
	var errs apperr.Fields
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || len(rawURL) > 2000 {
		errs.Add("url", "must be an absolute http(s) URL without credentials")
	} else if err := s.guard.CheckScheme(u); err != nil {
		errs.Add("url", "%v", err)
	} else if err := s.guard.CheckURL(ctx, u); err != nil {
		errs.Add("url", "%v", err)
	}
	if len(events) == 0 {
		errs.Add("events", "subscribe to at least one event: %s", strings.Join(EventTypes, ", "))
	}
	seen := map[string]bool{}
	var evs []string
	for i, ev := range events {
		if !contains(EventTypes, ev) {
			errs.Add(fmt.Sprintf("events[%d]", i), "%q is not an event type", ev)
		} else if !seen[ev] {
			seen[ev] = true
			evs = append(evs, ev)
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	sort.Strings(evs)
	e := &Endpoint{ID: newID("we"), Org: p.Org, URL: u.String(), Events: evs, Secret: NewSecret(), CreatedAt: s.now().UTC()}
	if err := s.store.WebhookCreate(ctx, e); err != nil {
		return nil, err
	}
	return e, nil
}

// List returns the caller's organisation's endpoints.
func (s *Service) List(ctx context.Context) ([]*Endpoint, error) {
	p, err := adminOf(ctx)
	if err != nil {
		return nil, err
	}
	return s.store.WebhookList(ctx, p.Org)
}

// Delete removes one of the caller's organisation's endpoints.
func (s *Service) Delete(ctx context.Context, id string) error {
	p, err := adminOf(ctx)
	if err != nil {
		return err
	}
	return s.store.WebhookDelete(ctx, p.Org, id)
}

// Deliveries lists the deliveries of one of the caller's organisation's endpoints.
func (s *Service) Deliveries(ctx context.Context, id string) ([]*Delivery, error) {
	p, err := adminOf(ctx)
	if err != nil {
		return nil, err
	}
	e, err := s.store.WebhookGet(ctx, id)
	if err != nil || e.Org != p.Org {
		return nil, apperr.New(apperr.NotFound, "webhook %q not found", id)
	}
	return s.store.DeliveryList(ctx, id, 200)
}

// Wants reports whether the endpoint subscribed to an event type.
func (e *Endpoint) Wants(eventType string) bool { return contains(e.Events, eventType) }

func adminOf(ctx context.Context) (*auth.Principal, error) {
	p, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	return p, p.RequireAdmin()
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func newID(prefix string) string { return prefix + "_" + strings.ToLower(auth.RandomString(12)) }

// NewDeliveryID returns a delivery id ("msg_…", as Standard Webhooks suggests).
func NewDeliveryID() string { return "msg_" + auth.RandomString(16) }
