package httpapi

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/catalog"
	entitytag "github.com/silkbridge/silkbridge/internal/etag"
	"github.com/silkbridge/silkbridge/internal/subtitles"
)

// SubtitleCue is one cue on the wire.
type SubtitleCue struct {
	Index   int             `json:"index" doc:"1-based position in the track"`
	Start   string          `json:"start" doc:"HH:MM:SS.mmm"`
	End     string          `json:"end" doc:"HH:MM:SS.mmm"`
	StartMs int64           `json:"start_ms"`
	EndMs   int64           `json:"end_ms"`
	Lines   []string        `json:"lines" doc:"Text lines, styling tags (<i>, <b>…) kept"`
	Flags   map[string]bool `json:"flags,omitempty" doc:"Per-cue marks"`
}

// SubtitleTrackBody is a track with its cues.
type SubtitleTrackBody struct {
	*subtitles.Track
	CueList []SubtitleCue `json:"cue_list" doc:"The cues, in order"`
}

// SubtitleCueInput is a cue sent to PUT or PATCH; times as start/end
// (HH:MM:SS.mmm) or start_ms/end_ms.
type SubtitleCueInput struct {
	Index   int             `json:"index,omitempty" doc:"PATCH: the cue to change (1-based); PUT: ignored, cues are numbered in order"`
	Start   string          `json:"start,omitempty" maxLength:"20"`
	End     string          `json:"end,omitempty" maxLength:"20"`
	StartMs *int64          `json:"start_ms,omitempty"`
	EndMs   *int64          `json:"end_ms,omitempty"`
	Lines   []string        `json:"lines" maxItems:"20"`
	Flags   map[string]bool `json:"flags,omitempty"`
}

// SubtitleImportInput is a subtitle file to import.
type SubtitleImportInput struct {
	ID       string `path:"id" maxLength:"64"`
	Language string `query:"language" required:"true" maxLength:"35" doc:"BCP-47 tag of the text (guides encoding detection and QC)"`
	Usage    string `query:"usage" enum:"sub,sdh,forced" default:"sub"`
	Format   string `query:"format" default:"auto" maxLength:"16" doc:"auto, srt, vtt, ttml, ebu-tt-d or stl"`
	Encoding string `query:"encoding" default:"auto" maxLength:"32" doc:"auto or a WHATWG encoding name (utf-8, utf-16le, gb18030, big5, windows-1251, koi8-r…)"`
	Asset    string `query:"asset" maxLength:"64" doc:"Ties the track to one asset's timeline and frame rate"`
	RawBody  []byte `contentType:"application/octet-stream" doc:"The subtitle file, up to 10 MiB"`
}

// SubtitleTrackOutput is one track (without cues).
type SubtitleTrackOutput struct {
	ETag     string `header:"ETag"`
	Location string `header:"Location"`
	Body     *subtitles.Track
}

// SubtitleListOutput lists a title's tracks.
type SubtitleListOutput struct {
	Body struct {
		Items []*subtitles.Track `json:"items"`
	}
}

// SubtitleGetInput names a track and an optional export format.
type SubtitleGetInput struct {
	ID     string `path:"id" maxLength:"64"`
	Format string `query:"format" enum:"srt,vtt,ttml," doc:"Export as a file (UTF-8; SRT with CRLF); without it the track as JSON with its cues"`
}

// SubtitleGetOutput is the track as JSON (SubtitleTrackBody) or a file.
type SubtitleGetOutput struct {
	ETag               string `header:"ETag"`
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	Body               any
}

// SubtitleIDInput names a track.
type SubtitleIDInput struct {
	ID string `path:"id" maxLength:"64"`
}

// SubtitleCuesInput changes cues under If-Match.
type SubtitleCuesInput struct {
	ID      string `path:"id" maxLength:"64"`
	IfMatch string `header:"If-Match" doc:"The track's ETag (\"v3\"); a stale one is refused with 412"`
	Body    struct {
		Cues []SubtitleCueInput `json:"cues" maxItems:"20000"`
	}
}

// SubtitleCuesOutput is the track after a change, with its cues.
type SubtitleCuesOutput struct {
	ETag string `header:"ETag"`
	Body SubtitleTrackBody
}

// SubtitleQCOutput is a QC result.
type SubtitleQCOutput struct {
	Body *subtitles.QC
}

