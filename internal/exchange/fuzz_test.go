package exchange

import (
	"strings"
	"testing"
	"time"

	"github.com/silkbridge/silkbridge/internal/events"
)

// FuzzLetterTemplate: whatever a host types, checking and filling never
// panic; a template the check accepts leaves no known placeholder unfilled,
// and filling never runs anything but the six replacements.
func FuzzLetterTemplate(f *testing.F) {
	for _, s := range []string{"Dear {{name}},", "{{ programme }} {{dates}}", "{{.Env}}", "{{{{name}}}}", "{{", "}}{{host", "{{ printf \"%s\" 1 }}",
		"尊敬的{{name}}：{{city}}", "{{name}}{{sender}}{{unknown}}"} {
		f.Add(s)
	}
	values := map[string]string{"name": "N", "programme": "P", "dates": "D", "host": "H", "sender": "S", "city": "C"}
	f.Fuzz(func(t *testing.T, body string) {
		bad := UnknownPlaceholders(body)
		out := Fill(body, values)
		if len(bad) == 0 {
			for k := range values {
				if strings.Contains(out, "{{"+k+"}}") {
					t.Fatalf("%q left {{%s}} in %q", body, k, out)
				}
			}
		}
		if len(out) > len(body)+len(body)*1 && !strings.Contains(body, "{{") {
			t.Fatalf("text without placeholders changed: %q → %q", body, out)
		}
	})
}

// FuzzItineraryTimes: any start and zone are accepted or refused with a
// field error, never a panic; an accepted start reads back as typed in its
// zone.
func FuzzItineraryTimes(f *testing.F) {
	for _, s := range [][2]string{{"2027-03-01T09:40", "Asia/Shanghai"}, {"2026-03-29T02:30", "Europe/Berlin"}, {"2026-10-25T02:30", "Europe/Berlin"},
		{"2027-02-30T10:00", "UTC"}, {"x", "Mars/Base"}, {"2027-03-01T09:40", "Local"}, {"2027-03-01T24:00", "Europe/Moscow"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, start, zone string) {
		items, err := NormalizeItinerary([]Item{{Kind: "arrival", Start: start, Timezone: zone,
			Localizations: map[string]ItemText{"en": {Title: "x"}}}})
		if err != nil {
			return
		}
		loc, lerr := events.LoadZone(items[0].Timezone)
		if lerr != nil {
			t.Fatalf("accepted zone %q that does not load", zone)
		}
		if got := items[0].StartUTC.In(loc).Format(events.LocalLayout); got != start || items[0].StartUTC.Location() != time.UTC {
			t.Fatalf("%q in %q reads back as %q", start, zone, got)
		}
	})
}
