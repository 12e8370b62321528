package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/silkbridge/silkbridge/internal/subtitles"
)

// SubtitleRulesBody is an organisation's QC rules: the defaults and its
// overrides, by language tag (or "default" for languages not listed).
type SubtitleRulesBody struct {
	Defaults  map[string]subtitles.Rules `json:"defaults" readOnly:"true" doc:"Built-in rules by primary language"`
	Overrides map[string]subtitles.Rules `json:"overrides" doc:"The organisation's rules, used before the defaults"`
}

// SubtitleRulesInput names an organisation.
type SubtitleRulesInput struct {
	Org string `path:"org" maxLength:"64"`
}

// SubtitleRulesPutInput replaces an organisation's overrides.
type SubtitleRulesPutInput struct {
	Org  string `path:"org" maxLength:"64"`
	Body struct {
		Overrides map[string]subtitles.Rules `json:"overrides" doc:"Language tag or \"default\" → rules; replaces all overrides"`
	}
}

// SubtitleRulesOutput is the rules.
type SubtitleRulesOutput struct {
	Body SubtitleRulesBody
}

func registerSubtitleRules(api *API) {
	svc := api.deps.Subtitles
	tags := []string{"subtitles"}
	out := func(over map[string]subtitles.Rules) *SubtitleRulesOutput {
		return &SubtitleRulesOutput{Body: SubtitleRulesBody{Defaults: subtitles.DefaultRules(), Overrides: over}}
	}
	huma.Register(api, huma.Operation{
		OperationID: "get-subtitle-rules", Method: http.MethodGet, Path: "/api/v1/orgs/{org}/subtitle-rules",
		Summary: "Your organisation's subtitle QC rules (admins)", Tags: tags, Security: secured,
	}, func(ctx context.Context, in *SubtitleRulesInput) (*SubtitleRulesOutput, error) {
		over, err := svc.Rules(ctx, in.Org)
		if err != nil {
			return nil, api.subtitleError(ctx, err)
		}
		return out(over), nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "put-subtitle-rules", Method: http.MethodPut, Path: "/api/v1/orgs/{org}/subtitle-rules",
		Summary:     "Replace your organisation's subtitle QC rules (admins)",
		Description: "Used for tracks your organisation uploads, on their next check (upload, edit, GET …/qc).",
		Tags:        tags, Security: secured,
	}, func(ctx context.Context, in *SubtitleRulesPutInput) (*SubtitleRulesOutput, error) {
		if err := svc.SetRules(ctx, in.Org, in.Body.Overrides); err != nil {
			return nil, api.subtitleError(ctx, err)
		}
		over, err := svc.Rules(ctx, in.Org)
		if err != nil {
			return nil, api.subtitleError(ctx, err)
		}
		return out(over), nil
	})
}
