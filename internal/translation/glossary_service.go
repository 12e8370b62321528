package translation

import (
	"context"
	"strings"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/langtag"
	"github.com/silkbridge/silkbridge/internal/subtitles"
)

// pair returns the caller and partner ordered, if partner is a partner of
// the caller's organisation (or the organisation itself). NotFound
// otherwise: strangers' glossaries do not exist for the caller.
func (s *Service) pair(ctx context.Context, partner string, write bool) (string, string, *auth.Principal, error) {
	p, err := auth.Require(ctx)
	if err != nil {
		return "", "", nil, err
	}
	if partner != p.Org && !s.isPartner(ctx, p.Org, partner) {
		return "", "", nil, apperr.New(apperr.NotFound, "no glossary with %q: it is not a partner", partner)
	}
	if write {
		if err := p.RequireWrite(); err != nil {
			return "", "", nil, err
		}
	}
	a, b := Pair(p.Org, partner)
	return a, b, p, nil
}

// Glossary returns the terms shared by the caller's organisation and partner.
func (s *Service) Glossary(ctx context.Context, partner string) ([]*Term, error) {
	a, b, _, err := s.pair(ctx, partner, false)
	if err != nil {
		return nil, err
	}
	return s.store.GlossaryList(ctx, a, b)
}

// PutTerm adds a term to the pair's glossary or replaces the target of the
// term with the same languages and source. Editors and admins of either
// organisation may.
func (s *Service) PutTerm(ctx context.Context, partner string, t Term) (*Term, error) {
	a, b, p, err := s.pair(ctx, partner, true)
	if err != nil {
		return nil, err
	}
	var f apperr.Fields
	for _, x := range []struct {
		field string
		v     *string
	}{{"source_language", &t.SourceLanguage}, {"target_language", &t.TargetLanguage}} {
		c, err := langtag.Canonical(*x.v)
		if err != nil {
			f = append(f, apperr.FieldError{Field: x.field, Code: CodeLanguage, Params: map[string]any{"language": *x.v},
				Message: "must be a BCP-47 tag such as zh-Hans or ru"})
		}
		*x.v = c
	}
	for _, x := range []struct {
		field string
		v     *string
	}{{"source", &t.Source}, {"target", &t.Target}} {
		*x.v = strings.TrimSpace(*x.v)
		if *x.v == "" || len(*x.v) > 200 || strings.ContainsAny(*x.v, "\n\r\t") {
			f = append(f, apperr.FieldError{Field: x.field, Code: CodeTerm, Message: "a term is 1–200 bytes on one line"})
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	t.ID, t.OrgA, t.OrgB, t.CreatedBy, t.UpdatedAt = subtitles.NewID(), a, b, p.Name, s.now().UTC().Truncate(time.Microsecond)
	if err := s.store.GlossaryPut(ctx, &t, p.Name); err != nil {
		return nil, err
	}
	return &t, nil
}

// DeleteTerm removes a term of the pair's glossary.
func (s *Service) DeleteTerm(ctx context.Context, partner, id string) error {
	a, b, p, err := s.pair(ctx, partner, true)
	if err != nil {
		return err
	}
	return s.store.GlossaryDelete(ctx, a, b, id, p.Name)
}
