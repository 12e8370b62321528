package events

import ics "github.com/arran4/golang-ical"

// VTimezone describes zone over the years from start to end (YYYY-MM-DD),
// as ICalendar writes it, for other calendars of the hub (itineraries).
func VTimezone(zone, start, end string) *ics.VTimezone { return vtimezone(zone, start, end) }
