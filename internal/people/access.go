package people

import (
	"context"
	"slices"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
)

// Hosts tells which organisations host a person in an exchange programme.
// The personnel-exchange domain implements it; until then nobody hosts
// anybody (NoHosts), so only the person's own organisation reads private data.
type Hosts interface {
	HostsOf(ctx context.Context, personID string) ([]string, error)
}

// HostCoordinators is implemented by a Hosts that also knows the users a
// hosting organisation's admins named as coordinators of an exchange; they
// read the private fields of its participants like the person's own
// coordinators do.
type HostCoordinators interface {
	Coordinates(ctx context.Context, personID string, pr *auth.Principal) (bool, error)
}

// NoHosts is the Hosts of a hub without exchanges.
type NoHosts struct{}

// HostsOf returns nothing.
func (NoHosts) HostsOf(context.Context, string) ([]string, error) { return nil, nil }

// CanRead reports whether an organisation may read a person's public
// profile: the same rule as titles (owner, the person's own organisation,
// partners of the owner when "partners", everyone when "public").
func CanRead(viewer string, p *Person, ownerPartners []string) bool {
	switch {
	case viewer == p.Owner, viewer == p.Org, p.Visibility == catalog.VisibilityPublic:
		return true
	case p.Visibility == catalog.VisibilityPartners:
		return slices.Contains(ownerPartners, viewer)
	}
	return false
}

// CanReadPrivate reports whether pr may read p's private fields: admins of
// the person's home organisation or of an organisation hosting them, and the
// users those admins named as coordinators (signed-in users of one of those
// organisations whose e-mail is in the list; an API token never is one).
func CanReadPrivate(pr *auth.Principal, p *Person, hosts []string) bool {
	if pr == nil || p.Erased {
		return false
	}
	orgs := append([]string{p.Home()}, hosts...)
	if !slices.Contains(orgs, pr.Org) {
		return false
	}
	if pr.IsAdmin() {
		return true
	}
	return pr.UserID != "" && slices.Contains(p.Coordinators, pr.Name)
}

// CanWritePrivate reports whether pr may set private fields and
// coordinators: admins of the home organisation or a hosting one.
func CanWritePrivate(pr *auth.Principal, p *Person, hosts []string) bool {
	if pr == nil || !pr.IsAdmin() {
		return false
	}
	return pr.Org == p.Home() || slices.Contains(hosts, pr.Org)
}

// StripPrivate removes what only private readers may see.
func StripPrivate(p *Person) {
	p.Private = nil
	p.Coordinators = nil
}
