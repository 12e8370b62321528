package web

import (
	"context"
	"html/template"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

// SuggestPerson is one person listed under the header box's titles.
type SuggestPerson struct {
	ID          string
	Name        string // in the interface language where the person has a name in it
	Lang        string
	Highlight   template.HTML // the name the query matched, words marked
	MatchedLang string
	MatchIsName bool // the query matched the name shown
}

// suggestPeople lists the people whose names match what the header box has
// typed, in any script or romanization (search.Service.SuggestPeople). Input
// the search cannot read lists nobody, as it lists no titles.
func (h *Handler) suggestPeople(ctx context.Context, b *Base, q string) ([]SuggestPerson, error) {
	hits, err := h.deps.Search.SuggestPeople(ctx, q, []string{b.Lang})
	if apperr.Is(err, apperr.Invalid) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	out := make([]SuggestPerson, 0, len(hits))
	for _, hit := range hits {
		out = append(out, SuggestPerson{ID: hit.ID, Name: hit.Title, Lang: displayLang(hit, b.Lang),
			Highlight: template.HTML(hit.Highlight), MatchedLang: hit.MatchedLanguage,
			MatchIsName: hit.Title == plainText(hit.Highlight)})
	}
	return out, nil
}
