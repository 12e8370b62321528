package exchange

import (
	"context"

	"github.com/silkbridge/silkbridge/internal/auth"
)

// Hosts answers the people directory's questions about exchanges: which
// organisations host a person (their admins read the person's private
// fields) and whether a user is a coordinator a host named for one of the
// person's programmes. It implements people.Hosts and people.HostCoordinators.
type Hosts struct{ Store Store }

// HostsOf returns the hosts of the live programmes a person takes part in.
func (h Hosts) HostsOf(ctx context.Context, personID string) ([]string, error) {
	return h.Store.ExchangeHostsOf(ctx, personID)
}

// Coordinates reports whether pr (a signed-in user, never an API token) is
// a coordinator its organisation named for a programme of the person.
func (h Hosts) Coordinates(ctx context.Context, personID string, pr *auth.Principal) (bool, error) {
	if pr == nil || pr.UserID == "" || pr.Name == "" {
		return false, nil
	}
	return h.Store.ExchangeCoordinates(ctx, personID, pr.Org, pr.Name)
}
