package licensing

import (
	"fmt"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/rights"
)

// Transition is what one move writes besides the request itself: the step
// for its history, the licence an acceptance creates and the notifications. The store writes all of it in one transaction.
type Transition struct {
	Step *Step
	// Licence is set on acceptance; the store records it through GrantChange
	// under the title's rights lock, so availability is re-checked against
	// the rights as they stand when the transaction commits.
	Licence *rights.Licence
	// Deal is the licence's money and delivery terms: the accepted ones.
	Deal *Deal
	// Notify are the notifications of the other party. The store publishes
	// the webhook event named for the step's action to both parties when
	// hooks can subscribe to it.
	Notify []*Notification
}

// GrantChange re-checks the acceptance's licence against the title's rights
// family and returns the change recording it, or a Conflict with the reasons.
func (t *Transition) GrantChange(f *rights.Family) (*rights.Change, error) {
	if err := rights.CheckLicence(f, t.Licence); err != nil {
		return nil, err
	}
	return &rights.Change{AddLicences: []*rights.Licence{t.Licence}}, nil
}

// StateReason explains, in a 409, why a request cannot move.
type StateReason struct {
	Code  string `json:"code" doc:"request_closed or request_expired"`
	State State  `json:"state"`
}

// Can returns nil when p may make action a on r as of now, or the error that
// says why not: Forbidden for the wrong role or party, Conflict when the
// request's state does not allow it. The caller has checked that p's
// organisation is a party (others get NotFound).
//
// Who may do what: the licensor declines and the licensee withdraws, at any
// time while the request is open; accepting and countering belong to the
// party whose answer the standing terms await (the licensor answers the
// request, either side answers the other's counter). Viewers read only.
func (r *Request) Can(p *auth.Principal, a Action, now time.Time) error {
	if err := p.RequireWrite(); err != nil {
		return err
	}
	switch a {
	case Decline:
		if p.Org != r.Licensor {
			return apperr.New(apperr.Forbidden, "only the licensor %s may decline; the licensee withdraws", r.Licensor)
		}
	case Withdraw:
		if p.Org != r.Licensee {
			return apperr.New(apperr.Forbidden, "only the licensee %s may withdraw; the licensor declines", r.Licensee)
		}
	case Accept, Counter:
	default:
		return apperr.New(apperr.Invalid, "unknown action %q", a)
	}
	switch st := r.StateAt(now); {
	case st == Expired:
		return &apperr.Error{Code: apperr.Conflict, Refs: []any{StateReason{Code: "request_expired", State: Expired}},
			Message: fmt.Sprintf("the request expired at its deadline %s", r.Deadline.UTC().Format(time.RFC3339))}
	case !st.Open():
		return &apperr.Error{Code: apperr.Conflict, Refs: []any{StateReason{Code: "request_closed", State: st}},
			Message: fmt.Sprintf("the request is %s; nothing more can happen to it", st)}
	}
	if (a == Accept || a == Counter) && p.Org == r.ProposedBy {
		return apperr.New(apperr.Forbidden, "the standing terms are your own; %s answers them", r.Other(p.Org))
	}
	return nil
}

// CanComment returns nil when p may add to r's thread: any writer of either
// party, whatever the state, so a closed deal can still be discussed.
func (r *Request) CanComment(p *auth.Principal) error { return p.RequireWrite() }

// apply moves r by action a (already allowed by Can), returning the step.
func (r *Request) apply(p *auth.Principal, a Action, m *Move, now time.Time) *Step {
	st := &Step{Action: a, Org: p.Org, Actor: p.Name, Message: m.Message, At: now}
	switch a {
	case Counter:
		r.Terms = *m.Terms
		if m.Deal != nil {
			r.Deal = *m.Deal
		}
		r.ProposedBy = p.Org
		r.State = Countered
		if m.Deadline != nil {
			r.Deadline = *m.Deadline
		}
		st.Terms = &r.Terms
		st.Deal = r.Deal.clone()
	case Accept:
		r.State = Accepted
		st.Terms = &r.Terms
		st.Deal = r.Deal.clone()
	case Decline:
		r.State = Declined
	case Withdraw:
		r.State = Withdrawn
	}
	r.Version++
	r.UpdatedAt = now
	r.settle(now)
	return st
}

// Move is a party's move as the API receives it.
type Move struct {
	Terms    *rights.Terms // counter: the terms proposed instead
	Deal     *Deal         // counter: the money and delivery terms proposed instead
	Message  string
	Deadline *time.Time // counter: optionally a new deadline
	// IfMatch, when set, refuses the move unless the request is still at the
	// version the caller saw (an ETag such as "v3"), so nobody accepts terms
	// that were countered after they looked.
	IfMatch string
}
