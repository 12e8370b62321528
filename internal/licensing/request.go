// Package licensing is the exchange between partners: a licensee asks a
// rights holder for a licence on a title, the two may counter each other's
// terms, and an accepted request becomes a licence in the same transaction
// that re-checks availability. It holds the request state machine and who may
// make each move; persistence, webhooks and notifications are the store's.
package licensing

import (
	"time"

	"github.com/silkbridge/silkbridge/internal/rights"
)

// State is where a request stands.
type State string

// States. Submitted and countered are open; the others are final.
const (
	Submitted State = "submitted" // the licensee asked; the licensor answers
	Countered State = "countered" // one side proposed other terms; the other answers
	Accepted  State = "accepted"  // a licence was recorded on the standing terms
	Declined  State = "declined"  // the licensor refused
	Withdrawn State = "withdrawn" // the licensee gave up
	Expired   State = "expired"   // nobody concluded before the deadline
)

// States lists every state, for validating filters.
var States = []State{Submitted, Countered, Accepted, Declined, Withdrawn, Expired}

// Open reports whether the request can still change.
func (s State) Open() bool { return s == Submitted || s == Countered }

// Request is a licensee's request for a licence and the negotiation on it.
// Its terms are always the standing proposal: the licensee's own, or the
// last counter.
type Request struct {
	ID       string `json:"id"`
	TitleID  string `json:"title_id"`
	Licensor string `json:"licensor" doc:"Organisation asked to grant the licence"`
	Licensee string `json:"licensee" doc:"Organisation asking for it"`
	State    State  `json:"state" enum:"submitted,countered,accepted,declined,withdrawn,expired"`
	rights.Terms
	Deal
	ProposedBy string `json:"proposed_by" doc:"Whose terms stand: the licensee's request or the last counter"`
	Awaiting   string `json:"awaiting,omitempty" doc:"Organisation whose answer the open request waits for"`
	Message    string `json:"message,omitempty" doc:"The licensee's opening message"`
	// Deadline is when an open request expires.
	Deadline  time.Time `json:"deadline"`
	LicenceID string    `json:"licence_id,omitempty" doc:"The licence created on acceptance"`
	Version   int64     `json:"version" doc:"Increases with every change; send it back as If-Match to act on what you saw"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	CreatedBy string    `json:"created_by,omitempty"`
	// History lists every move, oldest first (on a single request).
	History []*Step `json:"history,omitempty"`
	// Availability is the standing terms checked against today's rights,
	// while the request is open.
	Availability *Availability `json:"availability,omitempty"`
}

// Step is one move in a negotiation.
type Step struct {
	Seq    int    `json:"seq"`
	Action Action `json:"action"`
	Org    string `json:"org" doc:"Organisation that moved"`
	Actor  string `json:"actor,omitempty" doc:"Token name or user who moved"`
	// Terms are the terms proposed (submitted, countered) or accepted.
	Terms *rights.Terms `json:"terms,omitempty"`
	// Deal is the money and delivery side of those terms (see terms.go).
	Deal *Deal `json:"deal,omitempty"`
	// Changes lists, on a counter, the fields it changed from the proposal it answered.
	Changes []Change  `json:"changes,omitempty"`
	Message string    `json:"message,omitempty"`
	At      time.Time `json:"at"`
}

// Action names a move.
type Action string

// Actions; each but submit and comment leads to the state of the same name.
const (
	Submit   Action = "submitted"
	Counter  Action = "countered"
	Accept   Action = "accepted"
	Decline  Action = "declined"
	Withdraw Action = "withdrawn"
	Expire   Action = "expired"
)

// Availability says whether the licensor can grant the standing terms now,
// and if not, why.
type Availability struct {
	Available bool            `json:"available"`
	Reasons   []rights.Reason `json:"reasons"`
}

// Comment is a message in a request's thread.
type Comment struct {
	ID        string    `json:"id"`
	RequestID string    `json:"request_id"`
	Org       string    `json:"org"`
	Author    string    `json:"author"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
}

// Other returns the party of r that is not org.
func (r *Request) Other(org string) string {
	if org == r.Licensor {
		return r.Licensee
	}
	return r.Licensor
}

// IsParty reports whether org is the licensor or the licensee.
func (r *Request) IsParty(org string) bool { return org == r.Licensor || org == r.Licensee }

// StateAt is the state as of now: an open request past its deadline is
// expired even before the sweep records it.
func (r *Request) StateAt(now time.Time) State {
	if r.State.Open() && now.After(r.Deadline) {
		return Expired
	}
	return r.State
}

// settle fills the fields derived from the stored ones, as of now.
func (r *Request) settle(now time.Time) {
	r.State = r.StateAt(now)
	r.Awaiting = ""
	if r.State.Open() {
		r.Awaiting = r.Other(r.ProposedBy)
	}
	diffHistory(r.History)
}
