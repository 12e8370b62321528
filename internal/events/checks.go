package events

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/silkbridge/silkbridge/internal/media"
	"github.com/silkbridge/silkbridge/internal/rights"
)

// Severity says whether a check stops publication.
type Severity string

// Severities.
const (
	Blocking    Severity = "blocking"    // publishing needs an override with a reason
	Warning     Severity = "warning"     // worth fixing; does not stop publication
	Information Severity = "information" // for the programme notes
)

// Check codes.
const (
	NoRights          = "no_rights"
	NoSubtitles       = "no_subtitles"
	SubtitlesQCFailed = "subtitles_qc_failed"
	SubtitlesUnknown  = "subtitles_unknown"
	NoMedia           = "no_media"
	VenueOverlap      = "venue_overlap"
	PremiereStatus    = "premiere_status"
)

// Check is one finding on a screening.
type Check struct {
	Code     string          `json:"code"`
	Severity Severity        `json:"severity" enum:"blocking,warning,information"`
	Detail   string          `json:"detail"`
	Ref      string          `json:"ref,omitempty" doc:"The record concerned: the other screening, the licence request, the track"`
	Value    string          `json:"value,omitempty" doc:"premiere_status: world, international or national"`
	Reasons  []rights.Reason `json:"reasons,omitempty" doc:"no_rights: the availability engine's reasons"`
	Request  *RequestState   `json:"request,omitempty" doc:"no_rights: the licensing request made for it, and where it stands"`
}

// RequestState is a licensing request made from the checks, as it stands.
type RequestState struct {
	ID       string `json:"id"`
	State    string `json:"state"`
	Licensor string `json:"licensor"`
}

// ScreeningChecks are the checks of one screening.
type ScreeningChecks struct {
	ScreeningID string  `json:"screening_id"`
	Checks      []Check `json:"checks"`
}

// Track is a subtitle track as the checks see it.
type Track struct {
	ID       string
	Language string
	QCPassed bool
}

// Subtitles is what is known of a title's subtitle tracks; Known false
// means no subtitle source answers (checks say "unknown").
type Subtitles struct {
	Known  bool
	Tracks []Track
}

// CheckInput is everything the checks read, fetched by the service.
type CheckInput struct {
	Event      *Event
	Venues     map[string]*Venue
	Screenings []*Screening
	// Rights holds each title's rights family; a missing title is reported
	// as no_rights without reasons.
	Rights map[string]*rights.Family
	// Assets holds each title's assets; nil when no media source answers.
	Assets    map[string][]*media.Asset
	Subtitles map[string]Subtitles
	// Earlier holds, per screening, the countries of the hub's earlier
	// screenings of its title (other events included).
	Earlier map[string][]string
	// Origins holds each title's production countries.
	Origins map[string][]string
	// Releases holds each title's recorded releases (catalogue), which
	// count as earlier showings in their territory before the screening's day.
	Releases map[string][]Release
	// Requests holds the licensing requests made for a title from this event.
	Requests map[string][]RequestState
}

// Evaluate runs every check on every screening, in screening order.
func Evaluate(in *CheckInput) []ScreeningChecks {
	overlaps := Overlaps(in.Screenings, in.Venues)
	out := make([]ScreeningChecks, 0, len(in.Screenings))
	for _, s := range in.Screenings {
		cs := []Check{}
		v := in.Venues[s.VenueID]
		if v != nil {
			if c := RightsCheck(in.Event, v, s, in.Rights[s.TitleID]); c != nil {
				c.Request = latestRequest(in.Requests[s.TitleID])
				cs = append(cs, *c)
			}
		}
		if in.Assets != nil {
			if c := MediaCheck(in.Assets[s.TitleID]); c != nil {
				cs = append(cs, *c)
			}
		}
		if c := SubtitleCheck(s, in.Subtitles[s.TitleID]); c != nil {
			cs = append(cs, *c)
		}
		cs = append(cs, overlaps[s.ID]...)
		if v != nil {
			cs = append(cs, PremiereCheck(v.Country, in.Origins[s.TitleID], earlier(in, s)))
		}
		out = append(out, ScreeningChecks{ScreeningID: s.ID, Checks: cs})
	}
	return out
}

