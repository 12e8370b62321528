package exchange

import (
	"sort"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/silkbridge/silkbridge/internal/events"
)

// ICalendar writes a participant's itinerary as RFC 5545 text, each entry in
// its own TZID with a matching VTIMEZONE and the reader's wording; lines are
// folded at 75 octets by the events package's folding. UIDs derive from the
// participant and the entry's position and start so a re-download updates
// what a calendar holds.
func ICalendar(e *Exchange, p *Participant, stamp time.Time) string {
	cal := ics.NewCalendarFor("silkbridge")
	cal.SetMethod(ics.MethodPublish)
	cal.SetXWRCalName(e.DisplayTitle)
	zones := map[string]bool{}
	var evs []*ics.VEvent
	for i, it := range p.Itinerary {
		loc, err := events.LoadZone(it.Timezone)
		if err != nil {
			continue
		}
		zones[it.Timezone] = true
		ev := ics.NewEvent(p.ID + "-" + itoa(i) + "-" + it.StartUTC.Format("20060102T1504") + "@exchange.silkbridge")
		ev.SetDtStampTime(stamp)
		ev.SetProperty(ics.ComponentPropertyDtStart, it.StartUTC.In(loc).Format("20060102T150405"), ics.WithTZID(it.Timezone))
		if it.EndUTC != nil {
			ev.SetProperty(ics.ComponentPropertyDtEnd, it.EndUTC.In(loc).Format("20060102T150405"), ics.WithTZID(it.Timezone))
		}
		ev.SetSummary(it.DisplayTitle)
		if it.DisplayPlace != "" {
			ev.SetLocation(it.DisplayPlace)
		}
		if it.DisplayNotes != "" {
			ev.SetDescription(it.DisplayNotes)
		}
		ev.SetProperty(ics.ComponentProperty("CATEGORIES"), strings.ToUpper(string(it.Kind)))
		evs = append(evs, ev)
	}
	names := make([]string, 0, len(zones))
	for z := range zones {
		names = append(names, z)
	}
	sort.Strings(names)
	for _, z := range names {
		cal.AddVTimezone(events.VTimezone(z, e.Start, e.End))
	}
	for _, ev := range evs {
		cal.AddVEvent(ev)
	}
	raw := cal.Serialize(ics.WithNewLineWindows, ics.WithLineLength(1<<30))
	return events.Fold(strings.ReplaceAll(raw, "\r\n ", ""))
}
