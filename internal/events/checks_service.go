package events

import (
	"context"

	"github.com/silkbridge/silkbridge/internal/apperr"
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
	return Evaluate(in), nil
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