// CountBlocking counts the blocking checks.
func CountBlocking(all []ScreeningChecks) int {
	n := 0
	for _, sc := range all {
		for _, c := range sc.Checks {
			if c.Severity == Blocking {
				n++
			}
		}
	}
	return n
}

// latestRequest prefers an open or accepted request over closed ones.
func latestRequest(rs []RequestState) *RequestState {
	var best *RequestState
	for i := range rs {
		r := &rs[i]
		if best == nil || rank(r.State) >= rank(best.State) {
			best = r
		}
	}
	return best
}

func rank(state string) int {
	switch state {
	case "accepted":
		return 3
	case "submitted", "countered":
		return 2
	}
	return 1
}

// MediaCheck reports no_media unless a ready mezzanine or screening copy
// (proxy) exists.
func MediaCheck(assets []*media.Asset) *Check {
	for _, a := range assets {
		if (a.Kind == media.KindMezzanine || a.Kind == media.KindProxy) && a.Status == media.StatusReady {
			return nil
		}
	}
	return &Check{Code: NoMedia, Severity: Warning, Detail: "no ready mezzanine or screening copy"}
}

// SubtitleCheck reports on the track in the screening's subtitle language.
func SubtitleCheck(s *Screening, sub Subtitles) *Check {
	if s.SubtitleLanguage == "" {
		return nil
	}
	if !sub.Known {
		return &Check{Code: SubtitlesUnknown, Severity: Information,
			Detail: fmt.Sprintf("subtitles in %s cannot be checked yet", s.SubtitleLanguage)}
	}
	var failed *Track
	for i, t := range sub.Tracks {
		if t.Language != s.SubtitleLanguage && !strings.HasPrefix(t.Language, s.SubtitleLanguage+"-") {
			continue
		}
		if t.QCPassed {
			return nil
		}
		failed = &sub.Tracks[i]
	}
	if failed != nil {
		return &Check{Code: SubtitlesQCFailed, Severity: Warning, Ref: failed.ID,
			Detail: fmt.Sprintf("the %s subtitles fail quality control", s.SubtitleLanguage)}
	}
	return &Check{Code: NoSubtitles, Severity: Blocking,
		Detail: fmt.Sprintf("no subtitles in %s", s.SubtitleLanguage)}
}

// Overlaps finds screenings on one screen closer than the venue's changeover.
// It works on instants, so a late show running past midnight collides with
// the next day's first.
func Overlaps(ss []*Screening, venues map[string]*Venue) map[string][]Check {
	byScreen := map[string][]*Screening{}
	for _, s := range ss {
		byScreen[s.VenueID+"/"+s.ScreenID] = append(byScreen[s.VenueID+"/"+s.ScreenID], s)
	}
	out := map[string][]Check{}
	for _, list := range byScreen {
		sort.Slice(list, func(i, j int) bool { return list[i].StartUTC.Before(list[j].StartUTC) })
		gap := time.Duration(DefaultChangeover) * time.Minute
		if v := venues[list[0].VenueID]; v != nil {
			gap = time.Duration(v.ChangeoverMinutes) * time.Minute
		}
		for i, a := range list {
			for _, b := range list[i+1:] {
				if !b.StartUTC.Before(a.EndUTC().Add(gap)) {
					break
				}
				detail := fmt.Sprintf("overlaps screening at %s on the same screen (changeover %d min)", "%s", int(gap.Minutes()))
				out[a.ID] = append(out[a.ID], Check{Code: VenueOverlap, Severity: Blocking, Ref: b.ID, Detail: fmt.Sprintf(detail, b.Start)})
				out[b.ID] = append(out[b.ID], Check{Code: VenueOverlap, Severity: Blocking, Ref: a.ID, Detail: fmt.Sprintf(detail, a.Start)})
			}
		}
	}
	return out
}

// Release is a recorded release: a country and a date (YYYY, YYYY-MM or YYYY-MM-DD).
type Release struct {
	Country string
	Date    string
}

// earlier is the countries where a title was shown before s: the hub's
// earlier screenings and the releases dated before s's day (a release
// known only by month or year counts when that period starts before it).
func earlier(in *CheckInput, s *Screening) []string {
	out := append([]string(nil), in.Earlier[s.ID]...)
	for _, r := range in.Releases[s.TitleID] {
		if r.Date != "" && r.Date < s.Day() {
			out = append(out, r.Country)
		}
	}
	return out
}
