package search

import (
	"context"

	"github.com/silkbridge/silkbridge/internal/auth"
)

// SuggestPeople returns up to SuggestLimit people for a search-as-you-type
// box: every word matches a name in any script or romanization, and the
// last word also as a prefix.
func (s *Service) SuggestPeople(ctx context.Context, query string, prefs []string) ([]Hit, error) {
	pr, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	q, err := ParseQuery(query, ModeSuggest)
	if err != nil {
		return nil, err
	}
	if err := s.expandTerms(ctx, &q); err != nil {
		return nil, s.trouble(err)
	}
	persons, _, err := s.people(ctx, pr.Org, q, prefs, false)
	if err != nil {
		return nil, s.trouble(err)
	}
	if len(persons) > SuggestLimit {
		persons = persons[:SuggestLimit]
	}
	return persons, nil
}