func registerSubtitles(api *API, r chi.Router) {
	if api.deps.Subtitles == nil {
		return
	}
	svc := api.deps.Subtitles
	tags := []string{"subtitles"}
	huma.Register(api, huma.Operation{
		OperationID: "import-subtitles", Method: http.MethodPost, Path: "/api/v1/titles/{id}/subtitles", DefaultStatus: http.StatusCreated,
		Summary: "Import a subtitle file as a new track",
		Description: "SRT, WebVTT, TTML/IMSC 1.1 Text, EBU-TT-D or EBU STL (Latin) as the body. The encoding is detected from " +
			"the bytes and the language (or given as encoding=); an ambiguous or undecodable file is refused with 422 naming " +
			"the line. QC runs at once; the answer carries its result and the number of cues. Editors and admins of the " +
			"title's owner, producers, the owner's partners and active licensees may add tracks; the uploader owns the track.",
		Tags: tags, Security: secured, MaxBodyBytes: subtitles.MaxFileSize,
	}, func(ctx context.Context, in *SubtitleImportInput) (*SubtitleTrackOutput, error) {
		t, err := svc.Import(ctx, subtitles.ImportRequest{TitleID: in.ID, Language: in.Language, Usage: in.Usage,
			Format: in.Format, Encoding: in.Encoding, AssetID: in.Asset}, in.RawBody)
		if err != nil {
			return nil, api.subtitleError(ctx, err)
		}
		return &SubtitleTrackOutput{ETag: catalog.ETag(int64(t.Version)), Location: "/api/v1/subtitles/" + t.ID, Body: t}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "list-subtitles", Method: http.MethodGet, Path: "/api/v1/titles/{id}/subtitles",
		Summary: "List a title's subtitle tracks", Tags: tags, Security: secured,
	}, func(ctx context.Context, in *AssetTitleInput) (*SubtitleListOutput, error) {
		items, err := svc.List(ctx, in.ID)
		if err != nil {
			return nil, api.subtitleError(ctx, err)
		}
		out := &SubtitleListOutput{}
		out.Body.Items = items
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "get-subtitles", Method: http.MethodGet, Path: "/api/v1/subtitles/{id}",
		Summary:     "Get a subtitle track with its cues, or export it (format=srt|vtt|ttml)",
		Description: "Without format: JSON, the track with cue_list. With format: the file, UTF-8 (SRT with CRLF line ends).",
		Tags:        tags, Security: secured,
	}, func(ctx context.Context, in *SubtitleGetInput) (*SubtitleGetOutput, error) {
		t, err := svc.Get(ctx, in.ID)
		if err != nil {
			return nil, api.subtitleError(ctx, err)
		}
		out := &SubtitleGetOutput{ETag: catalog.ETag(int64(t.Version))}
		if in.Format == "" {
			out.Body = trackBody(t)
			return out, nil
		}
		data, ctype, err := Export(t, in.Format)
		if err != nil {
			return nil, api.subtitleError(ctx, err)
		}
		out.ContentType = ctype
		out.ContentDisposition = `attachment; filename="` + t.ID + "." + t.Language + "." + in.Format + `"`
		out.Body = data
		return out, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "check-subtitles", Method: http.MethodGet, Path: "/api/v1/subtitles/{id}/qc",
		Summary:     "Run QC on a track again",
		Description: "With the owner organisation's current rules for the track's language and its asset's frame rate (25 fps without one).",
		Tags:        tags, Security: secured,
	}, func(ctx context.Context, in *SubtitleIDInput) (*SubtitleQCOutput, error) {
		q, err := svc.CheckTrack(ctx, in.ID)
		if err != nil {
			return nil, api.subtitleError(ctx, err)
		}
		return &SubtitleQCOutput{Body: q}, nil
	})
	huma.Register(api, huma.Operation{
		OperationID: "delete-subtitles", Method: http.MethodDelete, Path: "/api/v1/subtitles/{id}", DefaultStatus: http.StatusNoContent,
		Summary: "Delete a subtitle track (the uploader's editors and admins)", Tags: tags, Security: secured,
	}, func(ctx context.Context, in *SubtitleIDInput) (*struct{}, error) {
		if err := svc.Delete(ctx, in.ID); err != nil {
			return nil, api.subtitleError(ctx, err)
		}
		return nil, nil
	})
	for _, op := range []struct {
		method, id, summary string
		patch               bool
	}{
		{http.MethodPut, "replace-subtitle-cues", "Replace all cues of a track (numbered in the order sent)", false},
		{http.MethodPatch, "patch-subtitle-cues", "Change single cues of a track, named by index", true},
	} {
		huma.Register(api, huma.Operation{
			OperationID: op.id, Method: op.method, Path: "/api/v1/subtitles/{id}/cues", Summary: op.summary,
			Description: "Needs If-Match with the track's ETag; QC runs again over the whole track.",
			Tags:        tags, Security: secured, MaxBodyBytes: 4 * subtitles.MaxFileSize,
		}, func(ctx context.Context, in *SubtitleCuesInput) (*SubtitleCuesOutput, error) {
			version, ok := parseVersion(in.IfMatch)
			if !ok {
				return nil, Problem(apperr.New(apperr.PreconditionFailed, "If-Match must be the track's ETag, such as \"v3\""))
			}
			cues, err := cuesFromInput(in.Body.Cues, op.patch)
			if err != nil {
				return nil, api.subtitleError(ctx, err)
			}
			var t *subtitles.Track
			if op.patch {
				t, err = svc.PatchCues(ctx, in.ID, version, cues)
			} else {
				t, err = svc.ReplaceCues(ctx, in.ID, version, cues)
			}
			if err != nil {
				return nil, api.subtitleError(ctx, err)
			}
			return &SubtitleCuesOutput{ETag: catalog.ETag(int64(t.Version)), Body: trackBody(t)}, nil
		})
	}
	registerSubtitleRules(api)
	api.mountSubtitleHLS(r)
}

