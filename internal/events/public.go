package events

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

// PublicTitle is what the public programme shows of a title.
type PublicTitle struct {
	ID            string                     `json:"id"`
	Localizations map[string]PublicTitleText `json:"localizations"`
	Year          int                        `json:"year,omitempty"`
	Countries     []string                   `json:"countries,omitempty"`
	Original      string                     `json:"original_language,omitempty"`
}

// PublicTitleText is a title's name and synopsis in one language.
type PublicTitleText struct {
	Title    string `json:"title"`
	Synopsis string `json:"synopsis,omitempty"`
}

// PublicVenue is a venue without its internal settings.
type PublicVenue struct {
	ID            string                       `json:"id"`
	Localizations map[string]VenueLocalization `json:"localizations"`
	City          string                       `json:"city"`
	Country       string                       `json:"country"`
	Timezone      string                       `json:"timezone"`
	Latitude      *float64                     `json:"latitude,omitempty"`
	Longitude     *float64                     `json:"longitude,omitempty"`
	Screens       []PublicScreen               `json:"screens"`
}

// PublicScreen is a screen's name.
type PublicScreen struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// PublicScreening is one screening as visitors see it.
type PublicScreening struct {
	ID               string    `json:"id"`
	Title            string    `json:"title" doc:"Title id (see titles)"`
	Venue            string    `json:"venue"`
	Screen           string    `json:"screen"`
	Start            string    `json:"start" doc:"Local time at the venue"`
	StartUTC         time.Time `json:"start_utc"`
	EndUTC           time.Time `json:"end_utc"`
	RuntimeMinutes   int       `json:"runtime_minutes"`
	AudioLanguage    string    `json:"audio_language,omitempty"`
	SubtitleLanguage string    `json:"subtitle_language,omitempty"`
	Intro            bool      `json:"intro"`
	QA               bool      `json:"qa"`
	TicketURL        string    `json:"ticket_url,omitempty"`
}

// Programme is a published event as the public reads it.
type Programme struct {
	Slug          string                       `json:"slug"`
	Kind          Kind                         `json:"kind"`
	Localizations map[string]EventLocalization `json:"localizations"`
	Country       string                       `json:"country"`
	Start         string                       `json:"start"`
	End           string                       `json:"end"`
	Timezone      string                       `json:"timezone"`
	UpdatedAt     time.Time                    `json:"updated_at"`
	Venues        []PublicVenue                `json:"venues"`
	Screenings    []PublicScreening            `json:"screenings"`
	Titles        []PublicTitle                `json:"titles"`
	// EventID keys the iCalendar UIDs.
	EventID string `json:"-"`
}

// ETag is a strong tag of the programme's content.
func (p *Programme) ETag() string {
	raw, _ := json.Marshal(p)
	sum := sha256.Sum256(raw)
	return `"` + hex.EncodeToString(sum[:12]) + `"`
}

// Venue returns the programme's venue with id, or nil.
func (p *Programme) Venue(id string) *PublicVenue {
	for i := range p.Venues {
		if p.Venues[i].ID == id {
			return &p.Venues[i]
		}
	}
	return nil
}

// Title returns the programme's title with id, or nil.
func (p *Programme) Title(id string) *PublicTitle {
	for i := range p.Titles {
		if p.Titles[i].ID == id {
			return &p.Titles[i]
		}
	}
	return nil
}

// Public returns the published event at slug, needing no sign-in. Drafts
// are NotFound, exactly as an unknown slug.
func (s *Service) Public(ctx context.Context, slug string) (*Programme, error) {
	e, err := s.d.Store.EventBySlug(ctx, slug)
	if err != nil || e.Status != Published {
		if err == nil || apperr.Is(err, apperr.NotFound) {
			return nil, apperr.New(apperr.NotFound, "no published event %q", slug)
		}
		return nil, err
	}
	vs, err := s.d.Store.VenueList(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	ss, err := s.d.Store.ScreeningList(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	p := &Programme{Slug: e.Slug, Kind: e.Kind, Localizations: e.Localizations, Country: e.Country, Start: e.Start,
		End: e.End, Timezone: e.Timezone, UpdatedAt: e.UpdatedAt, EventID: e.ID,
		Venues: []PublicVenue{}, Screenings: []PublicScreening{}, Titles: []PublicTitle{}}
	for _, v := range vs {
		pv := PublicVenue{ID: v.ID, Localizations: v.Localizations, City: v.City, Country: v.Country, Timezone: v.Timezone,
			Latitude: v.Latitude, Longitude: v.Longitude}
		for _, sc := range v.Screens {
			pv.Screens = append(pv.Screens, PublicScreen{ID: sc.ID, Name: sc.Name})
		}
		p.Venues = append(p.Venues, pv)
	}
	seen := map[string]bool{}
	for _, sc := range ss {
		p.Screenings = append(p.Screenings, PublicScreening{ID: sc.ID, Title: sc.TitleID, Venue: sc.VenueID, Screen: sc.ScreenID,
			Start: sc.Start, StartUTC: sc.StartUTC, EndUTC: sc.EndUTC(), RuntimeMinutes: sc.RuntimeMinutes,
			AudioLanguage: sc.AudioLanguage, SubtitleLanguage: sc.SubtitleLanguage, Intro: sc.Intro, QA: sc.QA, TicketURL: sc.TicketURL})
		if seen[sc.TitleID] {
			continue
		}
		seen[sc.TitleID] = true
		t, err := s.titleAny(ctx, sc.TitleID)
		if err != nil {
			if apperr.Is(err, apperr.NotFound) {
				continue
			}
			return nil, err
		}
		pt := PublicTitle{ID: t.ID, Localizations: map[string]PublicTitleText{}, Year: t.ProductionYear, Countries: t.Countries, Original: t.OriginalLanguage}
		for tag, l := range t.Localizations {
			syn := l.ShortSynopsis
			if syn == "" {
				syn = l.LongSynopsis
			}
			pt.Localizations[tag] = PublicTitleText{Title: l.Title, Synopsis: syn}
		}
		p.Titles = append(p.Titles, pt)
	}
	return p, nil
}
