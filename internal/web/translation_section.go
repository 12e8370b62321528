package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"net/url"

	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/translation"
)

func init() {
	RegisterTitleSection(translationsSection)
}

// TranslationsView is the Translations panel of a title page: the tasks
// the viewer's organisation asked for or works on, and the form asking a
// partner to translate one of the title's tracks.
type TranslationsView struct {
	*Base
	Tasks []TaskRow
	// The request form: tracks to translate, languages and assignees.
	CanRequest bool
	Tracks     []Option
	Languages  []Option
	Assignees  []Option
	Messages   map[string]string
}

// TaskRow is one task in the reader's words.
type TaskRow struct {
	URL, Source, Target, TargetTag, Assignee, Requester, Status, StatusCode, Due, Progress string
}

func translationsSection(h *Handler, r *http.Request, t *catalog.Title, b *Base) (*TitleSection, error) {
	if h.deps.Translations == nil || h.deps.Subtitles == nil {
		return nil, nil
	}
	ctx := r.Context()
	tasks, err := h.deps.Translations.List(ctx, "", t.ID)
	if err != nil {
		return nil, err
	}
	v := &TranslationsView{Base: b}
	for _, task := range tasks {
		v.Tasks = append(v.Tasks, taskRow(h, r, b, task))
	}
	if b.CanWrite() {
		tracks, err := h.deps.Subtitles.List(ctx, t.ID)
		if err != nil {
			return nil, err
		}
		for _, tr := range tracks {
			v.Tracks = append(v.Tracks, Option{Value: tr.ID, Label: b.Language(tr.Language) + " · " + b.T("subtitles.usage."+string(tr.Usage))})
		}
		v.CanRequest = len(v.Tracks) > 0
	}
	if v.CanRequest {
		for _, l := range subtitleLanguages {
			v.Languages = append(v.Languages, Option{Value: l, Label: b.Language(l), Selected: l == "ru"})
		}
		v.Assignees = append(v.Assignees, Option{Value: b.User.Org, Label: h.orgName(r, b, b.User.Org)})
		if b.Org != nil {
			for _, p := range b.Org.Partners {
				v.Assignees = append(v.Assignees, Option{Value: p, Label: h.orgName(r, b, p), Selected: len(v.Assignees) == 1})
			}
		}
		v.Messages = translationMessages(b)
	}
	if len(v.Tasks) == 0 && !v.CanRequest {
		return nil, nil
	}
	var buf bytes.Buffer
	if err := h.tpl.pages["title"].ExecuteTemplate(&buf, "translations_section", v); err != nil {
		return nil, fmt.Errorf("render translations section: %w", err)
	}
	return &TitleSection{ID: "translations", Heading: b.T("translation.heading"), Body: template.HTML(buf.String())}, nil
}

func taskRow(h *Handler, r *http.Request, b *Base, t *translation.Task) TaskRow {
	row := TaskRow{URL: "/translations/" + url.PathEscape(t.ID), Source: b.Language(t.SourceLanguage), Target: b.Language(t.TargetLanguage),
		TargetTag: t.TargetLanguage, Assignee: h.orgName(r, b, t.Assignee), Requester: h.orgName(r, b, t.Requester),
		Status: b.T("translation.status." + string(t.Status)), StatusCode: string(t.Status),
		Progress: b.T("translation.progress", "Done", b.Num(t.Translated), "Total", b.Num(t.CueCount))}
	if t.Due != "" {
		row.Due = b.PartialDate(t.Due)
	}
	return row
}

// orgName is an organisation's name in the reader's language, or its slug.
func (h *Handler) orgName(r *http.Request, b *Base, slug string) string {
	if o, err := h.deps.Orgs.Get(r.Context(), slug); err == nil {
		if n, _ := b.Pick(o.Names); n != "" {
			return n
		}
	}
	return slug
}

// translationCodes are the error codes the scripts may meet; each has a
// message, with {cue}, {missing} or {machine} filled in by the script.
var translationCodes = []string{
	translation.CodeAssignee, translation.CodeLanguage, translation.CodeDue, translation.CodeState, translation.CodeIncomplete,
	translation.CodeMachine, translation.CodeCue, translation.CodeMTUnavailable, translation.CodeMTFailed,
	"precondition_failed", "forbidden", "not_found", "unauthenticated", "generic",
}

func translationMessages(b *Base) map[string]string {
	m := map[string]string{}
	for _, c := range translationCodes {
		m[c] = b.T("translation.err."+c, "Cue", "{cue}", "Missing", "{missing}", "Machine", "{machine}")
	}
	for _, k := range []string{"saving", "saved", "conflict", "reload", "drafting", "sending", "issues_none", "confirm", "machine"} {
		m[k] = b.T("translation.js." + k)
	}
	return m
}
