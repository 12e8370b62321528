package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/silkbridge/silkbridge/internal/translation"
)

// GlossaryInput names the partner whose glossary with the caller's
// organisation is meant.
type GlossaryInput struct {
	Partner string `path:"partner" maxLength:"64"`
}

// GlossaryOutput lists a pair's terms.
type GlossaryOutput struct {
	Body struct {
		Items []*translation.Term `json:"items"`
	}
}

// GlossaryTermInput adds or replaces a term.
type GlossaryTermInput struct {
	Partner string `path:"partner" maxLength:"64"`
	Body    struct {
		SourceLanguage string `json:"source_language" maxLength:"35" doc:"BCP-47 tag; a primary language (zh) serves its scripts (zh-Hans)"`
		TargetLanguage string `json:"target_language" maxLength:"35"`
		Source         string `json:"source" maxLength:"200" example:"唐人街"`
		Target         string `json:"target" maxLength:"200" example:"Чайнатаун"`
	}
}

// GlossaryTermOutput is one term.
type GlossaryTermOutput struct {
	Body *translation.Term
}

// GlossaryTermIDInput names a term.
type GlossaryTermIDInput struct {
	Partner string `path:"partner" maxLength:"64"`
	Term    string `path:"term" maxLength:"64"`
}

func registerGlossaries(api *API) {
	svc := api.deps.Translations
	tags := []string{"translations"}
	huma.Register(api, huma.Operation{
		OperationID: "get-glossary", Method: http.MethodGet, Path: "/api/v1/glossaries/{partner}",
		Summary: "The glossary your organisation shares with a partner", Tags: tags, Security: secured,
	}, func(ctx context.Context, in *GlossaryInput) (*GlossaryOutput, error) {
		items, err := svc.Glossary(ctx, in.Partner)
		if err != nil {
			return nil, api.translationError(ctx, err)
		}
		out := &GlossaryOutput{}
		out.Body.Items = items
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "put-glossary-term", Method: http.MethodPost, Path: "/api/v1/glossaries/{partner}/terms",
		Summary: "Add a term, or replace the target of the term with the same languages and source (editors and admins of either side)",
		Description: "Machine drafts put the target in place of the source term; QC flags a target cue without the term " +
			"where its source cue has it (rule glossary).",
		Tags: tags, Security: secured,
	}, func(ctx context.Context, in *GlossaryTermInput) (*GlossaryTermOutput, error) {
		t, err := svc.PutTerm(ctx, in.Partner, translation.Term{SourceLanguage: in.Body.SourceLanguage, TargetLanguage: in.Body.TargetLanguage,
			Source: in.Body.Source, Target: in.Body.Target})
		if err != nil {
			return nil, api.translationError(ctx, err)
		}
		return &GlossaryTermOutput{Body: t}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "delete-glossary-term", Method: http.MethodDelete, Path: "/api/v1/glossaries/{partner}/terms/{term}", DefaultStatus: http.StatusNoContent,
		Summary: "Remove a term (editors and admins of either side)", Tags: tags, Security: secured,
	}, func(ctx context.Context, in *GlossaryTermIDInput) (*struct{}, error) {
		if err := svc.DeleteTerm(ctx, in.Partner, in.Term); err != nil {
			return nil, api.translationError(ctx, err)
		}
		return nil, nil
	})
}
