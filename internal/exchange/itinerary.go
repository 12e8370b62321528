package exchange

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/events"
	"github.com/silkbridge/silkbridge/internal/langtag"
	"github.com/silkbridge/silkbridge/internal/textrule"
)

// ItemKind is what an itinerary entry is.
type ItemKind string

// ItemKinds lists every valid entry kind.
var ItemKinds = []ItemKind{"arrival", "meeting", "visit", "screening", "departure"}

// ItemText is an entry's wording in one language.
type ItemText struct {
	Title string `json:"title" doc:"What happens: flight SU 204, meeting with the news desk"`
	Place string `json:"place,omitempty" doc:"Where: Sheremetyevo Terminal B, Ostankino"`
	Notes string `json:"notes,omitempty"`
}

// Item is one entry of a participant's itinerary. Times are local to the
// entry's own time zone (a flight leaves in one zone and lands in another),
// written as the participant will read them on a ticket or a door.
type Item struct {
	Kind          ItemKind            `json:"kind" enum:"arrival,meeting,visit,screening,departure"`
	Start         string              `json:"start" doc:"Local start YYYY-MM-DDTHH:MM in timezone"`
	End           string              `json:"end,omitempty" doc:"Local end YYYY-MM-DDTHH:MM in timezone; optional"`
	Timezone      string              `json:"timezone" doc:"IANA time zone, e.g. Europe/Moscow, Asia/Shanghai"`
	Localizations map[string]ItemText `json:"localizations" doc:"Wording keyed by BCP-47 tag; at least one"`
	ScreeningID   string              `json:"screening_id,omitempty" doc:"A festival screening (events) this entry attends"`

	StartUTC time.Time  `json:"start_utc,omitzero" required:"false" readOnly:"true" doc:"Start as UTC, computed"`
	EndUTC   *time.Time `json:"end_utc,omitempty" readOnly:"true"`

	DisplayLanguage string `json:"display_language,omitempty"`
	DisplayTitle    string `json:"display_title,omitempty"`
	DisplayPlace    string `json:"display_place,omitempty"`
	DisplayNotes    string `json:"display_notes,omitempty"`
}

// NormalizeItinerary validates items, computes their UTC instants and sorts
// them by start. Field paths are itinerary[i].field.
func NormalizeItinerary(items []Item) ([]Item, error) {
	var errs apperr.Fields
	if len(items) > ItemsMax {
		errs.Add("itinerary", "at most %d entries", ItemsMax)
		return nil, errs.Err()
	}
	out := make([]Item, 0, len(items))
	for i, it := range items {
		p := fmt.Sprintf("itinerary[%d].", i)
		if !slices.Contains(ItemKinds, it.Kind) {
			errs = append(errs, apperr.FieldError{Field: p + "kind", Code: "exchange.item_kind",
				Message: fmt.Sprintf("unknown kind %q; one of arrival, meeting, visit, screening, departure", truncate(string(it.Kind)))})
		}
		it.Timezone = strings.TrimSpace(it.Timezone)
		loc, err := events.LoadZone(it.Timezone)
		if err != nil {
			errs = append(errs, apperr.FieldError{Field: p + "timezone", Code: "exchange.timezone", Message: err.Error()})
		} else {
			if t, err := events.ParseLocal(it.Start, loc); err != nil {
				errs = append(errs, apperr.FieldError{Field: p + "start", Code: CodeNonexistentLocalTime, Message: err.Error()})
			} else {
				it.StartUTC = t.UTC()
			}
			it.EndUTC = nil
			if it.End != "" {
				if t, err := events.ParseLocal(it.End, loc); err != nil {
					errs = append(errs, apperr.FieldError{Field: p + "end", Code: CodeNonexistentLocalTime, Message: err.Error()})
				} else if !it.StartUTC.IsZero() && t.Before(it.StartUTC) {
					errs = append(errs, apperr.FieldError{Field: p + "end", Code: "exchange.end_before_start", Message: "must not be before start"})
				} else {
					u := t.UTC()
					it.EndUTC = &u
				}
			}
		}
		if len(it.Localizations) == 0 {
			errs.Add(p+"localizations", "give the entry's title in at least one language")
		}
		texts := make(map[string]ItemText, len(it.Localizations))
		for tag, l := range it.Localizations {
			c, err := langtag.Canonical(tag)
			if err != nil {
				errs.Add(p+"localizations."+truncate(tag), "%v", err)
				continue
			}
			l.Title, l.Place, l.Notes = strings.TrimSpace(l.Title), strings.TrimSpace(l.Place), strings.TrimSpace(l.Notes)
			text(&errs, p+"localizations."+c+".title", l.Title, 1, ItemTextMax, textrule.SingleLine)
			text(&errs, p+"localizations."+c+".place", l.Place, 0, ItemTextMax, textrule.SingleLine)
			text(&errs, p+"localizations."+c+".notes", l.Notes, 0, ItemNotesMax, textrule.MultiLine)
			texts[c] = l
		}
		it.Localizations = texts
		it.ScreeningID = strings.TrimSpace(it.ScreeningID)
		if len(it.ScreeningID) > 64 {
			errs.Add(p+"screening_id", "must be at most 64 characters")
		}
		it.DisplayLanguage, it.DisplayTitle, it.DisplayPlace, it.DisplayNotes = "", "", "", ""
		out = append(out, it)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(a, b Item) int { return a.StartUTC.Compare(b.StartUTC) })
	return out, nil
}

// LocalizeItinerary sets each entry's display text for a reader preferring prefs.
func LocalizeItinerary(items []Item, prefs []string) {
	all := append(append([]string{}, prefs...), "en")
	for i := range items {
		it := &items[i]
		tags := make([]string, 0, len(it.Localizations))
		for t := range it.Localizations {
			tags = append(tags, t)
		}
		slices.Sort(tags)
		it.DisplayLanguage = langtag.PickFrom(tags, all)
		l := it.Localizations[it.DisplayLanguage]
		it.DisplayTitle, it.DisplayPlace, it.DisplayNotes = l.Title, l.Place, l.Notes
	}
}

// Localize sets the programme's display title for a reader preferring prefs.
func Localize(e *Exchange, prefs []string) {
	all := append(append([]string{}, prefs...), "en")
	tags := make([]string, 0, len(e.Localizations))
	for t := range e.Localizations {
		tags = append(tags, t)
	}
	slices.Sort(tags)
	e.DisplayLanguage = langtag.PickFrom(tags, all)
	e.DisplayTitle = e.Localizations[e.DisplayLanguage].Title
	for _, p := range e.Participants {
		LocalizeItinerary(p.Itinerary, prefs)
	}
}
