package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/people"
)

// PersonCreateInput is the body of POST /people.
type PersonCreateInput struct {
	LangParams
	Body people.PersonFields
}

// PersonOutput is one person with its entity tag.
type PersonOutput struct {
	ETag     string `header:"ETag"`
	Location string `header:"Location"`
	Body     *people.Person
}

// PersonIDInput names a person.
type PersonIDInput struct {
	LangParams
	ID string `path:"id" maxLength:"64"`
}

// PersonPatchInput is an RFC 7396 merge patch of a person.
type PersonPatchInput struct {
	LangParams
	ID      string         `path:"id" maxLength:"64"`
	IfMatch string         `header:"If-Match" doc:"ETag from a previous read; a stale one is refused with 412"`
	Body    map[string]any `contentType:"application/merge-patch+json" doc:"JSON merge patch (RFC 7396) of the person's fields; null removes a key"`
}

// PersonEraseInput erases a person.
type PersonEraseInput struct {
	ID      string `path:"id" maxLength:"64"`
	IfMatch string `header:"If-Match"`
}

// PersonListInput filters and pages the directory.
type PersonListInput struct {
	LangParams
	Limit  int    `query:"limit" minimum:"1" maximum:"200" default:"50"`
	Cursor string `query:"cursor" maxLength:"200"`
	Org    string `query:"org" maxLength:"40" doc:"Only people of this organisation"`
	Role   string `query:"role" maxLength:"40" doc:"Only people with this role"`
}

// PersonListOutput is one page of people (never with private fields).
type PersonListOutput struct {
	Body struct {
		Items      []*people.Person `json:"items"`
		NextCursor string           `json:"next_cursor,omitempty"`
	}
}

// NameSuggestInput is a name typed in one language.
type NameSuggestInput struct {
	Body struct {
		Name     string `json:"name" maxLength:"300" doc:"The name as typed: 陈思诚, Олег Добродеев"`
		Language string `json:"language" maxLength:"35" doc:"BCP-47 tag of the name's language: zh-Hans, ru"`
	}
}

// NameSuggestOutput holds the suggested forms by language.
type NameSuggestOutput struct {
	Body struct {
		Suggestions map[string]string `json:"suggestions" doc:"Suggested names keyed by BCP-47 tag; empty when the rules cannot read the name"`
	}
}

// PersonExportOutput is everything held about a person.
type PersonExportOutput struct {
	ContentDisposition string `header:"Content-Disposition"`
	Body               *people.PersonExport
}

// PersonCreditsOutput lists a person's credits.
type PersonCreditsOutput struct {
	Body struct {
		Items []people.PersonCredit `json:"items"`
	}
}

func registerPeople(api *API) {
	if api.deps.People == nil {
		return
	}
	ps := api.deps.People
	tags := []string{"people"}
	huma.Register(api, huma.Operation{
		OperationID: "create-person", Method: http.MethodPost, Path: "/api/v1/people", DefaultStatus: http.StatusCreated,
		Summary:     "Create a person in your organisation's directory",
		Description: "Names typed in Chinese or Russian get the other scripts as suggestions, flagged \"suggested\":true until edited or confirmed. Only admins of the person's organisation set private fields and coordinators.",
		Tags:        tags, Security: secured,
	}, func(ctx context.Context, in *PersonCreateInput) (*PersonOutput, error) {
		p, err := ps.Create(ctx, in.Body)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		people.Localize(p, in.Prefs())
		return &PersonOutput{ETag: catalog.ETag(p.Version), Location: "/api/v1/people/" + p.ID, Body: p}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "get-person", Method: http.MethodGet, Path: "/api/v1/people/{id}",
		Summary:     "Get a person",
		Description: "People you may not read are 404. \"private\" and \"coordinators\" appear only for admins of the person's organisation or of one hosting them in an exchange, and for the coordinators they named; each such read is audited.",
		Tags:        tags, Security: secured,
	}, func(ctx context.Context, in *PersonIDInput) (*PersonOutput, error) {
		p, err := ps.Get(ctx, in.ID, in.Prefs())
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		return &PersonOutput{ETag: catalog.ETag(p.Version), Body: p}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "patch-person", Method: http.MethodPatch, Path: "/api/v1/people/{id}",
		Summary: "Change a person (JSON merge patch)", Tags: tags, Security: secured,
	}, func(ctx context.Context, in *PersonPatchInput) (*PersonOutput, error) {
		p, err := ps.Patch(ctx, in.ID, in.Body, in.IfMatch)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		people.Localize(p, in.Prefs())
		return &PersonOutput{ETag: catalog.ETag(p.Version), Body: p}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "erase-person", Method: http.MethodDelete, Path: "/api/v1/people/{id}",
		Summary:     "Erase a person",
		Description: "Admins of the person's organisation. Private fields, coordinators, biographies and every name go for good; a random pseudonym replaces the name. Credits and audit entries keep the same id.",
		Tags:        tags, Security: secured,
	}, func(ctx context.Context, in *PersonEraseInput) (*PersonOutput, error) {
		p, err := ps.Erase(ctx, in.ID, in.IfMatch)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		return &PersonOutput{ETag: catalog.ETag(p.Version), Body: p}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "list-people", Method: http.MethodGet, Path: "/api/v1/people",
		Summary: "List the people you may read (without private fields)", Tags: tags, Security: secured,
	}, func(ctx context.Context, in *PersonListInput) (*PersonListOutput, error) {
		items, next, err := ps.List(ctx, people.ListParams{Limit: in.Limit, After: in.Cursor, Org: in.Org, Role: people.PersonRole(in.Role)}, in.Prefs())
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		out := &PersonListOutput{}
		out.Body.Items, out.Body.NextCursor = items, next
		if out.Body.Items == nil {
			out.Body.Items = []*people.Person{}
		}
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "export-person", Method: http.MethodGet, Path: "/api/v1/people/{id}/export",
		Summary: "Export everything held about a person (admins of the person's organisation; audited)", Tags: tags, Security: secured,
	}, func(ctx context.Context, in *PersonIDInput) (*PersonExportOutput, error) {
		ex, err := ps.Export(ctx, in.ID)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		return &PersonExportOutput{ContentDisposition: `attachment; filename="person-` + in.ID + `.json"`, Body: ex}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "list-person-credits", Method: http.MethodGet, Path: "/api/v1/people/{id}/credits",
		Summary: "A person's credits on titles you may read", Tags: tags, Security: secured,
	}, func(ctx context.Context, in *PersonIDInput) (*PersonCreditsOutput, error) {
		items, err := ps.PersonCredits(ctx, in.ID, in.Prefs())
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		out := &PersonCreditsOutput{}
		out.Body.Items = items
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "suggest-person-names", Method: http.MethodPost, Path: "/api/v1/people/names/suggest",
		Summary:     "Suggest a name in the other scripts",
		Description: "Chinese names give pinyin (en) and Palladius Cyrillic (ru); Russian names give the Xinhua transcription (zh-Hans) and ICAO 9303 Latin (en). Rules and sources: docs/people.md.",
		Tags:        tags, Security: secured,
	}, func(ctx context.Context, in *NameSuggestInput) (*NameSuggestOutput, error) {
		s, err := people.Suggest(in.Body.Name, in.Body.Language)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		out := &NameSuggestOutput{}
		out.Body.Suggestions = s
		return out, nil
	})
	registerCredits(api)
}
