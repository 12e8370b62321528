package rights

import (
	"fmt"
	"strings"
)

// AvailDetail is what an EMA Avails row says beyond the rights dimensions:
// a window that opens or closes on an event rather than a date (the MDDF
// DateTimeCondition vocabulary), and the format profiles offered. It is
// optional and additive: a record without it means exactly what it meant
// before, and the engine reads only Start and End.
type AvailDetail struct {
	StartCondition string   `json:"start_condition,omitempty" enum:"ESTStart,EST,Broadcast,Completed,Theatrical,TBD" doc:"The window opens on this event, not on start (start is then the day the record was imported: the earliest it can open)"`
	EndCondition   string   `json:"end_condition,omitempty" enum:"ESTStart,EST,Broadcast,Completed,Theatrical,TBD" doc:"The window closes on this event; end is then null until its date is known"`
	StartLag       string   `json:"start_lag,omitempty" maxLength:"32" doc:"ISO 8601 duration (PnYnMnWnD, e.g. P30D) the window opens after the start condition's date (EMA StartLag)"`
	EndLag         string   `json:"end_lag,omitempty" maxLength:"32" doc:"ISO 8601 duration (PnYnMnWnD) the window closes after the end condition's date (EMA EndLag)"`
	FormatProfiles []string `json:"format_profiles,omitempty" maxItems:"7" doc:"EMA FormatProfile values offered: UHD, HD, SD, 3D, 3DUHD, 3DHD, 3DSD"`
}

// DateConditions are the MDDF DateTimeCondition values (avails vocabulary
// v2.7) that stand for an event whose date is not yet known. Open (no end)
// and Immediate (from now) are resolved on import and never stored.
var DateConditions = []string{"ESTStart", "EST", "Broadcast", "Completed", "Theatrical", "TBD"}

// FormatProfiles are the MDDF FormatProfile values.
var FormatProfiles = []string{"UHD", "HD", "SD", "3D", "3DUHD", "3DHD", "3DSD"}

// Reason codes of a conditional record (see Terms.Conditional).
const (
	StartConditional Code = "start_conditional" // the window opens on an event whose date is not known
	EndConditional   Code = "end_conditional"   // the window closes on an event whose date is not known
)

// canonical returns the vocabulary spelling of v (case-insensitive), or "".
func canonical(vocab []string, v string) string {
	for _, c := range vocab {
		if strings.EqualFold(c, strings.TrimSpace(v)) {
			return c
		}
	}
	return ""
}

// DateCondition returns the DateTimeCondition v names, or "".
func DateCondition(v string) string { return canonical(DateConditions, v) }

// FormatProfile returns the FormatProfile v names, or "".
func FormatProfile(v string) string { return canonical(FormatProfiles, v) }

// check canonicalises d in place and reports bad values; a nil or empty
// detail is dropped by the caller (Terms.normalize).
func (d *AvailDetail) check() []string {
	if d == nil {
		return nil
	}
	var probs []string
	for _, p := range []*string{&d.StartCondition, &d.EndCondition} {
		if *p == "" {
			continue
		}
		if c := DateCondition(*p); c != "" {
			*p = c
		} else {
			probs = append(probs, fmt.Sprintf("%q is not a date condition (%s)", *p, strings.Join(DateConditions, ", ")))
		}
	}
	for _, l := range []struct {
		lag  *string
		cond string
		name string
	}{{&d.StartLag, d.StartCondition, "start"}, {&d.EndLag, d.EndCondition, "end"}} {
		if *l.lag == "" {
			continue
		}
		if _, err := parseLag(*l.lag); err != nil {
			probs = append(probs, err.Error())
		} else if l.cond == "" {
			probs = append(probs, fmt.Sprintf("a %s lag counts from a %s condition's date; with a date, add the lag to the date", l.name, l.name))
		} else {
			*l.lag = strings.ToUpper(strings.TrimSpace(*l.lag))
		}
	}
	seen := map[string]bool{}
	out := d.FormatProfiles[:0]
	for _, f := range d.FormatProfiles {
		c := FormatProfile(f)
		if c == "" {
			probs = append(probs, fmt.Sprintf("%q is not a format profile (%s)", f, strings.Join(FormatProfiles, ", ")))
			continue
		}
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	d.FormatProfiles = out
	return probs
}

// normalizeAvail checks t.Avail and drops it when it says nothing, so a
// record without conditions stores exactly what it stored before.
func (t *Terms) normalizeAvail() []string {
	probs := t.Avail.check()
	if d := t.Avail; d != nil && d.StartCondition == "" && d.EndCondition == "" && d.StartLag == "" && d.EndLag == "" && len(d.FormatProfiles) == 0 {
		t.Avail = nil
	}
	return probs
}

// Conditional lists why the record's window is not fixed by dates: its
// start or end waits on an event. Availability answers that rely on such a
// record report these codes beside it rather than leaving it out.
func (t *Terms) Conditional() []Code {
	if t.Avail == nil {
		return nil
	}
	var out []Code
	if t.Avail.StartCondition != "" {
		out = append(out, StartConditional)
	}
	if t.Avail.EndCondition != "" {
		out = append(out, EndConditional)
	}
	return out
}
