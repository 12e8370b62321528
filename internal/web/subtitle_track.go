package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/subtitles"
)

// SubtitleView is a track's page: its cues with the QC issues beside them,
// and a list of the issues that jumps to each cue.
type SubtitleView struct {
	*Base
	TitleURL, TitleName, TitleLang string
	Language, LanguageTag, Usage   string
	Format, Encoding, FrameRate    string
	Cues                           string
	Passed                         bool
	IssueCount                     string
	Issues                         []IssueRow
	Rows                           []CueRow
	Export                         []Option
}

// CueRow is one cue and its issues.
type CueRow struct {
	Anchor, Number, Start, End string
	Lines                      []string
	Issues                     []IssueRow
}

// IssueRow is one QC issue in the reader's words.
type IssueRow struct {
	Anchor, Cue, Start, Rule, Code, Measure string
}

func (h *Handler) subtitleView(w http.ResponseWriter, r *http.Request) {
	if h.deps.Subtitles == nil {
		http.NotFound(w, r)
		return
	}
	b := h.base(r, "subtitles.page.title", "catalog")
	ctx := r.Context()
	t, err := h.deps.Subtitles.Get(ctx, chi.URLParam(r, "id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	title, err := h.deps.Catalog.Get(ctx, t.TitleID, []string{b.Lang})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	q := t.QC
	if q == nil {
		q = &subtitles.QC{Passed: true}
	}
	v := &SubtitleView{Base: b, TitleURL: "/titles/" + url.PathEscape(t.TitleID) + "#subtitles", TitleName: title.DisplayTitle,
		TitleLang: title.DisplayLanguage, Language: b.Language(t.Language), LanguageTag: t.Language,
		Usage: b.T("subtitles.usage." + string(t.Usage)), Format: formatName(t.Format), Encoding: t.Encoding,
		FrameRate: q.FrameRate, Cues: b.Num(t.CueCount), Passed: q.Passed, IssueCount: b.Num(len(q.Issues))}
	byCue := map[int][]IssueRow{}
	for _, is := range q.Issues {
		row := issueRow(b, is)
		v.Issues = append(v.Issues, row)
		byCue[is.Cue] = append(byCue[is.Cue], row)
	}
	for _, c := range t.Cues {
		v.Rows = append(v.Rows, CueRow{Anchor: cueAnchor(c.Index), Number: b.Num(c.Index), Start: subtitles.Timecode(c.Start, "."),
			End: subtitles.Timecode(c.End, "."), Lines: c.Lines, Issues: byCue[c.Index]})
	}
	for _, f := range []string{"srt", "vtt", "ttml"} {
		v.Export = append(v.Export, Option{Value: "/api/v1/subtitles/" + url.PathEscape(t.ID) + "?format=" + f, Label: formatName(subtitles.Format(f))})
	}
	h.render(w, r, http.StatusOK, "subtitle", v)
}

func cueAnchor(n int) string { return "cue-" + strconv.Itoa(n) }

// formatName is a format's usual written name (the same in every language).
func formatName(f subtitles.Format) string {
	return map[subtitles.Format]string{subtitles.FormatSRT: "SRT", subtitles.FormatVTT: "WebVTT", subtitles.FormatTTML: "TTML",
		subtitles.FormatEBUTTD: "EBU-TT-D", subtitles.FormatSTL: "EBU STL"}[f]
}

// issueRow words an issue: the rule's name and, for measured rules, the
// value against the limit in the rule's unit.
func issueRow(b *Base, is subtitles.Issue) IssueRow {
	num := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	row := IssueRow{Anchor: cueAnchor(is.Cue), Cue: b.Num(is.Cue), Start: is.Start, Code: is.Rule, Rule: b.T("subtitles.rule." + is.Rule)}
	switch is.Rule {
	case subtitles.RuleCPL, subtitles.RuleCPS, subtitles.RuleLines:
		row.Measure = b.T("subtitles.measure.count", "Value", num(is.Value), "Limit", num(is.Limit))
	case subtitles.RuleMinDuration, subtitles.RuleMaxDuration, subtitles.RuleGap:
		row.Measure = b.T("subtitles.measure.ms", "Value", num(is.Value), "Limit", num(is.Limit))
	case subtitles.RuleOverlap:
		row.Measure = b.T("subtitles.measure.overlap", "Value", num(is.Value))
	}
	return row
}
