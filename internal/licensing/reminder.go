package licensing

import (
	"context"
	"fmt"

	"github.com/silkbridge/silkbridge/internal/rights"
)

// ReminderMarks are the days before a licence's last day on which both
// parties hear that it ends (licence.expiring), each once per licence.
var ReminderMarks = []int{30, 7}

// markFor returns the reminder due for a licence daysLeft days from its last
// day: the smallest mark it has reached, or 0. A licence recorded with ten
// days left gets the 30-day notice at once and the 7-day one later; one
// recorded with five days left gets only the 7-day notice.
func markFor(daysLeft int) int {
	mark := 0
	for _, m := range ReminderMarks {
		if daysLeft <= m && (mark == 0 || m < mark) {
			mark = m
		}
	}
	return mark
}

// RemindExpiring sends the licence.expiring notices that are due, to the
// licensor and (when it is an organisation of the hub) the licensee. The
// store records each notice, so a restart never sends one twice. It returns
// how many notices it sent.
func (s *Service) RemindExpiring(ctx context.Context) (int, error) {
	now := s.clock()
	today := rights.DayOf(now)
	longest := 0
	for _, m := range ReminderMarks {
		longest = max(longest, m)
	}
	ls, err := s.store.LicencesEnding(ctx, today.String(), (today + rights.Day(longest)).String())
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, l := range ls {
		if l.End == nil {
			continue
		}
		end, err := rights.ParseDay(*l.End)
		if err != nil {
			continue
		}
		left := int(end - today)
		mark := markFor(left)
		if mark == 0 {
			continue
		}
		var notify []*Notification
		for _, org := range []string{l.Licensor, l.Licensee} {
			notify = append(notify, &Notification{ID: newID(), Org: org, Kind: "licence.expiring", LicenceID: l.ID,
				TitleID: l.TitleID, DaysLeft: left, CreatedAt: now, RequestID: requestOf(l),
				Text: fmt.Sprintf("the licence from %s to %s ends on %s, in %d days", l.Licensor, l.Licensee, *l.End, left)})
		}
		ok, err := s.store.LicenceRemind(ctx, Reminder{Licence: l, Mark: mark, DaysLeft: left, Notify: notify, At: now})
		if err != nil {
			return sent, err
		}
		if ok {
			sent++
		}
	}
	return sent, nil
}

// requestOf returns the id of the request a licence came from, if any.
func requestOf(l *rights.Licence) string {
	const prefix = "request:"
	if len(l.Source) > len(prefix) && l.Source[:len(prefix)] == prefix {
		return l.Source[len(prefix):]
	}
	return ""
}
