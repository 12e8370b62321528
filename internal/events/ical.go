package events

import (
	"fmt"
	"sort"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/silkbridge/silkbridge/internal/langtag"
)

// ICalendar writes the programme (or, when only is set, that one screening)
// as RFC 5545 text in lang: CRLF line ends, lines folded at 75 octets, each
// DTSTART/DTEND in the venue's TZID with a matching VTIMEZONE, and UIDs
// derived from screening ids so that a re-download updates the entries a
// calendar already holds. baseURL prefixes the screening pages' addresses.
func ICalendar(p *Programme, lang, only, baseURL string, stamp time.Time) string {
	cal := ics.NewCalendarFor("silkbridge")
	cal.SetMethod(ics.MethodPublish)
	name, _ := PickText(p.Localizations, lang)
	cal.SetXWRCalName(name.Name)
	zones := map[string]bool{}
	var evs []*ics.VEvent
	for _, sc := range p.Screenings {
		if only != "" && sc.ID != only {
			continue
		}
		v := p.Venue(sc.Venue)
		if v == nil {
			continue
		}
		loc, err := LoadZone(v.Timezone)
		if err != nil {
			continue
		}
		zones[v.Timezone] = true
		ev := ics.NewEvent(sc.ID + "@events.silkbridge")
		ev.SetDtStampTime(stamp)
		ev.SetProperty(ics.ComponentPropertyDtStart, sc.StartUTC.In(loc).Format("20060102T150405"), ics.WithTZID(v.Timezone))
		ev.SetProperty(ics.ComponentPropertyDtEnd, sc.EndUTC.In(loc).Format("20060102T150405"), ics.WithTZID(v.Timezone))
		title := sc.Title
		desc := ""
		if t := p.Title(sc.Title); t != nil {
			tx, _ := PickTitle(t.Localizations, lang)
			title, desc = tx.Title, tx.Synopsis
		}
		ev.SetSummary(title)
		if desc != "" {
			ev.SetDescription(desc)
		}
		vl, _ := PickVenue(v.Localizations, lang)
		where := vl.Name
		if vl.Address != "" {
			where += ", " + vl.Address
		}
		ev.SetLocation(where + ", " + v.City)
		if v.Latitude != nil && v.Longitude != nil {
			ev.SetGeo(*v.Latitude, *v.Longitude)
		}
		ev.SetURL(strings.TrimRight(baseURL, "/") + "/e/" + p.Slug + "/s/" + sc.ID)
		ev.SetLastModifiedAt(p.UpdatedAt)
		evs = append(evs, ev)
	}
	names := make([]string, 0, len(zones))
	for z := range zones {
		names = append(names, z)
	}
	sort.Strings(names)
	for _, z := range names {
		cal.AddVTimezone(vtimezone(z, p.Start, p.End))
	}
	for _, ev := range evs {
		cal.AddVEvent(ev)
	}
	// Serialise unfolded (the library folds by characters) and fold by octets.
	raw := cal.Serialize(ics.WithNewLineWindows, ics.WithLineLength(1<<30))
	return Fold(strings.ReplaceAll(raw, "\r\n ", ""))
}

// Fold folds every line longer than 75 octets (RFC 5545 §3.1) with CRLF
// and a space, never splitting a UTF-8 sequence.
func Fold(text string) string {
	var b strings.Builder
	lines := strings.Split(strings.TrimSuffix(text, "\r\n"), "\r\n")
	for _, line := range lines {
		limit := 75
		for len(line) > limit {
			cut := limit
			for cut > 0 && !isRuneStart(line[cut]) {
				cut--
			}
			b.WriteString(line[:cut])
			b.WriteString("\r\n ")
			line = line[cut:]
			limit = 74 // the leading space counts
		}
		b.WriteString(line)
		b.WriteString("\r\n")
	}
	return b.String()
}

func isRuneStart(c byte) bool { return c&0xC0 != 0x80 }

// vtimezone describes zone over the event's years: its offsets and every
// transition between them, each as an observance with its own DTSTART.
func vtimezone(zone, start, end string) *ics.VTimezone {
	tz := ics.NewTimezone(zone)
	loc, _ := LoadZone(zone)
	from, _ := ParseDate(start)
	to, _ := ParseDate(end)
	from = time.Date(from.Year()-1, 1, 1, 0, 0, 0, 0, loc)
	to = time.Date(to.Year()+1, 1, 1, 0, 0, 0, 0, loc)
	name, off := from.Zone()
	// The offset in force at the window's start, as a STANDARD observance.
	obs := []observance{{at: from, name: name, fromOff: off, toOff: off, dst: from.IsDST()}}
	for t := from; t.Before(to); {
		next := t.Add(24 * time.Hour)
		if _, o := next.Zone(); o != off {
			// Find the transition's second within the day.
			lo, hi := t, next
			for hi.Sub(lo) > time.Second {
				mid := lo.Add(hi.Sub(lo) / 2)
				if _, mo := mid.Zone(); mo == off {
					lo = mid
				} else {
					hi = mid
				}
			}
			n, o2 := hi.Zone()
			obs = append(obs, observance{at: hi, name: n, fromOff: off, toOff: o2, dst: hi.IsDST()})
			off = o2
		}
		t = next
	}
	for _, o := range obs {
		var c *ics.ComponentBase
		if o.dst {
			d := &ics.Daylight{}
			tz.Components = append(tz.Components, d)
			c = &d.ComponentBase
		} else {
			s := &ics.Standard{}
			tz.Components = append(tz.Components, s)
			c = &s.ComponentBase
		}
		// DTSTART of an observance is local time in the offset it leaves.
		c.SetProperty(ics.ComponentPropertyDtStart, o.at.In(time.FixedZone("", o.fromOff)).Format("20060102T150405"))
		c.SetProperty(ics.ComponentProperty("TZOFFSETFROM"), offset(o.fromOff))
		c.SetProperty(ics.ComponentProperty("TZOFFSETTO"), offset(o.toOff))
		if o.name != "" {
			c.SetProperty(ics.ComponentProperty("TZNAME"), o.name)
		}
	}
	return tz
}

type observance struct {
	at             time.Time
	name           string
	fromOff, toOff int
	dst            bool
}

func offset(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	return fmt.Sprintf("%s%02d%02d", sign, sec/3600, sec%3600/60)
}

// PickText and friends choose the best localization for lang.
func PickText(m map[string]EventLocalization, lang string) (EventLocalization, string) {
	tag := langtag.PickFrom(keys(m), []string{lang, "en"})
	return m[tag], tag
}

func PickTitle(m map[string]PublicTitleText, lang string) (PublicTitleText, string) {
	tag := langtag.PickFrom(keys(m), []string{lang, "en"})
	return m[tag], tag
}

func PickVenue(m map[string]VenueLocalization, lang string) (VenueLocalization, string) {
	tag := langtag.PickFrom(keys(m), []string{lang, "en"})
	return m[tag], tag
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
