package search

import "context"

// SuggestPeople returns up to SuggestLimit people for a search-as-you-type
// box: every word matches a name in any script or romanization, and the
// last word also as a prefix.
func (s *Service) SuggestPeople(ctx context.Context, query string, prefs []string) ([]Hit, error) {
	pr, q, err := s.suggestQuery(ctx, query)
	if err != nil {
		return nil, err
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
