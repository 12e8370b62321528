package events

import (
	"fmt"
	"time"
)

// LocalLayout is how screenings' local start times are written.
const LocalLayout = "2006-01-02T15:04"

// LoadZone resolves an IANA zone name. "Local" and "" are refused: the
// server's own zone would make the programme depend on where it runs.
func LoadZone(name string) (*time.Location, error) {
	if name == "" || name == "Local" {
		return nil, fmt.Errorf("an IANA time zone such as Europe/Moscow is required")
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %q", name)
	}
	return loc, nil
}

// ParseLocal reads a wall time in loc. A time that does not exist there (the
// hour skipped when clocks spring forward) is refused rather than silently
// moved, since a printed programme would then disagree with the stored one.
// In the repeated hour of autumn the first occurrence is taken.
func ParseLocal(s string, loc *time.Location) (time.Time, error) {
	t, err := time.ParseInLocation(LocalLayout, s, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("must be a local time YYYY-MM-DDTHH:MM")
	}
	if t.Format(LocalLayout) != s {
		return time.Time{}, fmt.Errorf("%s does not exist in %s (the clocks skip it)", s, loc)
	}
	return t, nil
}

// ParseDate reads a YYYY-MM-DD date.
func ParseDate(s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || t.Format(time.DateOnly) != s {
		return time.Time{}, fmt.Errorf("must be a date YYYY-MM-DD")
	}
	return t, nil
}
