package events

import (
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/langtag"
	"github.com/silkbridge/silkbridge/internal/textrule"
)

var slugRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,79}$`)
var orgRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)

// DefaultChangeover is the minutes kept free between screenings on a screen
// when the venue sets none.
const DefaultChangeover = 15

// maxEventDays bounds an event's length (a year and a day).
const maxEventDays = 366

// Formats a screen may project.
var Formats = []string{"dcp", "file", "35mm", "bluray"}

// validateEvent checks e and canonicalises its language keys and codes.
func validateEvent(e *Event) apperr.Fields {
	var f apperr.Fields
	if !slices.Contains(Kinds, e.Kind) {
		f.Add("kind", "must be festival, film_week, market, premiere or showcase")
	}
	if e.Status == "" {
		e.Status = Draft
	}
	if e.Status != Draft && e.Status != Published {
		f.Add("status", "must be draft or published")
	}
	locs := map[string]EventLocalization{}
	for tag, l := range e.Localizations {
		field := "localizations." + tag
		c, err := langtag.Canonical(tag)
		if err != nil {
			f.Add(field, "%s", err.Error())
			continue
		}
		l.Name, l.Description = strings.TrimSpace(l.Name), strings.TrimSpace(l.Description)
		checkText(&f, field+".name", l.Name, 300, true, textrule.SingleLine)
		checkText(&f, field+".description", l.Description, 10000, false, textrule.MultiLine)
		locs[c] = l
	}
	if len(e.Localizations) == 0 {
		f.Add("localizations", "name the event in at least one language")
	}
	e.Localizations = locs
	e.Slug = strings.TrimSpace(e.Slug)
	if !slugRE.MatchString(e.Slug) {
		f.Add("slug", "2 to 80 lower-case letters, digits and hyphens, starting with a letter or digit")
	}
	e.Partners = slices.Compact(slices.Sorted(slices.Values(e.Partners)))
	for i, p := range e.Partners {
		if !orgRE.MatchString(p) {
			f.Add("partners["+itoa(i)+"]", "not an organisation slug")
		} else if p == e.Organiser {
			f.Add("partners["+itoa(i)+"]", "the organiser is not its own partner")
		}
	}
	if cc, ok := langtag.Country(e.Country); ok {
		e.Country = cc
	} else {
		f.Add("country", "must be an ISO 3166-1 alpha-2 country code")
	}
	if _, err := LoadZone(e.Timezone); err != nil {
		f.Add("timezone", "%s", err.Error())
	}
	start, err1 := ParseDate(e.Start)
	if err1 != nil {
		f.Add("start", "%s", err1.Error())
	}
	end, err2 := ParseDate(e.End)
	if err2 != nil {
		f.Add("end", "%s", err2.Error())
	}
	if err1 == nil && err2 == nil {
		if end.Before(start) {
			f.Add("end", "must not be before start")
		} else if end.Sub(start).Hours()/24 > maxEventDays {
			f.Add("end", "an event lasts at most %d days", maxEventDays)
		}
	}
	return f
}

// VenueInput is a venue as a caller sends it.
type VenueInput struct {
	Localizations     map[string]VenueLocalization `json:"localizations"`
	City              string                       `json:"city" maxLength:"200"`
	Country           string                       `json:"country" maxLength:"2"`
	Timezone          string                       `json:"timezone" maxLength:"64"`
	Latitude          *float64                     `json:"latitude,omitempty" minimum:"-90" maximum:"90"`
	Longitude         *float64                     `json:"longitude,omitempty" minimum:"-180" maximum:"180"`
	ChangeoverMinutes *int                         `json:"changeover_minutes,omitempty" minimum:"0" maximum:"600" doc:"Default 15"`
	Screens           []ScreenInput                `json:"screens" maxItems:"50"`
}

// ScreenInput is one screen of a new venue.
type ScreenInput struct {
	Name     string   `json:"name" maxLength:"200"`
	Capacity int      `json:"capacity,omitempty" minimum:"0" maximum:"100000"`
	Formats  []string `json:"formats,omitempty" maxItems:"10"`
}

func validateVenue(in *VenueInput, v *Venue) apperr.Fields {
	var f apperr.Fields
	v.Localizations = map[string]VenueLocalization{}
	for tag, l := range in.Localizations {
		field := "localizations." + tag
		c, err := langtag.Canonical(tag)
		if err != nil {
			f.Add(field, "%s", err.Error())
			continue
		}
		l.Name, l.Address = strings.TrimSpace(l.Name), strings.TrimSpace(l.Address)
		checkText(&f, field+".name", l.Name, 300, true, textrule.SingleLine)
		checkText(&f, field+".address", l.Address, 1000, false, textrule.MultiLine)
		v.Localizations[c] = l
	}
	if len(in.Localizations) == 0 {
		f.Add("localizations", "name the venue in at least one language")
	}
	v.City = strings.TrimSpace(in.City)
	checkText(&f, "city", v.City, 200, true, textrule.SingleLine)
	if cc, ok := langtag.Country(in.Country); ok {
		v.Country = cc
	} else {
		f.Add("country", "must be an ISO 3166-1 alpha-2 country code")
	}
	v.Timezone = in.Timezone
	if _, err := LoadZone(in.Timezone); err != nil {
		f.Add("timezone", "%s", err.Error())
	}
	v.Latitude, v.Longitude = in.Latitude, in.Longitude
	if (v.Latitude == nil) != (v.Longitude == nil) {
		f.Add("longitude", "give both latitude and longitude, or neither")
	}
	if v.Latitude != nil && (*v.Latitude < -90 || *v.Latitude > 90) {
		f.Add("latitude", "must be between -90 and 90")
	}
	if v.Longitude != nil && (*v.Longitude < -180 || *v.Longitude > 180) {
		f.Add("longitude", "must be between -180 and 180")
	}
	v.ChangeoverMinutes = DefaultChangeover
	if in.ChangeoverMinutes != nil {
		if *in.ChangeoverMinutes < 0 || *in.ChangeoverMinutes > 600 {
			f.Add("changeover_minutes", "must be between 0 and 600")
		}
		v.ChangeoverMinutes = *in.ChangeoverMinutes
	}
	if len(in.Screens) == 0 {
		f.Add("screens", "a venue has at least one screen")
	}
	seen := map[string]bool{}
	v.Screens = nil
	for i, s := range in.Screens {
		field := "screens[" + itoa(i) + "]"
		name := strings.TrimSpace(s.Name)
		checkText(&f, field+".name", name, 200, true, textrule.SingleLine)
		if seen[name] {
			f.Add(field+".name", "two screens are named %q", name)
		}
		seen[name] = true
		if s.Capacity < 0 || s.Capacity > 100000 {
			f.Add(field+".capacity", "must be between 0 and 100000")
		}
		for j, fm := range s.Formats {
			if !slices.Contains(Formats, fm) {
				f.Add(field+".formats["+itoa(j)+"]", "must be one of %s", strings.Join(Formats, ", "))
			}
		}
		v.Screens = append(v.Screens, Screen{ID: newID(), Name: name, Capacity: s.Capacity, Formats: s.Formats})
	}
	return f
}

// ScreeningInput is a screening as a caller sends it.
type ScreeningInput struct {
	Title            string `json:"title" maxLength:"200" doc:"Title id"`
	Venue            string `json:"venue" maxLength:"64"`
	Screen           string `json:"screen" maxLength:"64"`
	Start            string `json:"start" maxLength:"16" doc:"Local time at the venue, YYYY-MM-DDTHH:MM"`
	RuntimeMinutes   int    `json:"runtime_minutes,omitempty" minimum:"0" maximum:"1440" doc:"Default: the mezzanine's duration, else the title's runtime"`
	AudioLanguage    string `json:"audio_language,omitempty" maxLength:"35"`
	SubtitleLanguage string `json:"subtitle_language,omitempty" maxLength:"35"`
	Intro            bool   `json:"intro,omitempty"`
	QA               bool   `json:"qa,omitempty"`
	TicketURL        string `json:"ticket_url,omitempty" maxLength:"2000"`
}

// validateScreening checks in against the event and its venue (nil when
// unknown) and fills s. Runtime is resolved by the caller.
func validateScreening(e *Event, v *Venue, in *ScreeningInput, s *Screening) apperr.Fields {
	var f apperr.Fields
	if strings.TrimSpace(in.Title) == "" {
		f.Add("title", "the title is required")
	}
	s.TitleID = strings.TrimSpace(in.Title)
	if v == nil {
		f.Add("venue", "no venue %q in this event", in.Venue)
	} else {
		s.VenueID = v.ID
		if v.Screen(in.Screen) == nil {
			f.Add("screen", "no screen %q at this venue", in.Screen)
		}
		s.ScreenID = in.Screen
		if loc, err := LoadZone(v.Timezone); err == nil {
			t, err := ParseLocal(in.Start, loc)
			if err != nil {
				f.Add("start", "%s", err.Error())
			} else {
				s.Start, s.StartUTC = in.Start, t.UTC()
				if d := in.Start[:10]; d < e.Start || d > e.End {
					f.Add("start", "%s is outside the event (%s to %s)", d, e.Start, e.End)
				}
			}
		}
	}
	if in.RuntimeMinutes < 0 || in.RuntimeMinutes > 1440 {
		f.Add("runtime_minutes", "must be between 1 and 1440")
	}
	for _, l := range []struct {
		field string
		in    string
		out   *string
	}{{"audio_language", in.AudioLanguage, &s.AudioLanguage}, {"subtitle_language", in.SubtitleLanguage, &s.SubtitleLanguage}} {
		if l.in == "" {
			*l.out = ""
			continue
		}
		c, err := langtag.Canonical(l.in)
		if err != nil {
			f.Add(l.field, "%s", err.Error())
		}
		*l.out = c
	}
	s.Intro, s.QA = in.Intro, in.QA
	s.TicketURL = strings.TrimSpace(in.TicketURL)
	if s.TicketURL != "" {
		u, err := url.Parse(s.TicketURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			f.Add("ticket_url", "must be an http or https address")
		}
	}
	return f
}

func checkText(f *apperr.Fields, field, v string, max int, required bool, lines textrule.Lines) {
	switch {
	case v == "" && required:
		f.Add(field, "required")
	case len([]rune(v)) > max:
		f.Add(field, "at most %d characters", max)
	default:
		textrule.Field(f, field, v, lines)
	}
}
