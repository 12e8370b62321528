// Package audit is the append-only record of who changed what: every change to
// titles, rights, requests, members and tokens is written as an Entry in the
// same transaction as the change itself, and readable by the organisation's
// admins.
package audit

import (
	"context"
	"encoding/json"
	"reflect"
	"time"

	"github.com/silkbridge/silkbridge/internal/auth"
)

// Entry is one recorded change.
type Entry struct {
	Seq       int64           `json:"seq"`
	Org       string          `json:"org" doc:"Organisation whose record changed"`
	Actor     string          `json:"actor" doc:"Token name, user email, or 'system'"`
	ActorOrg  string          `json:"actor_org,omitempty"`
	ActorKind string          `json:"actor_kind" enum:"token,user,system"`
	Action    string          `json:"action" doc:"e.g. title.created, token.revoked"`
	Entity    string          `json:"entity" doc:"title, holding, licence, request, member, token"`
	EntityID  string          `json:"entity_id"`
	At        time.Time       `json:"at"`
	Changes   json.RawMessage `json:"changes,omitempty" doc:"What changed, as a JSON merge patch from the old to the new state"`
}

// SetActor fills the actor fields of e from the principal in ctx.
func (e *Entry) SetActor(ctx context.Context) {
	p := auth.FromContext(ctx)
	switch {
	case p == nil:
		e.Actor, e.ActorKind = "system", "system"
	case p.UserID != "":
		e.Actor, e.ActorOrg, e.ActorKind = p.Name, p.Org, "user"
	default:
		e.Actor, e.ActorOrg, e.ActorKind = p.Name, p.Org, "token"
		if p.TokenID == "" {
			e.ActorKind = "system" // CLI operator acting for an organisation
		}
	}
}

// Store reads the log. Writing happens inside each store's own transactions.
type Store interface {
	// AuditList returns entries of org after seq `after` (0 = from the
	// start), oldest first, optionally only those about one entity.
	AuditList(ctx context.Context, p ListParams) ([]*Entry, error)
}

// ListParams filters the log.
type ListParams struct {
	Org      string
	After    int64
	Limit    int
	Entity   string
	EntityID string
}

// Service lets admins read their organisation's log.
type Service struct{ store Store }

// NewService returns a Service.
func NewService(s Store) *Service { return &Service{store: s} }

// List returns a page of the caller's organisation's log; admins only.
func (s *Service) List(ctx context.Context, p ListParams) ([]*Entry, error) {
	pr, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	if err := pr.RequireAdmin(); err != nil {
		return nil, err
	}
	p.Org = pr.Org
	if p.Limit <= 0 || p.Limit > 500 {
		p.Limit = 100
	}
	return s.store.AuditList(ctx, p)
}

// Diff returns an RFC 7396 merge patch that turns before into after (both
// JSON-marshalable); nil when nothing changed.
func Diff(before, after any) json.RawMessage {
	b, a := toMap(before), toMap(after)
	d := diffMaps(b, a)
	if len(d) == 0 {
		return nil
	}
	raw, _ := json.Marshal(d)
	return raw
}

func toMap(v any) map[string]any {
	if v == nil {
		return map[string]any{}
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return map[string]any{}
	}
	var m map[string]any
	if json.Unmarshal(raw, &m) != nil || m == nil {
		return map[string]any{}
	}
	return m
}

func diffMaps(before, after map[string]any) map[string]any {
	out := map[string]any{}
	for k, bv := range before {
		av, ok := after[k]
		if !ok {
			out[k] = nil
			continue
		}
		bm, bIsMap := bv.(map[string]any)
		am, aIsMap := av.(map[string]any)
		if bIsMap && aIsMap {
			if d := diffMaps(bm, am); len(d) > 0 {
				out[k] = d
			}
			continue
		}
		if !reflect.DeepEqual(bv, av) {
			out[k] = av
		}
	}
	for k, av := range after {
		if _, ok := before[k]; !ok {
			out[k] = av
		}
	}
	return out
}
