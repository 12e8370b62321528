package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/langtag"
	"github.com/silkbridge/silkbridge/internal/search"
)

// SearchInput is a search across titles' localized names in any script.
type SearchInput struct {
	LangParams
	Q        string `query:"q" required:"true" minLength:"1" maxLength:"200" doc:"Words in any language or script: 红丝绸, красный шелк, hongsichou, krasnyy shyolk, red silk"`
	Limit    int    `query:"limit" minimum:"1" maximum:"50" default:"20"`
	Cursor   string `query:"cursor" maxLength:"40" doc:"next_cursor of the previous page"`
	Kind     string `query:"kind" enum:"film,series,season,episode,programme,"`
	Genre    string `query:"genre" maxLength:"40"`
	YearFrom int    `query:"year_from" minimum:"0" maximum:"3000"`
	YearTo   int    `query:"year_to" minimum:"0" maximum:"3000"`
	Producer string `query:"producer" maxLength:"40" doc:"Slug of a producing organisation"`
	Country  string `query:"country" maxLength:"2" doc:"Country of production, ISO 3166-1 alpha-2"`
	Type     string `query:"type" enum:"title,person," doc:"Only titles or only people; by default people (and titles found through their directors' names) join the first page of an unfiltered search"`
}

// SearchOutput is one page of hits with facets.
type SearchOutput struct {
	Body *search.ResultPage
}

// SuggestInput is what a search box has typed so far.
type SuggestInput struct {
	LangParams
	Q    string `query:"q" required:"true" minLength:"1" maxLength:"200" doc:"The text typed so far; its last word may be incomplete"`
	Type string `query:"type" enum:"title,person," doc:"Only titles (people empty) or only people (hits empty); by default both"`
}

// SuggestOutput lists up to ten titles and up to ten people for a
// search-as-you-type box.
type SuggestOutput struct {
	Body struct {
		Q      string       `json:"q" doc:"The query answered, so a client can drop answers to older keystrokes"`
		Hits   []search.Hit `json:"hits" doc:"Titles (type title)"`
		People []search.Hit `json:"people" doc:"People whose names match in any script or romanization (type person), named in the caller's language where they have a name in it; link them by id to /api/v1/people/{id}"`
	}
}

func registerSearch(api *API) {
	tags := []string{"search"}
	huma.Register(api, huma.Operation{
		OperationID: "search-titles", Method: http.MethodGet, Path: "/api/v1/search",
		Summary:     "Search titles in Chinese, Russian, English or any romanization",
		Description: "Every word must match the title in some language: as written, by stem, as pinyin (with or without spaces), as a GOST 7.79-B, BGN/PCGN or ICAO romanization, or with one typo in words of four letters or more (о for ё after ж, ш, ч, щ counts as no typo). Chinese matches any run of characters, Traditional or Simplified. Only titles you may read appear, in hits, total and facets.",
		Tags:        tags, Security: secured,
	}, func(ctx context.Context, in *SearchInput) (*SearchOutput, error) {
		filter := search.Filter{Kind: in.Kind, Genre: in.Genre, YearFrom: in.YearFrom, YearTo: in.YearTo, Producer: in.Producer}
		var bad apperr.Fields
		if in.Country != "" {
			cc, ok := langtag.Country(in.Country)
			if !ok {
				bad.Add("country", "%q is not an ISO 3166-1 alpha-2 country code", in.Country)
			}
			filter.Country = cc
		}
		if in.YearFrom != 0 && in.YearTo != 0 && in.YearFrom > in.YearTo {
			bad.Add("year_to", "must not be before year_from")
		}
		if err := bad.Err(); err != nil {
			return nil, api.searchProblem(ctx, err)
		}
		res, err := api.deps.Search.Search(ctx, search.Params{Query: in.Q, Prefs: in.Prefs(), Limit: in.Limit, Cursor: in.Cursor, Filter: filter, Type: in.Type})
		if err != nil {
			return nil, api.searchProblem(ctx, err)
		}
		return &SearchOutput{Body: res}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "suggest-titles", Method: http.MethodGet, Path: "/api/v1/search/suggest",
		Summary:     "Suggest titles and people as the user types",
		Description: "Up to ten titles (hits) and up to ten people (people) you may read; the last word also matches as a prefix. Each hit's highlight is HTML-escaped text with <mark> around what matched, safe to insert as HTML.",
		Tags:        tags, Security: secured,
	}, func(ctx context.Context, in *SuggestInput) (*SuggestOutput, error) {
		hits, people, err := api.deps.Search.SuggestAll(ctx, in.Q, in.Prefs(), in.Type != search.TypePerson, in.Type != search.TypeTitle)
		if err != nil {
			return nil, api.searchProblem(ctx, err)
		}
		out := &SuggestOutput{}
		out.Body.Q = in.Q
		out.Body.Hits = append([]search.Hit{}, hits...)
		out.Body.People = append([]search.Hit{}, people...)
		return out, nil
	})
}

// searchProblem reports search errors; the fields at fault are query
// parameters, not body fields.
func (a *API) searchProblem(ctx context.Context, err error) error {
	p := a.internal(ctx, err)
	if pe, ok := p.(*ProblemError); ok {
		for _, d := range pe.Errors {
			if len(d.Location) > 5 && d.Location[:5] == "body." {
				d.Location = "query." + d.Location[5:]
			}
		}
	}
	return p
}
