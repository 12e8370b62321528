package httpapi

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/subtitles"
	"github.com/silkbridge/silkbridge/internal/translation"
)

// TranslationCue is one source cue beside its target cue.
type TranslationCue struct {
	Index       int             `json:"index"`
	SourceStart string          `json:"source_start" doc:"HH:MM:SS.mmm"`
	SourceEnd   string          `json:"source_end"`
	SourceLines []string        `json:"source_lines"`
	Start       string          `json:"start" doc:"The target cue's start: the source's unless changed"`
	End         string          `json:"end"`
	StartMs     int64           `json:"start_ms"`
	EndMs       int64           `json:"end_ms"`
	Lines       []string        `json:"lines" doc:"The translation; empty until translated"`
	Flags       map[string]bool `json:"flags,omitempty" doc:"machine: made by machine translation, not yet edited or confirmed"`
	Retimed     bool            `json:"retimed" doc:"The target's timing differs from the source's"`
}

// TranslationBody is a task with its aligned cues and the draft's QC.
type TranslationBody struct {
	*translation.Task
	CueList     []TranslationCue `json:"cue_list"`
	QC          *subtitles.QC    `json:"qc"`
	MTAvailable bool             `json:"mt_available" doc:"Whether this server can make machine drafts"`
	Filled      *int             `json:"filled,omitempty" doc:"machine-draft: how many cues the provider filled"`
}

// TranslationOutput is one task.
type TranslationOutput struct {
	ETag     string `header:"ETag"`
	Location string `header:"Location"`
	Body     TranslationBody
}

// TranslationCreateInput asks for a translation of a track.
type TranslationCreateInput struct {
	ID   string `path:"id" maxLength:"64"`
	Body struct {
		TargetLanguage string `json:"target_language" maxLength:"35" doc:"BCP-47 tag"`
		Assignee       string `json:"assignee" maxLength:"64" doc:"Your organisation or one of its partners"`
		Due            string `json:"due,omitempty" maxLength:"10" doc:"YYYY-MM-DD"`
	}
}

// TranslationListInput filters the caller's tasks.
type TranslationListInput struct {
	Title string `query:"title" maxLength:"64"`
}

// TranslationListOutput lists tasks.
type TranslationListOutput struct {
	Body struct {
		Items []*translation.Task `json:"items"`
	}
}

// TranslationIDInput names a task.
type TranslationIDInput struct {
	ID string `path:"id" maxLength:"64"`
}

// TranslationCueInput changes one target cue.
type TranslationCueInput struct {
	Index   int      `json:"index" minimum:"1"`
	Lines   []string `json:"lines,omitempty" maxItems:"20" doc:"New text; omitted leaves it"`
	Start   string   `json:"start,omitempty" maxLength:"20" doc:"New start, HH:MM:SS.mmm; omitted leaves it"`
	End     string   `json:"end,omitempty" maxLength:"20"`
	Confirm bool     `json:"confirm,omitempty" doc:"Accept a machine-made cue as it is"`
}

// TranslationCuesInput changes target cues under If-Match.
type TranslationCuesInput struct {
	ID      string `path:"id" maxLength:"64"`
	IfMatch string `header:"If-Match" doc:"The task's ETag (\"v3\"); a stale one is refused with 412"`
	Body    struct {
		Cues []TranslationCueInput `json:"cues" maxItems:"20000"`
	}
}

// TranslationMoveInput is a step of the task; If-Match is optional.
type TranslationMoveInput struct {
	ID      string `path:"id" maxLength:"64"`
	IfMatch string `header:"If-Match" doc:"Optional: the task's ETag; a stale one is refused with 412"`
	Body    *struct {
		Message string `json:"message,omitempty" maxLength:"2000" doc:"request-changes: what to change"`
	}
}

