package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/subtitles"
	"github.com/silkbridge/silkbridge/internal/translation"
)

func init() {
	addRoutes(func(h *Handler, r chi.Router) {
		r.Get("/translations/{id}", h.translationEditor)
	})
}

// TranslationEditorView is the cue-aligned editor: each source cue beside
// its target cue, QC per cue, and the buttons of the viewer's side.
type TranslationEditorView struct {
	*Base
	TaskID, TitleURL, TitleName, TitleLang  string
	Source, Target, SourceTag, TargetTag    string
	Requester, Assignee, Status, StatusCode string
	Due, Note, ResultURL, Progress          string
	Version                                 int
	// What the viewer may do: edit (the assignee, while editable), review
	// (the requester, in review), MT (a provider is configured).
	CanEdit, CanStart, CanSubmit, CanReview, MT bool
	Rows                                        []TranslationRow
	Messages                                    map[string]string
	Rules                                       map[string]string
}

// TranslationRow is a source cue and its target cue.
type TranslationRow struct {
	Index, Anchor, Number              string
	SourceTime, TargetTime, Start, End string
	SourceLines                        []string
	Text                               string
	Machine, Retimed                   bool
	Issues                             []IssueRow
}

func (h *Handler) translationEditor(w http.ResponseWriter, r *http.Request) {
	if h.deps.Translations == nil {
		http.NotFound(w, r)
		return
	}
	b := h.base(r, "translation.page.title", "catalog")
	ctx := r.Context()
	svc := h.deps.Translations
	t, err := svc.Get(ctx, chi.URLParam(r, "id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	src, err := svc.Source(ctx, t)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	q, err := svc.QC(ctx, t, src)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v := &TranslationEditorView{Base: b, TaskID: t.ID, TitleURL: "/titles/" + url.PathEscape(t.TitleID) + "#translations",
		Source: b.Language(t.SourceLanguage), Target: b.Language(t.TargetLanguage), SourceTag: t.SourceLanguage, TargetTag: t.TargetLanguage,
		Requester: h.orgName(r, b, t.Requester), Assignee: h.orgName(r, b, t.Assignee), Status: b.T("translation.status." + string(t.Status)),
		StatusCode: string(t.Status), Note: t.Message, Version: t.Version, MT: svc.HasMT(),
		Progress: b.T("translation.progress", "Done", b.Num(t.Translated), "Total", b.Num(t.CueCount))}
	if title, err := h.deps.Catalog.Get(ctx, t.TitleID, []string{b.Lang}); err == nil {
		v.TitleName, v.TitleLang = title.DisplayTitle, title.DisplayLanguage
	}
	if t.Due != "" {
		v.Due = b.PartialDate(t.Due)
	}
	if t.ResultTrackID != "" {
		v.ResultURL = "/subtitles/" + url.PathEscape(t.ResultTrackID)
	}
	org := ""
	if b.User != nil {
		org = b.User.Org
	}
	editable := t.Status == translation.Open || t.Status == translation.InProgress || t.Status == translation.ChangesRequested
	v.CanEdit = b.CanWrite() && org == t.Assignee && editable
	v.CanStart = v.CanEdit && t.Status != translation.InProgress
	v.CanSubmit = v.CanEdit
	v.CanReview = b.CanWrite() && org == t.Requester && t.Status == translation.InReview
	v.MT = v.MT && v.CanEdit
	byCue := map[int][]IssueRow{}
	for _, is := range q.Issues {
		byCue[is.Cue] = append(byCue[is.Cue], translationIssueRow(b, is))
	}
	for i, c := range t.Cues {
		row := TranslationRow{Index: strconv.Itoa(c.Index), Anchor: cueAnchor(c.Index), Number: b.Num(c.Index),
			TargetTime: subtitles.Timecode(c.Start, ".") + " → " + subtitles.Timecode(c.End, "."),
			Start:      subtitles.Timecode(c.Start, "."), End: subtitles.Timecode(c.End, "."),
			Text: strings.Join(c.Lines, "\n"), Machine: c.Flags[translation.FlagMachine], Issues: byCue[c.Index]}
		if i < len(src.Cues) {
			s := src.Cues[i]
			row.SourceLines = s.Lines
			row.SourceTime = subtitles.Timecode(s.Start, ".") + " → " + subtitles.Timecode(s.End, ".")
			row.Retimed = s.Start != c.Start || s.End != c.End
		}
		v.Rows = append(v.Rows, row)
	}
	v.Messages = translationMessages(b)
	v.Rules = map[string]string{translation.RuleGlossary: b.T("translation.rule.glossary")}
	for _, rule := range subtitles.AllRules {
		v.Rules[rule] = b.T("subtitles.rule." + rule)
	}
	v.Rules["measure.count"] = b.T("subtitles.measure.count", "Value", "{value}", "Limit", "{limit}")
	v.Rules["measure.ms"] = b.T("subtitles.measure.ms", "Value", "{value}", "Limit", "{limit}")
	v.Rules["measure.overlap"] = b.T("subtitles.measure.overlap", "Value", "{value}")
	v.Rules["measure.term"] = b.T("translation.measure.term", "Term", "{term}")
	h.render(w, r, http.StatusOK, "translation", v)
}

// translationIssueRow words an issue; the glossary rule names the term.
func translationIssueRow(b *Base, is subtitles.Issue) IssueRow {
	if is.Rule != translation.RuleGlossary {
		return issueRow(b, is)
	}
	return IssueRow{Anchor: cueAnchor(is.Cue), Cue: b.Num(is.Cue), Start: is.Start, Code: is.Rule,
		Rule: b.T("translation.rule.glossary"), Measure: b.T("translation.measure.term", "Term", is.Term)}
}
