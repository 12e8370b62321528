// Package events is festivals, film weeks and markets: an organiser's
// programme of screenings at venues, each screening checked against the
// hub's rights, media and subtitles, and the public schedule published from
// the same data. Checks are pure functions over inputs the service fetches
// through small interfaces (checks.go); it imports no HTTP or SQL.
package events

import (
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/silkbridge/silkbridge/internal/etag"

	_ "time/tzdata" // time zones resolve the same on every machine, with or without the OS database
)

// Kind is what sort of event it is.
type Kind string

// Kinds of event.
const (
	Festival Kind = "festival"
	FilmWeek Kind = "film_week"
	Market   Kind = "market"
	Premiere Kind = "premiere"
	Showcase Kind = "showcase"
)

// Kinds lists every kind.
var Kinds = []Kind{Festival, FilmWeek, Market, Premiere, Showcase}

// Status is whether the public sees the event.
type Status string

// Statuses.
const (
	Draft     Status = "draft"
	Published Status = "published"
)

// EventLocalization is an event's name and description in one language.
type EventLocalization struct {
	Name        string `json:"name" maxLength:"300"`
	Description string `json:"description,omitempty" maxLength:"10000"`
}

// Event is a festival or film week: its dates are whole local days in its
// time zone, inclusive.
type Event struct {
	ID            string                       `json:"id"`
	Kind          Kind                         `json:"kind" enum:"festival,film_week,market,premiere,showcase"`
	Localizations map[string]EventLocalization `json:"localizations"`
	Organiser     string                       `json:"organiser" doc:"Organisation running the event; only its admins and editors change it"`
	Partners      []string                     `json:"partners" doc:"Partner organisations: their rights count for the checks and they read the draft"`
	Country       string                       `json:"country" doc:"ISO 3166-1 alpha-2"`
	Start         string                       `json:"start" doc:"First day, YYYY-MM-DD"`
	End           string                       `json:"end" doc:"Last day, YYYY-MM-DD (inclusive)"`
	Timezone      string                       `json:"timezone" doc:"IANA time zone, e.g. Europe/Moscow"`
	Slug          string                       `json:"slug" doc:"Public address: /e/{slug}"`
	Status        Status                       `json:"status" enum:"draft,published"`
	// Override records a publication despite blocking checks.
	Override  *Override `json:"override,omitempty"`
	Version   int64     `json:"version"`
	CreatedBy string    `json:"created_by,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Override is who published an event with blocking checks, and why.
type Override struct {
	Reason   string    `json:"reason"`
	By       string    `json:"by"`
	At       time.Time `json:"at"`
	Blocking int       `json:"blocking" doc:"Blocking checks at the time"`
}

// VenueLocalization is a venue's name and address in one language.
type VenueLocalization struct {
	Name    string `json:"name" maxLength:"300"`
	Address string `json:"address,omitempty" maxLength:"1000"`
}

// Screen is one auditorium of a venue.
type Screen struct {
	ID       string   `json:"id"`
	Name     string   `json:"name" maxLength:"200"`
	Capacity int      `json:"capacity,omitempty" minimum:"0" maximum:"100000"`
	Formats  []string `json:"formats,omitempty" maxItems:"10" doc:"dcp, file, 35mm, bluray"`
}

// Venue is a cinema or hall with its screens.
type Venue struct {
	ID                string                       `json:"id"`
	EventID           string                       `json:"event_id"`
	Localizations     map[string]VenueLocalization `json:"localizations"`
	City              string                       `json:"city" maxLength:"200"`
	Country           string                       `json:"country"`
	Timezone          string                       `json:"timezone"`
	Latitude          *float64                     `json:"latitude,omitempty" minimum:"-90" maximum:"90"`
	Longitude         *float64                     `json:"longitude,omitempty" minimum:"-180" maximum:"180"`
	ChangeoverMinutes int                          `json:"changeover_minutes" minimum:"0" maximum:"600" doc:"Minutes kept free between screenings on a screen (default 15)"`
	Screens           []Screen                     `json:"screens"`
	CreatedAt         time.Time                    `json:"created_at"`
}

// Screen returns the venue's screen with id, or nil.
func (v *Venue) Screen(id string) *Screen {
	for i := range v.Screens {
		if v.Screens[i].ID == id {
			return &v.Screens[i]
		}
	}
	return nil
}

// Screening is one showing of a title on a screen. Start is the local wall
// time at the venue; StartUTC the instant it names.
type Screening struct {
	ID               string    `json:"id"`
	EventID          string    `json:"event_id"`
	TitleID          string    `json:"title"`
	VenueID          string    `json:"venue"`
	ScreenID         string    `json:"screen"`
	Start            string    `json:"start" doc:"Local time at the venue, YYYY-MM-DDTHH:MM"`
	StartUTC         time.Time `json:"start_utc"`
	RuntimeMinutes   int       `json:"runtime_minutes"`
	AudioLanguage    string    `json:"audio_language,omitempty"`
	SubtitleLanguage string    `json:"subtitle_language,omitempty"`
	Intro            bool      `json:"intro"`
	QA               bool      `json:"qa"`
	TicketURL        string    `json:"ticket_url,omitempty"`
	CreatedAt        time.Time `json:"created_at"`
}

// EndUTC is when the screening ends.
func (s *Screening) EndUTC() time.Time {
	return s.StartUTC.Add(time.Duration(s.RuntimeMinutes) * time.Minute)
}

// Day is the screening's local date (YYYY-MM-DD) at the venue.
func (s *Screening) Day() string {
	if len(s.Start) >= 10 {
		return s.Start[:10]
	}
	return ""
}

// ETag names a version of an event for If-Match.
func ETag(version int64) string { return `"v` + strconv.FormatInt(version, 10) + `"` }

// ETagMatches reports whether an If-Match header value names version,
// under strong comparison (a weak tag never matches).
func ETagMatches(header string, version int64) bool { return etag.MatchesVersion(header, version) }

func itoa(i int) string { return strconv.Itoa(i) }

func newID() string { return uuid.Must(uuid.NewV7()).String() }
