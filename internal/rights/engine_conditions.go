package rights

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Conditional windows in availability answers. A record whose start or end
// waits on an event (AvailDetail) keeps a provisional span: from the day it
// was recorded, open-ended when its end waits. The engine never grants from
// such a holding, since nobody can say which days it covers until the event
// is dated; it reports those days with start_conditional or end_conditional
// and the event's name, and the answer's status is "conditional" when they
// are all that stands in the way. A licence that waits on an event blocks on
// its provisional span (conservatively: it may already be running) and its
// reason carries the same codes. Dating the event (ResolveCondition) turns
// the records into ordinary dated ones.

// Answer statuses.
const (
	ResultAvailable   = "available"   // available (for overlap questions: some of it)
	ResultConditional = "conditional" // not available now, but only windows waiting on an event are in the way
	ResultUnavailable = "unavailable" // not available, whatever the events' dates turn out to be
)

// waitsOn is the reason code of compiled terms whose window waits on an
// event, or "" for a dated window.
func (c *terms) waitsOn() Code {
	switch {
	case c.startCond != "":
		return StartConditional
	case c.endCond != "":
		return EndConditional
	}
	return ""
}

// conditionFor is the event behind a conditional code of c.
func (c *terms) conditionFor(code Code) string {
	if code == EndConditional {
		return c.endCond
	}
	return c.startCond
}

// openFor reports whether a conditional holding c can back r, a licence
// waiting on the same events: the holding opens no later (its start lag is
// no longer) and closes no earlier (its end lag is no shorter) after them, so
// whatever the dates turn out to be, the licence lies inside the holding.
func (c *terms) openFor(r *Request) bool {
	w := r.waits
	if w == nil {
		return false
	}
	if c.startCond != "" && (c.startCond != w.startCond || lagDays(c.startLag) > lagDays(w.startLag)) {
		return false
	}
	if c.endCond != "" && (c.endCond != w.endCond || lagDays(c.endLag) < lagDays(w.endLag)) {
		return false
	}
	return true
}

// conditionalBlock reports whether obstacle o comes from a licence waiting
// on an event (which blocks now but may not once the event is dated).
func (ev *evaluation) conditionalBlock(o obstacle) bool {
	if o.code != ExclusiveLicence && o.code != NonExclusiveLicence {
		return false
	}
	c := ev.waiting[o.ref]
	return c != nil && c.waitsOn() != ""
}

// reasonCode is the code an obstacle is reported with: a licence waiting on
// an event is reported by its condition, with the event's name.
func (ev *evaluation) reasonCode(o obstacle) (Code, string) {
	switch o.code {
	case StartConditional, EndConditional:
		if c := ev.waiting[o.ref]; c != nil {
			return o.code, c.conditionFor(o.code)
		}
	case ExclusiveLicence, NonExclusiveLicence:
		if ev.conditionalBlock(o) {
			c := ev.waiting[o.ref]
			code := EndConditional
			if c.endCond == "" {
				code = StartConditional
			}
			return code, c.conditionFor(code)
		}
	}
	return o.code, ""
}

// status says whether an unavailable answer is conditional: every cell (for
// cover_entire, by one holder) could be granted if the waiting windows were
// open and the waiting licences out of the way.
func (ev *evaluation) status(available bool) string {
	if available {
		return ResultAvailable
	}
	if ev.req.match == Overlap {
		for ci := range ev.cells {
			for hi := range ev.holders {
				if len(ev.cgrant[ci][hi]) > 0 {
					return ResultConditional
				}
			}
		}
		return ResultUnavailable
	}
	for hi := range ev.holders {
		all := len(ev.cells) > 0
		for ci := range ev.cells {
			if !ev.cgrant[ci][hi].covers(ev.req.span) {
				all = false
				break
			}
		}
		if all {
			return ResultConditional
		}
	}
	return ResultUnavailable
}

// lagPattern is an ISO 8601 duration in whole years, months, weeks and days;
// rights windows are whole days, so time parts are refused.
var lagPattern = regexp.MustCompile(`^P(?:(\d{1,4})Y)?(?:(\d{1,4})M)?(?:(\d{1,4})W)?(?:(\d{1,5})D)?$`)

type lag struct{ years, months, days int }

// parseLag reads an EMA StartLag or EndLag value.
func parseLag(s string) (lag, error) {
	v := strings.ToUpper(strings.TrimSpace(s))
	m := lagPattern.FindStringSubmatch(v)
	if m == nil || v == "P" {
		return lag{}, fmt.Errorf("%q is not a lag: an ISO 8601 duration in whole days such as P30D, P6W, P3M or P1Y", s)
	}
	n := func(x string) int { i, _ := strconv.Atoi(x); return i }
	return lag{years: n(m[1]), months: n(m[2]), days: 7*n(m[3]) + n(m[4])}, nil
}

// ApplyLag returns the day lag (an ISO 8601 duration, "" for none) after d.
func ApplyLag(d Day, lagText string) (Day, error) {
	if strings.TrimSpace(lagText) == "" {
		return d, nil
	}
	l, err := parseLag(lagText)
	if err != nil {
		return d, err
	}
	// As XML Schema adds an xs:duration: years and months first, the day
	// kept within the month reached (January 31 plus P1M is February 28),
	// then the days.
	t := time.Unix(int64(d)*86400, 0).UTC()
	y, m := t.Year(), int(t.Month())-1+12*l.years+l.months
	y, m = y+m/12, m%12
	last := time.Date(y, time.Month(m+2), 0, 0, 0, 0, 0, time.UTC).Day()
	t = time.Date(y, time.Month(m+1), min(t.Day(), last), 0, 0, 0, 0, time.UTC).AddDate(0, 0, l.days)
	return DayOf(t), nil
}

// lagReference is the day lags are compared from (months differ in length).
var lagReference, _ = ParseDay("2001-01-01")

// lagDays is a lag's length in days from a fixed reference, for comparing two.
func lagDays(s string) int {
	d, err := ApplyLag(lagReference, s)
	if err != nil {
		return 0
	}
	return int(d - lagReference)
}
