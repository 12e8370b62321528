package events

import (
	"context"
	"time"

	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/licensing"
	"github.com/silkbridge/silkbridge/internal/media"
	"github.com/silkbridge/silkbridge/internal/org"
	"github.com/silkbridge/silkbridge/internal/rights"
)

// RequestLink records a licensing request made for an event's title.
type RequestLink struct {
	EventID   string
	TitleID   string
	RequestID string
	CreatedAt time.Time
}

// Store persists events. Writes audit themselves in the same transaction.
type Store interface {
	// EventCreate stores a new event; a taken slug is a Conflict.
	EventCreate(ctx context.Context, e *Event) error
	// EventGet and EventBySlug return NotFound.
	EventGet(ctx context.Context, id string) (*Event, error)
	EventBySlug(ctx context.Context, slug string) (*Event, error)
	// EventList returns the events org organises or partners, by start date.
	EventList(ctx context.Context, org string) ([]*Event, error)
	// EventUpdate replaces e if it is still at version (else
	// PreconditionFailed), bumping its version, and audits action with changes.
	EventUpdate(ctx context.Context, e *Event, version int64, action string, changes any) error
	// VenueCreate stores a venue with its screens; VenueList lists an event's venues.
	VenueCreate(ctx context.Context, v *Venue) error
	VenueList(ctx context.Context, eventID string) ([]*Venue, error)
	// ScreeningCreate stores a screening; ScreeningList lists an event's
	// screenings by start; ScreeningDelete removes one (NotFound).
	ScreeningCreate(ctx context.Context, s *Screening) error
	ScreeningList(ctx context.Context, eventID string) ([]*Screening, error)
	ScreeningDelete(ctx context.Context, eventID, id string) error
	// ScreeningCountriesBefore returns, per screening id given, the
	// countries of the hub's screenings of the same title starting earlier
	// (any event, except the screening itself).
	ScreeningCountriesBefore(ctx context.Context, ss []*Screening) (map[string][]string, error)
	// EventRequestAdd links a licensing request to an event; EventRequests lists the links.
	EventRequestAdd(ctx context.Context, l RequestLink) error
	EventRequests(ctx context.Context, eventID string) ([]RequestLink, error)
}

// Titles reads the catalogue: Readable as a viewer may read it, TitleGet
// regardless (for the public programme, which publishes its titles' names).
type Titles interface {
	Readable(ctx context.Context, viewer, id string) (*catalog.Title, error)
}

// TitleGetter reads a title without a viewer.
type TitleGetter interface {
	TitleGet(ctx context.Context, id string) (*catalog.Title, error)
}

// RightsSource loads a title's rights family.
type RightsSource interface {
	RightsFamily(ctx context.Context, titleID string) (*rights.Family, error)
}

// AssetSource lists a title's assets.
type AssetSource interface {
	AssetList(ctx context.Context, titleID string) ([]*media.Asset, error)
}

// SubtitleSource lists a title's subtitle tracks with their QC outcome.
// Until one is wired the checks say subtitles are unknown.
type SubtitleSource interface {
	SubtitleTracks(ctx context.Context, titleID string) ([]Track, error)
}

// Licensing makes and reads licensing requests as the caller.
type Licensing interface {
	Submit(ctx context.Context, in licensing.SubmitInput) (*licensing.Request, error)
	Get(ctx context.Context, id string) (*licensing.Request, error)
}

// Orgs finds organisations (NotFound when absent).
type Orgs interface {
	OrgGet(ctx context.Context, slug string) (*org.Organisation, error)
}
