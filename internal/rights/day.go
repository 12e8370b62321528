package rights

import (
	"fmt"
	"math"
	"time"
)

// Day is a calendar date counted in days since 1970-01-01. Rights windows are
// whole days, both ends inclusive, so the engine works on integers rather than
// instants and never meets a time zone.
type Day int32

// Forever is the end of a perpetual window (end null).
const Forever Day = math.MaxInt32

// Dates before minYear or after maxYear are refused as typos rather than stored.
const (
	minYear = 1900
	maxYear = 9999
)

// ParseDay reads a YYYY-MM-DD date.
func ParseDay(s string) (Day, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a date (YYYY-MM-DD)", s)
	}
	if t.Year() < minYear || t.Year() > maxYear {
		return 0, fmt.Errorf("%q is outside the years %d-%d", s, minYear, maxYear)
	}
	return Day(t.Unix() / 86400), nil
}

// DayOf returns the calendar day of t in UTC.
func DayOf(t time.Time) Day {
	return Day(time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// String renders the day as YYYY-MM-DD, or "" for Forever.
func (d Day) String() string {
	if d == Forever {
		return ""
	}
	return time.Unix(int64(d)*86400, 0).UTC().Format(time.DateOnly)
}

// Span is an inclusive range of days.
type Span struct{ From, To Day }

func (s Span) valid() bool { return s.From <= s.To }

// spans is a sorted list of disjoint, non-adjacent spans: a set of days.
type spans []Span

// add returns the union of s and x.
func (s spans) add(x Span) spans {
	if !x.valid() {
		return s
	}
	out := make(spans, 0, len(s)+1)
	i := 0
	for ; i < len(s) && int64(s[i].To)+1 < int64(x.From); i++ {
		out = append(out, s[i])
	}
	for ; i < len(s) && int64(s[i].From) <= int64(x.To)+1; i++ {
		x.From = min(x.From, s[i].From)
		x.To = max(x.To, s[i].To)
	}
	out = append(out, x)
	return append(out, s[i:]...)
}

// union returns s ∪ o.
func (s spans) union(o spans) spans {
	for _, x := range o {
		s = s.add(x)
	}
	return s
}

// sub returns s minus x.
func (s spans) sub(x Span) spans {
	if !x.valid() || len(s) == 0 {
		return s
	}
	out := make(spans, 0, len(s)+1)
	for _, y := range s {
		if y.To < x.From || y.From > x.To {
			out = append(out, y)
			continue
		}
		if y.From < x.From {
			out = append(out, Span{y.From, x.From - 1})
		}
		if y.To > x.To {
			out = append(out, Span{x.To + 1, y.To})
		}
	}
	return out
}

// minus returns s minus every span of o.
func (s spans) minus(o spans) spans {
	for _, x := range o {
		s = s.sub(x)
	}
	return s
}

// clip returns s ∩ x.
func (s spans) clip(x Span) spans {
	var out spans
	for _, y := range s {
		lo, hi := max(x.From, y.From), min(x.To, y.To)
		if lo <= hi {
			out = append(out, Span{lo, hi})
		}
	}
	return out
}

// intersect returns s ∩ o.
func (s spans) intersect(o spans) spans {
	var out spans
	for _, x := range o {
		out = out.union(s.clip(x))
	}
	return out
}

// covers reports whether s contains every day of x.
func (s spans) covers(x Span) bool {
	for _, y := range s {
		if y.From <= x.From && x.To <= y.To {
			return true
		}
	}
	return false
}
