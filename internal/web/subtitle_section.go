package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"net/url"

	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/subtitles"
)

func init() {
	RegisterTitleSection(subtitlesSection)
	addRoutes(func(h *Handler, r chi.Router) {
		r.Get("/subtitles/{id}", h.subtitleView)
	})
}

// SubtitlesView is the Subtitles panel of a title page: its tracks with
// their QC result, and the upload form for organisations that may add one.
type SubtitlesView struct {
	*Base
	TitleID   string
	Tracks    []TrackRow
	CanUpload bool
	// Endpoint is the API the form's script posts the file to (the web
	// session and its CSRF token authenticate it).
	Endpoint  string
	Languages []Option
	Usages    []Option
	// Encodings are offered when detection cannot tell (WHATWG names,
	// written the same in every language).
	Encodings []string
	// Messages are the translated upload errors by code, for the script.
	Messages map[string]string
}

// TrackRow is one track in the reader's words.
type TrackRow struct {
	URL, Language, LanguageTag, Usage, Org string
	Cues                                   string
	Passed                                 bool
	Issues                                 string
}

// subtitleLanguages are offered in the upload form (the API takes any tag).
var subtitleLanguages = []string{"zh-Hans", "zh-Hant", "ru", "en", "fr", "de", "es", "ar", "ja", "ko", "pt", "it"}

func subtitlesSection(h *Handler, r *http.Request, t *catalog.Title, b *Base) (*TitleSection, error) {
	if h.deps.Subtitles == nil {
		return nil, nil
	}
	ctx := r.Context()
	tracks, err := h.deps.Subtitles.List(ctx, t.ID)
	if err != nil {
		return nil, err
	}
	v := &SubtitlesView{Base: b, TitleID: t.ID, CanUpload: h.deps.Subtitles.CanContribute(ctx, t.ID),
		Endpoint: "/api/v1/titles/" + url.PathEscape(t.ID) + "/subtitles"}
	for _, tr := range tracks {
		v.Tracks = append(v.Tracks, trackRow(h, r, b, tr))
	}
	if v.CanUpload {
		for _, l := range subtitleLanguages {
			v.Languages = append(v.Languages, Option{Value: l, Label: b.Language(l)})
		}
		for _, u := range []subtitles.Usage{subtitles.UsageSub, subtitles.UsageSDH, subtitles.UsageForced} {
			v.Usages = append(v.Usages, Option{Value: string(u), Label: b.T("subtitles.usage." + string(u))})
		}
		v.Messages = uploadMessages(b)
		v.Encodings = []string{"utf-8", "utf-16le", "utf-16be", "gb18030", "big5", "windows-1251", "koi8-r", "windows-1252"}
	}
	var buf bytes.Buffer
	if err := h.tpl.pages["title"].ExecuteTemplate(&buf, "subtitles_section", v); err != nil {
		return nil, fmt.Errorf("render subtitles section: %w", err)
	}
	return &TitleSection{ID: "subtitles", Heading: b.T("subtitles.heading"), Body: template.HTML(buf.String())}, nil
}

func trackRow(h *Handler, r *http.Request, b *Base, t *subtitles.Track) TrackRow {
	row := TrackRow{URL: "/subtitles/" + url.PathEscape(t.ID), Language: b.Language(t.Language), LanguageTag: t.Language,
		Usage: b.T("subtitles.usage." + string(t.Usage)), Cues: b.Num(t.CueCount), Passed: t.QC == nil || t.QC.Passed, Org: t.Org}
	if o, err := h.deps.Orgs.Get(r.Context(), t.Org); err == nil {
		row.Org, _ = b.Pick(o.Names)
	}
	if t.QC != nil {
		row.Issues = b.Num(len(t.QC.Issues))
	}
	return row
}

// uploadCodes are the error codes the upload script may meet; each has a
// message with {line}, {utf8_line}, {limit} or {name} filled in by it.
var uploadCodes = []string{
	subtitles.CodeBinary, subtitles.CodeEncodingAmbiguous, subtitles.CodeEncodingInvalid, subtitles.CodeEncodingMixed,
	subtitles.CodeEncodingUnknown, subtitles.CodeFormatUnknown, subtitles.CodeSyntax, subtitles.CodeTimecode,
	subtitles.CodeTimecodeRange, subtitles.CodeTooManyCues, subtitles.CodeNoCues, subtitles.CodeSTLCodePage,
	subtitles.CodeUnreadable, subtitles.CodeLanguage, subtitles.CodeUsage, "too_large", "forbidden", "not_found",
	"unauthenticated", "generic", "sending",
}

func uploadMessages(b *Base) map[string]string {
	m := map[string]string{}
	for _, c := range uploadCodes {
		m[c] = b.T("subtitles.err."+c, "Line", "{line}", "UTF8Line", "{utf8_line}", "Limit", "{limit}", "Name", "{name}", "Cue", "{cue}")
	}
	return m
}
