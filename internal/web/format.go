package web

import (
	"time"
)

// DateTime formats an instant (shown in UTC, the hub's shared clock) as a
// localized date plus a 24-hour time.
func (l *Localizer) DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.UTC()
	return l.T("date.datetime", "Date", l.PartialDate(t.Format("2006-01-02")), "Time", t.Format("15:04"))
}