func registerTranslations(api *API) {
	svc := api.deps.Translations
	if svc == nil || api.deps.Subtitles == nil {
		return
	}
	tags := []string{"translations"}
	huma.Register(api, huma.Operation{
		OperationID: "create-translation", Method: http.MethodPost, Path: "/api/v1/subtitles/{id}/translations", DefaultStatus: http.StatusCreated,
		Summary: "Ask an organisation to translate a subtitle track",
		Description: "Editors and admins of an organisation that may read the track's title. The assignee is your organisation " +
			"or a partner; it is notified (translation.created). The draft starts with the source's cues' timings and no text.",
		Tags: tags, Security: secured,
	}, func(ctx context.Context, in *TranslationCreateInput) (*TranslationOutput, error) {
		t, err := svc.Create(ctx, in.ID, translation.CreateRequest{TargetLanguage: in.Body.TargetLanguage, Assignee: in.Body.Assignee, Due: in.Body.Due})
		if err != nil {
			return nil, api.translationError(ctx, err)
		}
		out, err := api.translationOut(ctx, t, nil)
		if out != nil {
			out.Location = "/api/v1/translations/" + t.ID
		}
		return out, err
	})
	huma.Register(api, huma.Operation{
		OperationID: "list-translations", Method: http.MethodGet, Path: "/api/v1/translations",
		Summary: "Translations your organisation asked for or works on, newest first", Tags: tags, Security: secured,
	}, func(ctx context.Context, in *TranslationListInput) (*TranslationListOutput, error) {
		items, err := svc.List(ctx, "", in.Title)
		if err != nil {
			return nil, api.translationError(ctx, err)
		}
		out := &TranslationListOutput{}
		out.Body.Items = items
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "list-track-translations", Method: http.MethodGet, Path: "/api/v1/subtitles/{id}/translations",
		Summary: "Translations of one track your organisation is party to", Tags: tags, Security: secured,
	}, func(ctx context.Context, in *SubtitleIDInput) (*TranslationListOutput, error) {
		items, err := svc.List(ctx, in.ID, "")
		if err != nil {
			return nil, api.translationError(ctx, err)
		}
		out := &TranslationListOutput{}
		out.Body.Items = items
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "get-translation", Method: http.MethodGet, Path: "/api/v1/translations/{id}",
		Summary:     "A translation with source and target cues side by side and the draft's QC",
		Description: "Members of the requester and the assignee. QC uses the requester's rules and the pair's glossary (rule glossary).",
		Tags:        tags, Security: secured,
	}, func(ctx context.Context, in *TranslationIDInput) (*TranslationOutput, error) {
		t, err := svc.Get(ctx, in.ID)
		if err != nil {
			return nil, api.translationError(ctx, err)
		}
		return api.translationOut(ctx, t, nil)
	})
	huma.Register(api, huma.Operation{
		OperationID: "patch-translation-cues", Method: http.MethodPatch, Path: "/api/v1/translations/{id}/cues",
		Summary: "Change target cues (the assignee's editors and admins)",
		Description: "Needs If-Match with the task's ETag: two translators never overwrite each other (412). Editing a " +
			"machine-made cue's text, or confirm, clears its machine mark. An open task, or one with changes requested, " +
			"moves to in_progress.",
		Tags: tags, Security: secured, MaxBodyBytes: 4 * subtitles.MaxFileSize,
	}, func(ctx context.Context, in *TranslationCuesInput) (*TranslationOutput, error) {
		version, ok := parseVersion(in.IfMatch)
		if !ok {
			return nil, Problem(apperr.New(apperr.PreconditionFailed, "If-Match must be the translation's ETag, such as \"v3\""))
		}
		edits, err := translationEdits(in.Body.Cues)
		if err != nil {
			return nil, api.translationError(ctx, err)
		}
		t, err := svc.EditCues(ctx, in.ID, version, edits)
		if err != nil {
			return nil, api.translationError(ctx, err)
		}
		return api.translationOut(ctx, t, nil)
	})
	huma.Register(api, huma.Operation{
		OperationID: "machine-draft-translation", Method: http.MethodPost, Path: "/api/v1/translations/{id}/machine-draft",
		Summary: "Fill empty target cues by machine translation (the assignee)",
		Description: "Each filled cue is marked machine-made until a person edits or confirms it; the pair's glossary " +
			"terms are put in before translating. 503 translation.mt_unavailable when the server has no provider; " +
			"502 translation.mt_failed when it fails.",
		Tags: tags, Security: secured,
	}, func(ctx context.Context, in *TranslationMoveInput) (*TranslationOutput, error) {
		version, err := optionalVersion(in.IfMatch)
		if err != nil {
			return nil, err
		}
		t, n, err := svc.MachineDraft(ctx, in.ID, version)
		if err != nil {
			return nil, api.translationError(ctx, err)
		}
		return api.translationOut(ctx, t, &n)
	})
	for _, m := range []struct {
		path, id, summary string
		fn                func(ctx context.Context, id string, version int, message string) (*translation.Task, error)
	}{
		{"start", "start-translation", "Start work (the assignee): open or changes_requested → in_progress",
			func(ctx context.Context, id string, v int, _ string) (*translation.Task, error) {
				return svc.Start(ctx, id, v)
			}},
		{"submit", "submit-translation", "Hand the draft in for review (the assignee): every cue translated, no unconfirmed machine cue",
			func(ctx context.Context, id string, v int, _ string) (*translation.Task, error) {
				return svc.Submit(ctx, id, v)
			}},
		{"approve", "approve-translation", "Approve (the requester): creates a track in the target language, owned by the requester",
			func(ctx context.Context, id string, v int, _ string) (*translation.Task, error) {
				return svc.Approve(ctx, id, v)
			}},
		{"request-changes", "request-translation-changes", "Send the draft back to the assignee with a note (the requester)",
			svc.RequestChanges},
	} {
		huma.Register(api, huma.Operation{
			OperationID: m.id, Method: http.MethodPost, Path: "/api/v1/translations/{id}/" + m.path, Summary: m.summary,
			Description: "Audited for both parties, sent as a webhook and notified to the other side. 409 translation.state from the wrong state.",
			Tags:        tags, Security: secured,
		}, func(ctx context.Context, in *TranslationMoveInput) (*TranslationOutput, error) {
			version, err := optionalVersion(in.IfMatch)
			if err != nil {
				return nil, err
			}
			msg := ""
			if in.Body != nil {
				msg = in.Body.Message
			}
			t, err := m.fn(ctx, in.ID, version, msg)
			if err != nil {
				return nil, api.translationError(ctx, err)
			}
			return api.translationOut(ctx, t, nil)
		})
	}
	huma.Register(api, huma.Operation{
		OperationID: "check-translation", Method: http.MethodGet, Path: "/api/v1/translations/{id}/qc",
		Summary: "QC of the draft: the requester's rules for the target language, and the glossary", Tags: tags, Security: secured,
	}, func(ctx context.Context, in *TranslationIDInput) (*SubtitleQCOutput, error) {
		t, err := svc.Get(ctx, in.ID)
		if err != nil {
			return nil, api.translationError(ctx, err)
		}
		src, err := svc.Source(ctx, t)
		if err != nil {
			return nil, api.translationError(ctx, err)
		}
		q, err := svc.QC(ctx, t, src)
		if err != nil {
			return nil, api.translationError(ctx, err)
		}
		return &SubtitleQCOutput{Body: q}, nil
	})
	registerGlossaries(api)
}

