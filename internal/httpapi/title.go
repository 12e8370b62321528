package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/langtag"
)

// LangParams pick the display language of localized records.
type LangParams struct {
	Lang           string `query:"lang" doc:"Display language (BCP-47); overrides Accept-Language"`
	AcceptLanguage string `header:"Accept-Language"`
}

// Prefs returns the caller's language preferences, most preferred first.
func (l LangParams) Prefs() []string {
	prefs := langtag.ParseAcceptLanguage(l.AcceptLanguage)
	if l.Lang != "" {
		prefs = append([]string{l.Lang}, prefs...)
	}
	return prefs
}

// TitleCreateInput is the body of POST /titles.
type TitleCreateInput struct {
	LangParams
	Body catalog.Fields
}

// TitleOutput is one title with its entity tag.
type TitleOutput struct {
	ETag     string `header:"ETag"`
	Location string `header:"Location"`
	Body     *catalog.Title
}

// TitleIDInput names a title.
type TitleIDInput struct {
	LangParams
	ID string `path:"id" maxLength:"64"`
}

// TitlePatchInput is an RFC 7396 merge patch of a title.
type TitlePatchInput struct {
	LangParams
	ID      string         `path:"id" maxLength:"64"`
	IfMatch string         `header:"If-Match" doc:"ETag from a previous read; a stale one is refused with 412"`
	Body    map[string]any `contentType:"application/merge-patch+json" doc:"JSON merge patch (RFC 7396) of the title's fields; null removes a key"`
}

// TitleDeleteInput deletes a title.
type TitleDeleteInput struct {
	ID      string `path:"id" maxLength:"64"`
	IfMatch string `header:"If-Match"`
}

// TitleListInput filters and pages the catalogue.
type TitleListInput struct {
	LangParams
	Limit    int    `query:"limit" minimum:"1" maximum:"200" default:"50"`
	Cursor   string `query:"cursor" maxLength:"1024" doc:"next_cursor of the previous page, asked with the same sort (and, for title and year, the same language)"`
	Sort     string `query:"sort" enum:"title,year,changed," doc:"title: by the title shown, in the collation of the first of your languages among en, ru and zh-Hans (pinyin for Chinese; English otherwise); year: newest first, then title; changed: most recently changed first; empty: creation order"`
	Kind     string `query:"kind" enum:"film,series,season,episode,programme,"`
	Year     int    `query:"year" minimum:"0" maximum:"3000"`
	Producer string `query:"producer" maxLength:"40"`
	Genre    string `query:"genre" maxLength:"40" doc:"One of the genre vocabulary; another value is refused (422, code filter.genre)"`
	Country  string `query:"country" maxLength:"2" doc:"ISO 3166-1 alpha-2 country of production; another value is refused (422, code filter.country)"`
	Owner    string `query:"owner" maxLength:"40"`
	ParentID string `query:"parent_id" maxLength:"64"`
}

// TitleListOutput is one page of titles.
type TitleListOutput struct {
	Body struct {
		Items      []*catalog.Title `json:"items"`
		NextCursor string           `json:"next_cursor,omitempty" doc:"Pass as cursor to get the next page; absent on the last page"`
	}
}

func registerTitles(api *API) {
	tags := []string{"catalogue"}
	huma.Register(api, huma.Operation{
		OperationID: "create-title", Method: http.MethodPost, Path: "/api/v1/titles", DefaultStatus: http.StatusCreated,
		Summary: "Create a title owned by your organisation", Tags: tags, Security: secured,
	}, func(ctx context.Context, in *TitleCreateInput) (*TitleOutput, error) {
		t, err := api.deps.Catalog.Create(ctx, in.Body)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		catalog.Localize(t, in.Prefs())
		return &TitleOutput{ETag: catalog.ETag(t.Version), Location: "/api/v1/titles/" + t.ID, Body: t}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "get-title", Method: http.MethodGet, Path: "/api/v1/titles/{id}",
		Summary: "Get a title", Description: "Titles you may not read are 404.", Tags: tags, Security: secured,
	}, func(ctx context.Context, in *TitleIDInput) (*TitleOutput, error) {
		t, err := api.deps.Catalog.Get(ctx, in.ID, in.Prefs())
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		return &TitleOutput{ETag: catalog.ETag(t.Version), Body: t}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "patch-title", Method: http.MethodPatch, Path: "/api/v1/titles/{id}",
		Summary: "Change a title (JSON merge patch)", Tags: tags, Security: secured,
	}, func(ctx context.Context, in *TitlePatchInput) (*TitleOutput, error) {
		t, err := api.deps.Catalog.Patch(ctx, in.ID, in.Body, in.IfMatch)
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		catalog.Localize(t, in.Prefs())
		return &TitleOutput{ETag: catalog.ETag(t.Version), Body: t}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "delete-title", Method: http.MethodDelete, Path: "/api/v1/titles/{id}", DefaultStatus: http.StatusNoContent,
		Summary: "Delete a title", Tags: tags, Security: secured,
	}, func(ctx context.Context, in *TitleDeleteInput) (*struct{}, error) {
		if err := api.deps.Catalog.Delete(ctx, in.ID, in.IfMatch); err != nil {
			return nil, api.internal(ctx, err)
		}
		return nil, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "list-titles", Method: http.MethodGet, Path: "/api/v1/titles",
		Summary: "List the titles you may read", Tags: tags, Security: secured,
	}, func(ctx context.Context, in *TitleListInput) (*TitleListOutput, error) {
		items, next, err := api.deps.Catalog.List(ctx, catalog.ListParams{
			Limit: in.Limit, After: in.Cursor, Kind: catalog.Kind(in.Kind), Year: in.Year, Sort: catalog.Sort(in.Sort),
			Producer: in.Producer, Genre: in.Genre, Country: in.Country, Owner: in.Owner, ParentID: in.ParentID,
		}, in.Prefs())
		if err != nil {
			return nil, api.internal(ctx, err)
		}
		out := &TitleListOutput{}
		out.Body.Items, out.Body.NextCursor = items, next
		if out.Body.Items == nil {
			out.Body.Items = []*catalog.Title{}
		}
		return out, nil
	})
}
