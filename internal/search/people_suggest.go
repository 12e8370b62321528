package search

import "context"

// SuggestPeople returns up to SuggestLimit people for a search-as-you-type
// box: every word matches a name in any script or romanization, and the
// last word also as a prefix.
func (s *Service) SuggestPeople(ctx context.Context, query string, prefs []string) ([]Hit, error) {
	_, people, err := s.SuggestAll(ctx, query, prefs, false, true)
	return people, err
}

func (s *Service) suggestPeople(ctx context.Context, viewer string, q Query, prefs []string) ([]Hit, error) {
	persons, _, err := s.people(ctx, viewer, q, prefs, false)
	if err != nil {
		return nil, s.trouble(err)
	}
	if len(persons) > SuggestLimit {
		persons = persons[:SuggestLimit]
	}
	return persons, nil
}
