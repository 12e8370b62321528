// Package org models the organisations that share a silkbridge hub and the
// partnerships between them.
package org

import (
	"context"
	"regexp"
	"strings"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/langtag"
	"github.com/silkbridge/silkbridge/internal/textrule"
)

// Organisation is a broadcaster or distributor using the hub.
type Organisation struct {
	Slug string `json:"slug" doc:"Short stable identifier, e.g. cmg"`
	// Names holds the organisation's name keyed by BCP-47 tag.
	Names     map[string]string `json:"names"`
	Country   string            `json:"country" doc:"ISO 3166-1 alpha-2"`
	Partners  []string          `json:"partners" doc:"Slugs of partner organisations"`
	CreatedAt time.Time         `json:"created_at"`
}

var slugRE = regexp.MustCompile(`^[a-z][a-z0-9-]{1,39}$`)

// ValidSlug reports whether s is a well-formed organisation slug.
func ValidSlug(s string) bool { return slugRE.MatchString(s) }

// Validate checks and canonicalises o in place.
func (o *Organisation) Validate() error {
	var f apperr.Fields
	if !ValidSlug(o.Slug) {
		f.Add("slug", "must be 2-40 lowercase letters, digits or hyphens, starting with a letter")
	}
	if c, ok := langtag.Country(o.Country); ok {
		o.Country = c
	} else {
		f.Add("country", "%q is not an ISO 3166-1 alpha-2 country code", o.Country)
	}
	if len(o.Names) == 0 {
		f.Add("names", "at least one name is required")
	}
	names := make(map[string]string, len(o.Names))
	for tag, name := range o.Names {
		canon, err := langtag.Canonical(tag)
		if err != nil {
			f.Add("names."+tag, "%v", err)
			continue
		}
		name = strings.TrimSpace(name)
		if name == "" || len([]rune(name)) > 300 {
			f.Add("names."+tag, "must be 1 to 300 characters")
		} else {
			textrule.Field(&f, "names."+tag, name, textrule.SingleLine)
		}
		names[canon] = name
	}
	o.Names = names
	return f.Err()
}

// Store persists organisations and partnerships.
type Store interface {
	// OrgCreate stores o. Returns Conflict when the slug is taken.
	OrgCreate(ctx context.Context, o *Organisation) error
	// OrgGet returns the organisation with slug, partners included. Returns NotFound.
	OrgGet(ctx context.Context, slug string) (*Organisation, error)
	// OrgList returns every organisation, ordered by slug.
	OrgList(ctx context.Context) ([]*Organisation, error)
	// PartnershipAdd makes a and b partners of each other; idempotent.
	PartnershipAdd(ctx context.Context, a, b string, at time.Time) error
	// PartnershipRemove ends the partnership of a and b in both directions.
	PartnershipRemove(ctx context.Context, a, b string) error
}

// Service applies organisation rules over a Store.
type Service struct {
	store Store
	now   func() time.Time
}

// NewService returns a Service over store.
func NewService(store Store) *Service { return &Service{store: store, now: time.Now} }

// Create validates and stores a new organisation and its partnerships.
// Partners must already exist; partnership is mutual.
func (s *Service) Create(ctx context.Context, o *Organisation) error {
	if err := o.Validate(); err != nil {
		return err
	}
	var f apperr.Fields
	for _, p := range o.Partners {
		if p == o.Slug {
			f.Add("partners", "an organisation cannot partner itself")
			continue
		}
		if _, err := s.store.OrgGet(ctx, p); apperr.Is(err, apperr.NotFound) {
			f.Add("partners", "unknown organisation %q", p)
		} else if err != nil {
			return err
		}
	}
	if err := f.Err(); err != nil {
		return err
	}
	o.CreatedAt = s.now().UTC()
	if err := s.store.OrgCreate(ctx, o); err != nil {
		return err
	}
	for _, p := range o.Partners {
		if err := s.store.PartnershipAdd(ctx, o.Slug, p, o.CreatedAt); err != nil {
			return err
		}
	}
	return nil
}

// Partner makes a and b partners of each other.
func (s *Service) Partner(ctx context.Context, a, b string) error {
	if a == b {
		return apperr.New(apperr.Invalid, "an organisation cannot partner itself")
	}
	for _, slug := range []string{a, b} {
		if _, err := s.store.OrgGet(ctx, slug); err != nil {
			return err
		}
	}
	return s.store.PartnershipAdd(ctx, a, b, s.now().UTC())
}

// Unpartner ends the partnership between a and b.
func (s *Service) Unpartner(ctx context.Context, a, b string) error {
	return s.store.PartnershipRemove(ctx, a, b)
}

// Get returns one organisation.
func (s *Service) Get(ctx context.Context, slug string) (*Organisation, error) {
	return s.store.OrgGet(ctx, slug)
}

// List returns every organisation.
func (s *Service) List(ctx context.Context) ([]*Organisation, error) { return s.store.OrgList(ctx) }

// DisplayName picks the organisation's name for a display language.
func (o *Organisation) DisplayName(lang string) string {
	if key := langtag.Pick(keys(o.Names), lang, "en"); key != "" {
		return o.Names[key]
	}
	return o.Slug
}

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
