package web

import (
	"context"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/org"
)

// orgReader gives the exchange letter the organisations' names.
type orgReader struct{ s *org.Service }

func (o orgReader) OrgGet(ctx context.Context, slug string) (*org.Organisation, error) {
	return o.s.Get(ctx, slug)
}

// LetterView is the printable invitation: one column per language.
type LetterView struct {
	*Base
	Back  string
	Sides []LetterColumn
}

// LetterColumn is the letter in one language.
type LetterColumn struct {
	Lang       string
	Paragraphs []string
}

func (h *Handler) exchangeLetter(w http.ResponseWriter, r *http.Request) {
	b := h.base(r, "exchange.letter.title", "exchanges")
	id := chi.URLParam(r, "id")
	l, err := h.deps.Exchanges.Letter(r.Context(), orgReader{h.deps.Orgs}, id, chi.URLParam(r, "pid"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v := &LetterView{Base: b, Back: "/exchanges/" + id}
	for _, s := range l.Sides {
		v.Sides = append(v.Sides, LetterColumn{Lang: s.Language, Paragraphs: s.Paragraphs})
	}
	h.render(w, r, http.StatusOK, "exchange_letter", v)
}
