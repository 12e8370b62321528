package rights

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/textrule"
)

// HoldingStatus says whether a holding counts. Anyone who may read a title
// may say it holds rights on it, but only the title's keepers (its owner
// organisation and listed producers) know whether that is true: a holding
// recorded by anyone else is a claim, which decides nothing until a keeper
// confirms it. Without this, any reader could record a perpetual exclusive
// WORLD holding on someone else's title, block the owner's own holdings and
// be named as the holder by availability.
type HoldingStatus string

// Holding statuses.
const (
	HoldingConfirmed HoldingStatus = "confirmed" // counts for availability and may back licences
	HoldingClaimed   HoldingStatus = "claimed"   // awaits a keeper's decision; counts for nothing
	HoldingRejected  HoldingStatus = "rejected"  // a keeper refused it; kept so the claimant sees why
)

// MaxClaimReason bounds the reason a keeper gives for rejecting a claim.
const MaxClaimReason = 1000

// Counts reports whether h decides availability, conflicts and licences.
// An empty status is a holding built in code and not yet stored: the store
// writes it as confirmed.
func (h *Holding) Counts() bool { return h.Status == "" || h.Status == HoldingConfirmed }

// Keeper reports whether org keeps the rights of the family's title: its
// owner or one of its producers (Family.Keepers, loaded for changes).
func (f *Family) Keeper(org string) bool { return org != "" && slices.Contains(f.Keepers, org) }

// HoldingStatusFor is the one rule deciding the status of a holding h about
// to be recorded in f (by the API or an import), replacing old (nil when
// new): a keeper's holding is confirmed; anyone else's is a claim, except
// that a record replaced by the same terms keeps its status, so importing
// the same avails sheet again neither loses a keeper's confirmation nor
// revives a rejected claim.
func HoldingStatusFor(f *Family, h, old *Holding) HoldingStatus {
	// Settled terms are what is stored and compared (a problem settling is
	// CheckHolding's to report).
	_ = f.settleHolding(h)
	if h.TitleID == f.TitleID && f.Keeper(h.Holder) {
		return HoldingConfirmed
	}
	if old != nil && old.Status != "" && old.Holder == h.Holder && sameTerms(&old.Terms, &h.Terms) {
		return old.Status
	}
	return HoldingClaimed
}

// sameTerms compares two normalized terms documents.
func sameTerms(a, b *Terms) bool {
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errA == nil && errB == nil && string(ja) == string(jb)
}

// Decision sets the status of a stored holding (a keeper confirming or
// rejecting a claim).
type Decision struct {
	ID     string
	Status HoldingStatus
	Reason string
}

// ConfirmClaim makes a claim on the title a confirmed holding. Only the
// title's keepers (editors and admins) may, and only if the holding then
// conflicts with no other confirmed one.
func (s *Service) ConfirmClaim(ctx context.Context, titleID, id string) (*Holding, error) {
	return s.decide(ctx, titleID, id, HoldingConfirmed, "")
}

// RejectClaim refuses a claim on the title, with an optional reason shown to
// the claimant. The claim stays (rejected) until its claimant withdraws it.
func (s *Service) RejectClaim(ctx context.Context, titleID, id, reason string) (*Holding, error) {
	return s.decide(ctx, titleID, id, HoldingRejected, reason)
}

func (s *Service) decide(ctx context.Context, titleID, id string, to HoldingStatus, reason string) (*Holding, error) {
	p, err := s.writer(ctx, titleID, "", "holdings")
	if err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	if len([]rune(reason)) > MaxClaimReason {
		return nil, apperr.Fields{prob("reason", "at most 1000 characters")}.Err()
	}
	var bad apperr.Fields
	if !textrule.Field(&bad, "reason", reason, textrule.MultiLine) {
		return nil, bad.Err()
	}
	var out *Holding
	err = s.store.RightsChange(ctx, titleID, func(f *Family) (*Change, error) {
		var h *Holding
		for _, x := range f.Holdings {
			if x.ID == id && x.TitleID == titleID {
				h = x
			}
		}
		// Others' claims are invisible to everyone but the keepers.
		if h == nil || (!h.Counts() && h.Holder != p.Org && !f.Keeper(p.Org)) {
			return nil, apperr.New(apperr.NotFound, "holding %q not found on title %s", id, titleID)
		}
		if !f.Keeper(p.Org) {
			return nil, apperr.New(apperr.Forbidden, "only the title's owner or producers decide claims on it; you act for %s", p.Org)
		}
		switch {
		case to == HoldingConfirmed && h.Counts():
			return nil, apperr.New(apperr.Conflict, "holding %s is confirmed already", id)
		case to == HoldingRejected && h.Status != HoldingClaimed:
			return nil, apperr.New(apperr.Conflict, "holding %s is %s, not an open claim", id, statusOf(h))
		}
		next := *h
		next.Status, next.StatusReason = to, reason
		if to == HoldingConfirmed {
			next.StatusReason = ""
			if err := CheckHolding(f, &next); err != nil {
				return nil, err
			}
		}
		out = &next
		return &Change{Decide: []Decision{{ID: id, Status: to, Reason: next.StatusReason}}}, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func statusOf(h *Holding) HoldingStatus {
	if h.Status == "" {
		return HoldingConfirmed
	}
	return h.Status
}

// Claims lists the claims (open and rejected) recorded on the title itself
// that the caller may see: all of them for its keepers, its own for anyone
// else. Claims on a series are listed on the series, not its episodes.
func (s *Service) Claims(ctx context.Context, titleID string) ([]*Holding, error) {
	t, p, err := s.readable(ctx, titleID)
	if err != nil {
		return nil, err
	}
	all, err := s.store.HoldingClaims(ctx, titleID)
	if err != nil {
		return nil, err
	}
	keeper := IsKeeper(t, p)
	out := []*Holding{}
	for _, h := range all {
		if keeper || h.Holder == p {
			out = append(out, h)
		}
	}
	return out, nil
}

// IsKeeper reports whether org is the owner or a producer of t.
func IsKeeper(t *catalog.Title, org string) bool {
	return org != "" && (t.Owner == org || slices.Contains(t.Producers, org))
}

// CanDecide reports whether the caller may confirm or reject claims on t
// (for interfaces deciding which buttons to show; the service checks again).
func CanDecide(t *catalog.Title, org string, canWrite bool) bool { return canWrite && IsKeeper(t, org) }

// readable returns the title if the caller may read it, and the caller's organisation.
func (s *Service) readable(ctx context.Context, titleID string) (*catalog.Title, string, error) {
	p, err := auth.Require(ctx)
	if err != nil {
		return nil, "", err
	}
	t, err := s.titles.Readable(ctx, p.Org, titleID)
	if err != nil {
		return nil, "", err
	}
	return t, p.Org, nil
}
