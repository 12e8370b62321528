package translation

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/langtag"
	"github.com/silkbridge/silkbridge/internal/subtitles"
)

// Error codes (FieldError.Code or apperr code) clients word themselves.
const (
	CodeAssignee      = "translation.assignee"       // assignee
	CodeLanguage      = "translation.language"       // language
	CodeDue           = "translation.due"            //
	CodeState         = "translation.state"          // status
	CodeIncomplete    = "translation.incomplete"     // missing
	CodeMachine       = "translation.machine"        // machine
	CodeCue           = "translation.cue"            // cue
	CodeTerm          = "translation.term"           //
	CodeMTUnavailable = "translation.mt_unavailable" // 503: no provider configured
	CodeMTFailed      = "translation.mt_failed"      // 502: the provider failed
)

// MTUnavailable and MTFailed are the apperr codes of machine drafts that
// cannot be made; the API answers 503 and 502.
const (
	MTUnavailable apperr.Code = CodeMTUnavailable
	MTFailed      apperr.Code = CodeMTFailed
)

// Translator is a machine-translation provider (mt.Client).
type Translator interface {
	Translate(ctx context.Context, texts []string, source, target string) ([]string, error)
}

// PartnerLister lists an organisation's partners (the store).
type PartnerLister interface {
	OrgPartners(ctx context.Context, org string) ([]string, error)
}

// Service applies the task rules.
//
// Who may do what:
//   - create a task: editors and admins of an organisation that may read
//     the source track's title; the assignee is the organisation itself
//     or one of its partners;
//   - read a task, its cues and its QC: members of either party;
//   - edit cues, make a machine draft, start and submit: editors and
//     admins of the assignee;
//   - approve and request changes: editors and admins of the requester.
type Service struct {
	store    Store
	tracks   *subtitles.Service
	partners PartnerLister
	mt       Translator
	now      func() time.Time
}

// NewService returns the task service; mt may be nil (no machine drafts).
func NewService(store Store, tracks *subtitles.Service, partners PartnerLister, mt Translator) *Service {
	return &Service{store: store, tracks: tracks, partners: partners, mt: mt, now: time.Now}
}

// HasMT reports whether machine drafts can be made.
func (s *Service) HasMT() bool { return s.mt != nil }

// CreateRequest asks for a translation.
type CreateRequest struct {
	TargetLanguage string
	Assignee       string
	Due            string
}

