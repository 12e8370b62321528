package people

import (
	"context"
	"fmt"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
)

// Credits returns a title's credits as the caller sees them: the title must
// be readable, and people the caller may not read are left out.
func (s *Service) Credits(ctx context.Context, titleID string, prefs []string) ([]TitleCredit, error) {
	pr, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := s.titles.Readable(ctx, pr.Org, titleID); err != nil {
		return nil, err
	}
	cs, err := s.store.CreditsGet(ctx, titleID)
	if err != nil {
		return nil, err
	}
	return s.named(ctx, pr.Org, cs, prefs)
}

func (s *Service) named(ctx context.Context, viewer string, cs []TitleCredit, prefs []string) ([]TitleCredit, error) {
	out := make([]TitleCredit, 0, len(cs))
	for _, c := range cs {
		p, err := s.PublicView(ctx, viewer, c.PersonID)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		Localize(p, prefs)
		c.Name, c.Erased = p.DisplayName, p.Erased
		out = append(out, c)
	}
	return out, nil
}

// SetCredits replaces a title's credits; editors of the owning organisation
// only, and every person must be readable by it.
func (s *Service) SetCredits(ctx context.Context, titleID string, cs []TitleCredit, prefs []string) ([]TitleCredit, error) {
	pr, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	t, err := s.titles.Readable(ctx, pr.Org, titleID)
	if err != nil {
		return nil, err
	}
	if t.Owner != pr.Org {
		return nil, apperr.New(apperr.Forbidden, "only the owning organisation (%s) may change this title's credits", t.Owner)
	}
	if err := pr.RequireWrite(); err != nil {
		return nil, err
	}
	if cs == nil {
		cs = []TitleCredit{}
	}
	if err := NormalizeCredits(cs); err != nil {
		return nil, err
	}
	var errs apperr.Fields
	for i, c := range cs {
		if _, err := s.PublicView(ctx, pr.Org, c.PersonID); apperr.Is(err, apperr.NotFound) {
			errs.Add(fmt.Sprintf("credits[%d].person_id", i), "no such person")
		} else if err != nil {
			return nil, err
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if err := s.store.CreditsSet(ctx, titleID, t.Owner, cs); err != nil {
		return nil, err
	}
	return s.named(ctx, pr.Org, cs, prefs)
}

// PersonCredits returns the credits of a person the caller may read, on
// titles the caller may read, with display titles.
func (s *Service) PersonCredits(ctx context.Context, personID string, prefs []string) ([]PersonCredit, error) {
	pr, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	if _, _, err := s.readable(ctx, pr, personID); err != nil {
		return nil, err
	}
	cs, err := s.store.PersonCredits(ctx, personID)
	if err != nil {
		return nil, err
	}
	out := cs[:0]
	for _, c := range cs {
		t, err := s.titles.Readable(ctx, pr.Org, c.TitleID)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		catalog.Localize(t, prefs)
		c.Title = t.DisplayTitle
		out = append(out, c)
	}
	return out, nil
}
