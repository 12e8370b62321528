// Package translation runs subtitle translation between partners: a
// requester asks an assignee organisation to translate one track into
// another language; the assignee works a cue-aligned draft (optionally
// filled by a machine-translation provider and a glossary of the pair),
// submits it, and the requester approves it or asks for changes. Approval
// creates an ordinary subtitle track. It imports no HTTP or SQL.
package translation

import (
	"context"
	"time"

	"github.com/silkbridge/silkbridge/internal/subtitles"
)

// Status is where a task stands.
type Status string

// Task states: open → in_progress → in_review → approved, or
// in_review → changes_requested → in_progress → in_review again.
const (
	Open             Status = "open"
	InProgress       Status = "in_progress"
	InReview         Status = "in_review"
	Approved         Status = "approved"
	ChangesRequested Status = "changes_requested"
)

// Event names, used for audit entries, webhooks and notifications.
const (
	EventCreated          = "translation.created"
	EventStarted          = "translation.started"
	EventSubmitted        = "translation.submitted"
	EventApproved         = "translation.approved"
	EventChangesRequested = "translation.changes_requested"
	EventCuesChanged      = "translation.cues_changed" // audited only
)

// FlagMachine marks a target cue made by machine translation that no
// person has edited or confirmed yet.
const FlagMachine = "machine"

// Task is one translation of one source track into one language.
type Task struct {
	ID             string `json:"id"`
	SourceTrackID  string `json:"source_track_id"`
	TitleID        string `json:"title_id"`
	Requester      string `json:"requester" doc:"Organisation that asked for the translation; it approves and owns the result"`
	Assignee       string `json:"assignee" doc:"Organisation that translates"`
	SourceLanguage string `json:"source_language"`
	TargetLanguage string `json:"target_language"`
	Due            string `json:"due,omitempty" doc:"YYYY-MM-DD"`
	Status         Status `json:"status" enum:"open,in_progress,in_review,approved,changes_requested"`
	Message        string `json:"message,omitempty" doc:"The requester's note when asking for changes"`
	ResultTrackID  string `json:"result_track_id,omitempty" doc:"The track approval created"`
	Version        int    `json:"version" doc:"Increases with every change; send it in If-Match"`
	CueCount       int    `json:"cues"`
	// Translated and MachineCues are counted from the cues when loaded.
	Translated  int       `json:"translated" doc:"Target cues with text"`
	MachineCues int       `json:"machine_cues" doc:"Machine-made target cues no person has edited or confirmed"`
	CreatedBy   string    `json:"created_by"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
	// Cues are the target draft, aligned to the source's cues by index.
	Cues []subtitles.Cue `json:"-"`
}

// Count sets Translated and MachineCues from the cues.
func (t *Task) Count() {
	t.Translated, t.MachineCues = 0, 0
	for _, c := range t.Cues {
		if hasText(c.Lines) {
			t.Translated++
		}
		if c.Flags[FlagMachine] {
			t.MachineCues++
		}
	}
}

// Other returns the party of the task that is not org.
func (t *Task) Other(org string) string {
	if org == t.Requester {
		return t.Assignee
	}
	return t.Requester
}

// Update is one change to a task, written at once under its version.
type Update struct {
	// Cues are target cues to write (by index).
	Cues []subtitles.Cue
	// Status, when set, is the new state; Event names the step.
	Status  Status
	Event   string
	Message *string
	// Result is the track approval creates, stored in the same transaction.
	Result *subtitles.Track
	Org    string // the acting organisation
	Actor  string
	At     time.Time
}

// ListParams selects tasks an organisation is party to.
type ListParams struct {
	Org           string
	SourceTrackID string
	TitleID       string
}

// Store persists tasks, their draft cues and glossaries.
type Store interface {
	// TranslationCreate inserts a task with its cues; audited, published
	// and notified to the assignee.
	TranslationCreate(ctx context.Context, t *Task) error
	// TranslationGet returns a task with its cues. Returns NotFound.
	TranslationGet(ctx context.Context, id string) (*Task, error)
	// TranslationList returns tasks org is party to, newest first.
	TranslationList(ctx context.Context, p ListParams) ([]*Task, error)
	// TranslationUpdate applies u if the task is still at version (else
	// PreconditionFailed) and returns the task with its cues.
	TranslationUpdate(ctx context.Context, id string, version int, u Update) (*Task, error)
	// GlossaryList returns the pair's terms, by source.
	GlossaryList(ctx context.Context, orgA, orgB string) ([]*Term, error)
	// GlossaryPut inserts a term or replaces the one with the same pair,
	// languages and source; audited for both organisations.
	GlossaryPut(ctx context.Context, t *Term, by string) error
	// GlossaryDelete removes a term of the pair. Returns NotFound.
	GlossaryDelete(ctx context.Context, orgA, orgB, id, by string) error
}