// Create opens a task translating track sourceID; its draft starts with
// the source's cues' timings and no text.
func (s *Service) Create(ctx context.Context, sourceID string, in CreateRequest) (*Task, error) {
	p, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	if err := p.RequireWrite(); err != nil {
		return nil, err
	}
	src, err := s.tracks.Get(ctx, sourceID)
	if err != nil {
		return nil, err
	}
	var f apperr.Fields
	target, err := langtag.Canonical(in.TargetLanguage)
	if err != nil {
		f = append(f, apperr.FieldError{Field: "target_language", Code: CodeLanguage, Params: map[string]any{"language": in.TargetLanguage},
			Message: "target_language must be a BCP-47 tag such as ru"})
	} else if strings.EqualFold(target, src.Language) {
		f = append(f, apperr.FieldError{Field: "target_language", Code: CodeLanguage, Params: map[string]any{"language": target},
			Message: "the target language is the track's own language"})
	}
	if in.Assignee == "" || (in.Assignee != p.Org && !s.isPartner(ctx, p.Org, in.Assignee)) {
		f = append(f, apperr.FieldError{Field: "assignee", Code: CodeAssignee, Params: map[string]any{"assignee": in.Assignee},
			Message: "the assignee must be your organisation or one of its partners"})
	}
	if in.Due != "" {
		if _, err := time.Parse(time.DateOnly, in.Due); err != nil {
			f = append(f, apperr.FieldError{Field: "due", Code: CodeDue, Message: "due must be a date, YYYY-MM-DD"})
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	now := s.now().UTC().Truncate(time.Microsecond)
	t := &Task{ID: subtitles.NewID(), SourceTrackID: src.ID, TitleID: src.TitleID, Requester: p.Org, Assignee: in.Assignee,
		SourceLanguage: src.Language, TargetLanguage: target, Due: in.Due, Status: Open, Version: 1, CueCount: len(src.Cues),
		CreatedBy: p.Name, CreatedAt: now, UpdatedAt: now}
	t.Cues = make([]subtitles.Cue, len(src.Cues))
	for i, c := range src.Cues {
		t.Cues[i] = subtitles.Cue{Index: c.Index, Start: c.Start, End: c.End, Lines: []string{}}
	}
	if err := s.store.TranslationCreate(ctx, t); err != nil {
		return nil, err
	}
	return t, nil
}

func (s *Service) isPartner(ctx context.Context, org, other string) bool {
	if s.partners == nil {
		return false
	}
	ps, err := s.partners.OrgPartners(ctx, org)
	return err == nil && slices.Contains(ps, other)
}

// List returns the tasks the caller's organisation is party to,
// optionally of one source track or title.
func (s *Service) List(ctx context.Context, sourceTrackID, titleID string) ([]*Task, error) {
	p, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	return s.store.TranslationList(ctx, ListParams{Org: p.Org, SourceTrackID: sourceTrackID, TitleID: titleID})
}

// Get returns a task with its draft cues, for members of either party.
func (s *Service) Get(ctx context.Context, id string) (*Task, error) {
	p, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	t, err := s.store.TranslationGet(ctx, id)
	if err != nil {
		return nil, err
	}
	if p.Org != t.Requester && p.Org != t.Assignee {
		return nil, apperr.New(apperr.NotFound, "translation %q not found", id)
	}
	return t, nil
}

// Source returns the task's source track with its cues. A party of the task
// reads it through the task, even when the assignee could not read the
// title by itself.
func (s *Service) Source(ctx context.Context, t *Task) (*subtitles.Track, error) {
	return s.tracks.Store().SubtitleGet(ctx, t.SourceTrackID)
}

// QC checks the draft: the requester's rules for the target language
// (the track will be theirs) and the pair's glossary. Cues not yet
// translated are left out, so a fresh draft is not a wall of "empty".
func (s *Service) QC(ctx context.Context, t *Task, src *subtitles.Track) (*subtitles.QC, error) {
	rules, err := s.tracks.Store().SubtitleRules(ctx, t.Requester)
	if err != nil {
		return nil, err
	}
	var done []subtitles.Cue
	for _, c := range t.Cues {
		if hasText(c.Lines) {
			done = append(done, c)
		}
	}
	q := subtitles.Check(done, subtitles.RulesFor(t.TargetLanguage, rules), subtitles.DefaultFrameRate)
	a, b := Pair(t.Requester, t.Assignee)
	terms, err := s.store.GlossaryList(ctx, a, b)
	if err != nil {
		return nil, err
	}
	if gi := GlossaryIssues(src.Cues, t.Cues, terms, t.SourceLanguage, t.TargetLanguage); len(gi) > 0 {
		q.Issues = append(q.Issues, gi...)
		q.Passed = false
	}
	return q, nil
}

// CueEdit changes one target cue. Start and End, when nil, stay as they
// are (the source's timing unless changed before). Confirm accepts a
// machine-made cue as it is.
type CueEdit struct {
	Index   int
	Lines   []string
	Start   *time.Duration
	End     *time.Duration
	Confirm bool
}

// assigneeTask returns the task if the caller is a writer of its assignee
// and the draft may still change; an open task or one with changes
// requested moves to in_progress (returned as the status to set).
func (s *Service) assigneeTask(ctx context.Context, id string) (*Task, *auth.Principal, Status, error) {
	t, err := s.Get(ctx, id)
	if err != nil {
		return nil, nil, "", err
	}
	p, err := auth.RequireWriterOf(ctx, t.Assignee, "only %s, the assignee, translates this track", t.Assignee)
	if err != nil {
		return nil, nil, "", err
	}
	switch t.Status {
	case InProgress:
		return t, p, "", nil
	case Open, ChangesRequested:
		return t, p, InProgress, nil
	}
	return nil, nil, "", stateError(t, "the translation is %s; its cues no longer change", t.Status)
}

// EditCues changes target cues if the task is still at version.
func (s *Service) EditCues(ctx context.Context, id string, version int, edits []CueEdit) (*Task, error) {
	t, p, next, err := s.assigneeTask(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := checkVersion(t, version); err != nil {
		return nil, err
	}
	if len(edits) == 0 || len(edits) > subtitles.MaxCues {
		return nil, cueError("cues", 0, "send 1–%d cues", subtitles.MaxCues)
	}
	changed := make([]subtitles.Cue, 0, len(edits))
	for i, e := range edits {
		field := "cues[" + itoa(i) + "]"
		if e.Index < 1 || e.Index > len(t.Cues) {
			return nil, cueError(field+".index", e.Index, "cue %d does not exist (the draft has %d)", e.Index, len(t.Cues))
		}
		c := t.Cues[e.Index-1]
		if e.Lines != nil {
			if err := validLines(field, e.Index, e.Lines); err != nil {
				return nil, err
			}
			if !slices.Equal(trimmed(e.Lines), trimmed(c.Lines)) {
				c.Lines = trimmed(e.Lines)
				delete(c.Flags, FlagMachine) // a person edited it
			}
		}
		if e.Confirm {
			delete(c.Flags, FlagMachine)
		}
		if e.Start != nil {
			c.Start = *e.Start
		}
		if e.End != nil {
			c.End = *e.End
		}
		if c.Start < 0 || c.End < c.Start || c.End >= subtitles.MaxTime {
			return nil, cueError(field, e.Index, "cue %d: times must be within 0–24 hours and end after the start", e.Index)
		}
		if len(c.Flags) == 0 {
			c.Flags = nil
		}
		t.Cues[e.Index-1] = c
		changed = append(changed, c)
	}
	u := Update{Cues: changed, Event: EventCuesChanged, Org: p.Org, Actor: p.Name, At: s.now().UTC()}
	if next != "" {
		u.Status, u.Event = next, EventStarted
	}
	return s.store.TranslationUpdate(ctx, id, version, u)
}

// Start moves an open task (or one with changes requested) to in_progress.
func (s *Service) Start(ctx context.Context, id string, version int) (*Task, error) {
	t, p, next, err := s.assigneeTask(ctx, id)
	if err != nil {
		return nil, err
	}
	if next == "" {
		return nil, stateError(t, "the translation is already in progress")
	}
	return s.move(ctx, t, version, Update{Status: InProgress, Event: EventStarted, Org: p.Org, Actor: p.Name})
}

// Submit hands the draft to the requester for review. Every cue must have
// text, and no machine-made cue may be left unconfirmed.
func (s *Service) Submit(ctx context.Context, id string, version int) (*Task, error) {
	t, p, _, err := s.assigneeTask(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := complete(t); err != nil {
		return nil, err
	}
	return s.move(ctx, t, version, Update{Status: InReview, Event: EventSubmitted, Org: p.Org, Actor: p.Name})
}

func complete(t *Task) error {
	t.Count()
	if missing := len(t.Cues) - t.Translated; missing > 0 {
		return &apperr.Error{Code: apperr.Invalid, Message: "cues without a translation: " + itoa(missing),
			Fields: []apperr.FieldError{{Field: "cues", Code: CodeIncomplete, Params: map[string]any{"missing": missing},
				Message: itoa(missing) + " cues have no translation yet"}}}
	}
	if t.MachineCues > 0 {
		return &apperr.Error{Code: apperr.Invalid, Message: "machine-made cues not confirmed: " + itoa(t.MachineCues),
			Fields: []apperr.FieldError{{Field: "cues", Code: CodeMachine, Params: map[string]any{"machine": t.MachineCues},
				Message: itoa(t.MachineCues) + " machine-made cues are not yet edited or confirmed by a person"}}}
	}
	return nil
}

// requesterTask returns a task in review if the caller is a writer of its
// requester.
func (s *Service) requesterTask(ctx context.Context, id string) (*Task, *auth.Principal, error) {
	t, err := s.Get(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	p, err := auth.RequireWriterOf(ctx, t.Requester, "only %s, which asked for the translation, reviews it", t.Requester)
	if err != nil {
		return nil, nil, err
	}
	if t.Status != InReview {
		return nil, nil, stateError(t, "the translation is %s, not in review", t.Status)
	}
	return t, p, nil
}

// Approve accepts the draft: a new track in the target language is created
// for the requester (it asked for the translation and answers for it from
// now on; the audit trail names the assignee that delivered it). The track
// keeps the source's usage and asset, so it joins the same preview.
func (s *Service) Approve(ctx context.Context, id string, version int) (*Task, error) {
	t, p, err := s.requesterTask(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := complete(t); err != nil {
		return nil, err
	}
	src, err := s.Source(ctx, t)
	if err != nil {
		return nil, err
	}
	rules, err := s.tracks.Store().SubtitleRules(ctx, t.Requester)
	if err != nil {
		return nil, err
	}
	now := s.now().UTC().Truncate(time.Microsecond)
	cues := make([]subtitles.Cue, len(t.Cues))
	for i, c := range t.Cues {
		c.Flags = nil
		cues[i] = c
	}
	tr := &subtitles.Track{ID: subtitles.NewID(), TitleID: t.TitleID, Org: t.Requester, Language: t.TargetLanguage, Usage: src.Usage,
		Format: src.Format, Encoding: "utf-8", AssetID: src.AssetID, Cues: cues, CueCount: len(cues),
		QC: subtitles.Check(cues, subtitles.RulesFor(t.TargetLanguage, rules), subtitles.DefaultFrameRate), Version: 1,
		CreatedBy: p.Name, CreatedAt: now, UpdatedAt: now}
	return s.move(ctx, t, version, Update{Status: Approved, Event: EventApproved, Result: tr, Org: p.Org, Actor: p.Name})
}

// RequestChanges sends the draft back to the assignee with a note.
func (s *Service) RequestChanges(ctx context.Context, id string, version int, message string) (*Task, error) {
	t, p, err := s.requesterTask(ctx, id)
	if err != nil {
		return nil, err
	}
	message = strings.TrimSpace(message)
	if len(message) > 2000 {
		return nil, cueError("message", 0, "the note is longer than 2000 bytes")
	}
	return s.move(ctx, t, version, Update{Status: ChangesRequested, Event: EventChangesRequested, Message: &message, Org: p.Org, Actor: p.Name})
}

// move applies a transition; version 0 means "the task as just read"
// (transitions are one click; the state check guards them).
func (s *Service) move(ctx context.Context, t *Task, version int, u Update) (*Task, error) {
	if version == 0 {
		version = t.Version
	}
	if err := checkVersion(t, version); err != nil {
		return nil, err
	}
	u.At = s.now().UTC()
	return s.store.TranslationUpdate(ctx, t.ID, version, u)
}

// MachineDraft fills the draft's empty cues from the provider, the pair's
// glossary terms put in first; each filled cue is marked machine-made.
// It returns the task and how many cues it filled.
func (s *Service) MachineDraft(ctx context.Context, id string, version int) (*Task, int, error) {
	if s.mt == nil {
		return nil, 0, apperr.New(MTUnavailable, "machine translation is not configured on this server")
	}
	t, p, next, err := s.assigneeTask(ctx, id)
	if err != nil {
		return nil, 0, err
	}
	if version == 0 {
		version = t.Version
	}
	if err := checkVersion(t, version); err != nil {
		return nil, 0, err
	}
	src, err := s.Source(ctx, t)
	if err != nil {
		return nil, 0, err
	}
	a, b := Pair(t.Requester, t.Assignee)
	all, err := s.store.GlossaryList(ctx, a, b)
	if err != nil {
		return nil, 0, err
	}
	terms := termsFor(all, t.SourceLanguage, t.TargetLanguage)
	var idx []int
	var texts []string
	for i, c := range t.Cues {
		if !hasText(c.Lines) && i < len(src.Cues) && hasText(src.Cues[i].Lines) {
			idx = append(idx, i)
			texts = append(texts, protect(src.Cues[i].Text(), terms))
		}
	}
	if len(idx) == 0 {
		return t, 0, nil
	}
	out, err := s.mt.Translate(ctx, texts, t.SourceLanguage, t.TargetLanguage)
	if err != nil {
		return nil, 0, apperr.New(MTFailed, "machine translation failed: %v", err)
	}
	changed := make([]subtitles.Cue, 0, len(idx))
	for n, i := range idx {
		c := t.Cues[i]
		c.Lines = splitLines(out[n])
		if err := validLines("cues", c.Index, c.Lines); err != nil {
			return nil, 0, apperr.New(MTFailed, "machine translation returned unusable text for cue %d", c.Index)
		}
		c.Flags = map[string]bool{FlagMachine: true}
		changed = append(changed, c)
	}
	u := Update{Cues: changed, Event: EventCuesChanged, Org: p.Org, Actor: p.Name, At: s.now().UTC()}
	if next != "" {
		u.Status, u.Event = next, EventStarted
	}
	saved, err := s.store.TranslationUpdate(ctx, id, version, u)
	return saved, len(changed), err
}

func splitLines(s string) []string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	if out == nil {
		out = []string{}
	}
	return out
}

func trimmed(lines []string) []string {
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		if l = strings.TrimRight(l, " \t"); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func validLines(field string, cue int, lines []string) error {
	if len(lines) > 20 {
		return cueError(field, cue, "cue %d has more than 20 lines", cue)
	}
	for _, l := range lines {
		if len(l) > 2000 {
			return cueError(field, cue, "cue %d: a line is longer than 2000 bytes", cue)
		}
		for _, r := range l {
			if r == unicode.ReplacementChar || (unicode.IsControl(r) && r != '\t') || r == '\u2028' || r == '\u2029' {
				return cueError(field, cue, "cue %d: a line holds a line break or control character", cue)
			}
		}
	}
	return nil
}

func cueError(field string, cue int, format string, args ...any) error {
	e := apperr.New(apperr.Invalid, format, args...)
	e.Fields = []apperr.FieldError{{Field: field, Code: CodeCue, Params: map[string]any{"cue": cue}, Message: e.Message}}
	return e
}

func stateError(t *Task, format string, args ...any) error {
	e := apperr.New(apperr.Conflict, format, args...)
	e.Fields = []apperr.FieldError{{Field: "status", Code: CodeState, Params: map[string]any{"status": string(t.Status)}, Message: e.Message}}
	return e
}

func checkVersion(t *Task, version int) error {
	if version <= 0 {
		return apperr.New(apperr.PreconditionFailed, "send If-Match with the translation's version (%d)", t.Version)
	}
	if version != t.Version {
		return apperr.New(apperr.PreconditionFailed, "the translation changed (version %d, not %d); reload it and apply your change again", t.Version, version)
	}
	return nil
}

func itoa(i int) string { return strconv.Itoa(i) }
