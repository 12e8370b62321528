package catalog

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/langtag"
)

// Codes of a listing's bad filter values. Each field error carries the code
// and the value given (param "value"), so interfaces word it themselves.
const (
	CodeFilterKind    = "filter.kind"
	CodeFilterYear    = "filter.year"
	CodeFilterGenre   = "filter.genre"
	CodeFilterCountry = "filter.country"
	CodeFilterOrg     = "filter.org"
	CodeFilterSort    = "filter.sort"
)

// Years a production year filter may name.
const (
	MinFilterYear = 1870
	MaxFilterYear = 3000
)

// checkFilters refuses filter values that can match nothing because they are
// not values at all (an unknown genre, country or organisation), naming each
// query parameter ("query.genre"); a listing used to ignore some and answer
// others with an empty page, which looked like "no such titles".
func (s *Service) checkFilters(ctx context.Context, p *ListParams) error {
	var errs apperr.Fields
	bad := func(param, code string, value any, format string, args ...any) {
		errs = append(errs, apperr.FieldError{Field: "query." + param, Message: fmt.Sprintf(format, args...),
			Value: value, Code: code, Params: map[string]any{"value": fmt.Sprint(value)}})
	}
	if p.Kind != "" && !slices.Contains(Kinds, p.Kind) {
		bad("kind", CodeFilterKind, p.Kind, "%q is not a kind of title", p.Kind)
	}
	if p.Year != 0 && (p.Year < MinFilterYear || p.Year > MaxFilterYear) {
		bad("year", CodeFilterYear, p.Year, "year must be between %d and %d", MinFilterYear, MaxFilterYear)
	}
	if p.Genre != "" && !slices.Contains(Genres, p.Genre) {
		bad("genre", CodeFilterGenre, p.Genre, "%q is not a genre", p.Genre)
	}
	if p.Country != "" {
		if cc, ok := langtag.Country(p.Country); ok {
			p.Country = cc
		} else {
			bad("country", CodeFilterCountry, p.Country, "%q is not an ISO 3166-1 alpha-2 country code", p.Country)
		}
	}
	for param, slug := range map[string]string{"producer": p.Producer, "owner": p.Owner} {
		if slug == "" {
			continue
		}
		ok, err := s.store.OrgExists(ctx, slug)
		if err != nil {
			return err
		}
		if !ok {
			bad(param, CodeFilterOrg, slug, "no organisation %q", slug)
		}
	}
	if p.Sort != SortCreated && !slices.Contains(Sorts, p.Sort) {
		bad("sort", CodeFilterSort, p.Sort, "%q is not an order (title, year or changed)", p.Sort)
	}
	if !slices.Contains(SortLanguages, p.SortLang) {
		p.SortLang = SortLanguage([]string{p.SortLang})
	}
	slices.SortFunc(errs, func(a, b apperr.FieldError) int { return strings.Compare(a.Field, b.Field) })
	return errs.Err()
}