func optionalVersion(h string) (int, error) {
	if h == "" {
		return 0, nil
	}
	v, ok := parseVersion(h)
	if !ok {
		return 0, Problem(apperr.New(apperr.PreconditionFailed, "If-Match must be the translation's ETag, such as \"v3\""))
	}
	return v, nil
}

func translationEdits(in []TranslationCueInput) ([]translation.CueEdit, error) {
	out := make([]translation.CueEdit, len(in))
	for i, c := range in {
		e := translation.CueEdit{Index: c.Index, Lines: c.Lines, Confirm: c.Confirm}
		for _, x := range []struct {
			s   string
			dst **time.Duration
			f   string
		}{{c.Start, &e.Start, "start"}, {c.End, &e.End, "end"}} {
			if x.s == "" {
				continue
			}
			d, ok := subtitles.ParseTimecode(x.s)
			if !ok {
				f := apperr.Fields{}
				f.Add("cues["+strconv.Itoa(i)+"]."+x.f, "a time is HH:MM:SS.mmm")
				return nil, f.Err()
			}
			*x.dst = &d
		}
		out[i] = e
	}
	return out, nil
}

// translationOut renders a task with its aligned cues and QC.
func (a *API) translationOut(ctx context.Context, t *translation.Task, filled *int) (*TranslationOutput, error) {
	svc := a.deps.Translations
	src, err := svc.Source(ctx, t)
	if err != nil {
		return nil, a.translationError(ctx, err)
	}
	q, err := svc.QC(ctx, t, src)
	if err != nil {
		return nil, a.translationError(ctx, err)
	}
	b := TranslationBody{Task: t, QC: q, MTAvailable: svc.HasMT(), Filled: filled, CueList: make([]TranslationCue, len(t.Cues))}
	for i, c := range t.Cues {
		tc := TranslationCue{Index: c.Index, Start: subtitles.Timecode(c.Start, "."), End: subtitles.Timecode(c.End, "."),
			StartMs: c.Start.Milliseconds(), EndMs: c.End.Milliseconds(), Lines: c.Lines, Flags: c.Flags, SourceLines: []string{}}
		if i < len(src.Cues) {
			s := src.Cues[i]
			tc.SourceStart, tc.SourceEnd, tc.SourceLines = subtitles.Timecode(s.Start, "."), subtitles.Timecode(s.End, "."), s.Lines
			tc.Retimed = s.Start != c.Start || s.End != c.End
		}
		b.CueList[i] = tc
	}
	return &TranslationOutput{ETag: catalog.ETag(int64(t.Version)), Body: b}, nil
}

// translationError renders a task error: no provider is 503, a failing
// provider 502, each with its code.
func (a *API) translationError(ctx context.Context, err error) error {
	var ae *apperr.Error
	if errors.As(err, &ae) && (ae.Code == translation.MTUnavailable || ae.Code == translation.MTFailed) {
		pe := Problem(&apperr.Error{Code: apperr.Invalid, Message: ae.Message}).(*ProblemError)
		pe.Status, pe.Code = http.StatusServiceUnavailable, string(ae.Code)
		if ae.Code == translation.MTFailed {
			pe.Status = http.StatusBadGateway
			if a.deps.Logger != nil {
				a.deps.Logger.WarnContext(ctx, "machine translation failed", "err", err)
			}
		}
		pe.Title = http.StatusText(pe.Status)
		return pe
	}
	return a.subtitleError(ctx, err)
}
