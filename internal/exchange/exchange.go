// Package exchange is personnel exchange between partner organisations:
// programmes (secondments, training, delegations, internships, co-production
// teams) a sending organisation proposes to a host, the people it nominates,
// each participant's itinerary, the host's invitation letters and the
// retention of personal data once a programme is over. It holds types and
// rules, no HTTP or SQL.
package exchange

import "time"

// Kind is what a programme is; the list is closed so that filters and
// translations stay exact.
type Kind string

// Kinds lists every valid kind.
var Kinds = []Kind{"secondment", "training", "delegation", "internship", "co_production_team"}

// State is where a programme stands.
type State string

// States of a programme: proposed → open (host agreed) → running →
// completed, or cancelled before the start.
const (
	Proposed  State = "proposed"
	Open      State = "open"
	Running   State = "running"
	Completed State = "completed"
	Cancelled State = "cancelled"
)

// Text is a programme's title and purpose in one language.
type Text struct {
	Title   string `json:"title" doc:"Title of the programme in this language"`
	Purpose string `json:"purpose,omitempty" doc:"What the programme is for, at most 4000 characters"`
}

// ProgrammeFields is the part of a programme its sending organisation writes.
type ProgrammeFields struct {
	Kind          Kind            `json:"kind" enum:"secondment,training,delegation,internship,co_production_team"`
	Host          string          `json:"host_org" doc:"Hosting organisation (slug); a partner of the sender"`
	Localizations map[string]Text `json:"localizations" doc:"Title and purpose keyed by BCP-47 tag; at least one"`
	City          string          `json:"city" doc:"City where the programme takes place"`
	Country       string          `json:"country" doc:"ISO 3166-1 alpha-2 country code"`
	Start         string          `json:"start" doc:"First day, YYYY-MM-DD"`
	End           string          `json:"end" doc:"Last day, YYYY-MM-DD; not before start"`
	Places        int             `json:"places" doc:"How many participants the host accepts (1–500)"`
}

// Exchange is one programme.
type Exchange struct {
	ID     string `json:"id"`
	Sender string `json:"sending_org" doc:"Organisation that proposed the programme and nominates participants"`
	ProgrammeFields
	State        State     `json:"state" enum:"proposed,open,running,completed,cancelled"`
	Coordinators []string  `json:"coordinators,omitempty" doc:"E-mail addresses of users the host's admins named; they may read participants' private fields. Shown to the host only"`
	Version      int64     `json:"version"`
	CreatedBy    string    `json:"created_by"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
	// CompletedAt starts the retention period of participants' private data.
	CompletedAt *time.Time `json:"completed_at,omitempty"`
	// RetentionDone is set once participants' private data was erased.
	RetentionDone bool `json:"retention_done,omitempty"`

	Participants []*Participant `json:"participants,omitempty"`

	DisplayLanguage string `json:"display_language,omitempty"`
	DisplayTitle    string `json:"display_title,omitempty"`
}

// Party reports whether org is the sender or the host.
func (e *Exchange) Party(org string) bool { return org == e.Sender || org == e.Host }

// Other returns the other party.
func (e *Exchange) Other(org string) string {
	if org == e.Sender {
		return e.Host
	}
	return e.Sender
}

// ParticipantStatus is where a nomination stands.
type ParticipantStatus string

// Participant statuses.
const (
	Nominated ParticipantStatus = "nominated"
	Accepted  ParticipantStatus = "accepted"
	Declined  ParticipantStatus = "declined"
	Withdrawn ParticipantStatus = "withdrawn"
)

// Participant is a person nominated for a programme.
type Participant struct {
	ID         string            `json:"id"`
	ExchangeID string            `json:"exchange_id"`
	PersonID   string            `json:"person_id"`
	Status     ParticipantStatus `json:"status" enum:"nominated,accepted,declined,withdrawn"`
	Comment    string            `json:"comment,omitempty" doc:"The host's comment on its decision, or the reason for a withdrawal"`
	Itinerary  []Item            `json:"itinerary"`
	Version    int64             `json:"version"`
	CreatedAt  time.Time         `json:"created_at"`
	UpdatedAt  time.Time         `json:"updated_at"`

	// Name is the person's display name for the reader (public profile).
	Name string `json:"name,omitempty"`
	// Warnings are things the parties should know that do not stop the step.
	Warnings []Warning `json:"warnings,omitempty"`
}

// Warning is a non-blocking remark with a machine code the web words.
type Warning struct {
	Code    string `json:"code" doc:"exchange.passport_expires: the passport expires before the programme ends"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// Settings are an organisation's exchange preferences: how long
// participants' private data is kept after a programme is completed and the
// invitation letter templates (by language) it sends as host.
type Settings struct {
	Org           string            `json:"org"`
	RetentionDays int               `json:"retention_days" doc:"Days after completion before participants' private fields are erased (1–3650; default 180)"`
	Letters       map[string]string `json:"letters" doc:"Invitation letter templates keyed by BCP-47 tag. Placeholders: {{name}}, {{programme}}, {{dates}}, {{host}}, {{sender}}, {{city}}"`
	Version       int64             `json:"version"`
	UpdatedAt     time.Time         `json:"updated_at"`
}

// DefaultRetentionDays applies until an organisation sets its own period.
const DefaultRetentionDays = 180

// Events sent as webhooks, notifications and audit actions.
const (
	EventProposed            = "exchange.proposed"
	EventOpened              = "exchange.open"
	EventRunning             = "exchange.running"
	EventCompleted           = "exchange.completed"
	EventCancelled           = "exchange.cancelled"
	EventUpdated             = "exchange.updated"
	EventNominated           = "participant.nominated"
	EventAccepted            = "participant.accepted"
	EventDeclined            = "participant.declined"
	EventWithdrawn           = "participant.withdrawn"
	EventItinerary           = "participant.itinerary_changed"
	EventRetention           = "exchange.private_data_erased"
	EventSettings            = "exchange.settings_changed"
	CodePassportExpires      = "exchange.passport_expires"
	CodePlacesFull           = "exchange.places_full"
	CodeState                = "exchange.state"
	CodeThirdOrg             = "exchange.third_org"
	CodeNotPartner           = "exchange.not_partner"
	CodeUnknownPlaceholder   = "exchange.placeholder"
	CodeNonexistentLocalTime = "exchange.local_time"
)

// WebhookEvents are the event types endpoints may subscribe to.
var WebhookEvents = []string{EventProposed, EventOpened, EventRunning, EventCompleted, EventCancelled,
	EventNominated, EventAccepted, EventDeclined, EventWithdrawn}
