package events

import (
	"context"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/media"
	"github.com/silkbridge/silkbridge/internal/rights"
)

// Checks runs the checks of every screening of an event, reading the rights,
// media, subtitles and licensing requests as they stand now, so a change to
// any of them shows at the next read.
func (s *Service) Checks(ctx context.Context, eventID string) ([]ScreeningChecks, error) {
	e, err := s.Get(ctx, eventID)
	if err != nil {
		return nil, err
	}
	in, err := s.checkInput(ctx, e)
	if err != nil {
		return nil, err
	}
	out := Evaluate(in)
	if p, _ := auth.Require(ctx); p != nil && p.Org != e.Organiser {
		if err := s.redact(ctx, p.Org, in, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// redact leaves out the rights details (the engine's reasons, which name
// holders and licences, and the request) of titles viewer may not read: a
// partner reads the programme's checks, not every title's rights.
func (s *Service) redact(ctx context.Context, viewer string, in *CheckInput, out []ScreeningChecks) error {
	readable := map[string]bool{}
	for i, sc := range in.Screenings {
		ok, seen := readable[sc.TitleID]
		if !seen {
			_, err := s.d.Titles.Readable(ctx, viewer, sc.TitleID)
			if err != nil && !apperr.Is(err, apperr.NotFound) {
				return err
			}
			ok = err == nil
			readable[sc.TitleID] = ok
		}
		if ok {
			continue
		}
		for j := range out[i].Checks {
			out[i].Checks[j].Reasons, out[i].Checks[j].Request = nil, nil
		}
	}
	return nil
}

func (s *Service) checkInput(ctx context.Context, e *Event) (*CheckInput, error) {
	vs, err := s.d.Store.VenueList(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	ss, err := s.d.Store.ScreeningList(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	in := &CheckInput{Event: e, Venues: map[string]*Venue{}, Screenings: ss, Rights: map[string]*rights.Family{},
		Subtitles: map[string]Subtitles{}, Origins: map[string][]string{}, Releases: map[string][]Release{}, Requests: map[string][]RequestState{}}
	for _, v := range vs {
		in.Venues[v.ID] = v
	}
	if s.d.Assets != nil {
		in.Assets = map[string][]*media.Asset{}
	}
	for _, sc := range ss {
		id := sc.TitleID
		if _, done := in.Origins[id]; done {
			continue
		}
		in.Origins[id] = nil
		if t, err := s.titleAny(ctx, id); err == nil {
			in.Origins[id] = t.Countries
			for _, r := range t.Releases {
				in.Releases[id] = append(in.Releases[id], Release{Country: r.Territory, Date: r.Date})
			}
		}
		f, err := s.d.Rights.RightsFamily(ctx, id)
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			return nil, err
		}
		in.Rights[id] = f
		if in.Assets != nil {
			as, err := s.d.Assets.AssetList(ctx, id)
			if err != nil {
				return nil, err
			}
			in.Assets[id] = as
		}
		if s.d.Subtitles != nil {
			tracks, err := s.d.Subtitles.SubtitleTracks(ctx, id)
			if err != nil {
				return nil, err
			}
			in.Subtitles[id] = Subtitles{Known: true, Tracks: tracks}
		}
	}
	if in.Earlier, err = s.d.Store.ScreeningCountriesBefore(ctx, ss); err != nil {
		return nil, err
	}
	links, err := s.d.Store.EventRequests(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	for _, l := range links {
		st := RequestState{ID: l.RequestID, State: "unknown"}
		if s.d.Licensing != nil {
			// Only the parties read a request; partners of the event see it as unknown.
			if r, err := s.d.Licensing.Get(ctx, l.RequestID); err == nil {
				st.State, st.Licensor = string(r.State), r.Licensor
			}
		}
		in.Requests[l.TitleID] = append(in.Requests[l.TitleID], st)
	}
	return in, nil
}
