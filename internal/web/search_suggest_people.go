package web

import (
	"html/template"

	"github.com/silkbridge/silkbridge/internal/search"
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

// suggestPeople words the people whose names match what the header box has
// typed, in any script or romanization (search.Service.SuggestAll).
func suggestPeople(b *Base, hits []search.Hit) []SuggestPerson {
	out := make([]SuggestPerson, 0, len(hits))
	for _, hit := range hits {
		out = append(out, SuggestPerson{ID: hit.ID, Name: hit.Title, Lang: displayLang(hit, b.Lang),
			Highlight: template.HTML(hit.Highlight), MatchedLang: hit.MatchedLanguage,
			MatchIsName: hit.Title == plainText(hit.Highlight)})
	}
	return out
}