// Export renders a track as a file: its bytes and content type.
func Export(t *subtitles.Track, format string) ([]byte, string, error) {
	switch format {
	case "srt":
		return subtitles.WriteSRT(t.Cues), "application/x-subrip; charset=utf-8", nil
	case "vtt":
		return subtitles.WriteVTT(t.Cues), "text/vtt; charset=utf-8", nil
	case "ttml":
		b, err := subtitles.WriteTTML(t.Cues, t.Language)
		return b, "application/ttml+xml; charset=utf-8", err
	}
	return nil, "", apperr.New(apperr.Invalid, "format must be srt, vtt or ttml")
}

func trackBody(t *subtitles.Track) SubtitleTrackBody {
	b := SubtitleTrackBody{Track: t, CueList: make([]SubtitleCue, len(t.Cues))}
	for i, c := range t.Cues {
		b.CueList[i] = SubtitleCue{Index: c.Index, Start: subtitles.Timecode(c.Start, "."), End: subtitles.Timecode(c.End, "."),
			StartMs: c.Start.Milliseconds(), EndMs: c.End.Milliseconds(), Lines: c.Lines, Flags: c.Flags}
	}
	return b
}

func cuesFromInput(in []SubtitleCueInput, patch bool) ([]subtitles.Cue, error) {
	out := make([]subtitles.Cue, len(in))
	for i, c := range in {
		field := "cues[" + strconv.Itoa(i) + "]"
		start, ok1 := cueTime(c.Start, c.StartMs)
		end, ok2 := cueTime(c.End, c.EndMs)
		if !ok1 || !ok2 {
			f := apperr.Fields{}
			f.Add(field, "start and end are required, as HH:MM:SS.mmm or start_ms/end_ms")
			return nil, f.Err()
		}
		if patch && c.Index < 1 {
			f := apperr.Fields{}
			f.Add(field+".index", "index names the cue to change (1-based)")
			return nil, f.Err()
		}
		lines := c.Lines
		if lines == nil {
			lines = []string{}
		}
		out[i] = subtitles.Cue{Index: c.Index, Start: start, End: end, Lines: lines, Flags: c.Flags}
	}
	return out, nil
}

func cueTime(s string, ms *int64) (time.Duration, bool) {
	if s != "" {
		return subtitles.ParseTimecode(s)
	}
	if ms == nil || *ms < 0 || *ms > int64(subtitles.MaxTime/time.Millisecond) {
		return 0, false
	}
	return time.Duration(*ms) * time.Millisecond, true
}

// parseVersion reads If-Match: "v3" or 3; a weak tag (W/"v3") never
// satisfies If-Match (strong comparison, RFC 9110 §13.1.1).
func parseVersion(h string) (int, bool) {
	n, ok := entitytag.ParseVersion(h)
	return int(n), ok && n <= 1<<31-1
}

// subtitleError renders a subtitle error: a file over the limit is 413.
func (a *API) subtitleError(ctx context.Context, err error) error {
	var ae *apperr.Error
	if errors.As(err, &ae) && ae.Code == subtitles.CodeTooLarge {
		pe := Problem(&apperr.Error{Code: apperr.Invalid, Message: ae.Message}).(*ProblemError)
		pe.Status, pe.Title, pe.Code = http.StatusRequestEntityTooLarge, http.StatusText(http.StatusRequestEntityTooLarge), string(subtitles.CodeTooLarge)
		return pe
	}
	return a.internal(ctx, err)
}
