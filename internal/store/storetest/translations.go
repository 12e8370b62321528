package storetest

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/audit"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/licensing"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/subtitles"
	"github.com/silkbridge/silkbridge/internal/translation"
)

func init() { Register("Translations", exerciseTranslations) }

// fakeMT "translates" by marking each text, and records what it was sent.
type fakeMT struct {
	mu   sync.Mutex
	sent []string
	fail bool
}

func (f *fakeMT) Translate(_ context.Context, texts []string, source, target string) ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail {
		return nil, errors.New("provider down")
	}
	f.sent = append(f.sent, texts...)
	out := make([]string, len(texts))
	for i, t := range texts {
		out[i] = "[" + target + "] " + t
	}
	return out, nil
}

func exerciseTranslations(t *testing.T, open func(t testing.TB) *store.DB) {
	t.Run("TaskFromRequestToApprovedTrack", func(t *testing.T) { translationFlow(t, open(t)) })
	t.Run("WhoMayDoWhat", func(t *testing.T) { translationPermissions(t, open(t)) })
	t.Run("GlossaryOfAPair", func(t *testing.T) { translationGlossary(t, open(t)) })
}

type translationFixture struct {
	db    *store.DB
	subs  *subtitles.Service
	svc   *translation.Service
	mt    *fakeMT
	track *subtitles.Track
}

func newTranslationFixture(t *testing.T, db *store.DB) *translationFixture {
	t.Helper()
	s := NewServices(db)
	SeedOrgs(t, s)
	subs := subtitles.NewService(db, s.Catalog, db, nil, nil)
	film, err := s.Catalog.Create(As("cmg", auth.RoleEditor), TitleFields("Detective Chinatown", catalog.VisibilityPartners))
	if err != nil {
		t.Fatal(err)
	}
	tr, err := subs.Import(As("cmg", auth.RoleEditor), subtitles.ImportRequest{TitleID: film.ID, Language: "zh-Hans"}, []byte(SubtitleSRT))
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeMT{}
	return &translationFixture{db: db, subs: subs, svc: translation.NewService(db, subs, db, f), mt: f, track: tr}
}

func (x *translationFixture) create(t *testing.T) *translation.Task {
	t.Helper()
	task, err := x.svc.Create(As("cmg", auth.RoleEditor), x.track.ID, translation.CreateRequest{TargetLanguage: "ru", Assignee: "vgtrk", Due: "2025-08-15"})
	if err != nil {
		t.Fatal(err)
	}
	return task
}

func translationFlow(t *testing.T, db *store.DB) {
	x := newTranslationFixture(t, db)
	hook := hooks(t, db)
	cmg, vgtrk := As("cmg", auth.RoleEditor), As("vgtrk", auth.RoleEditor)
	if _, err := x.svc.PutTerm(vgtrk, "cmg", translation.Term{SourceLanguage: "zh", TargetLanguage: "ru", Source: "唐人街", Target: "Чайнатаун"}); err != nil {
		t.Fatal(err)
	}
	task := x.create(t)
	if task.Status != translation.Open || task.Version != 1 || task.CueCount != 3 || task.Requester != "cmg" || task.Assignee != "vgtrk" ||
		task.SourceLanguage != "zh-Hans" || task.TargetLanguage != "ru" || task.Due != "2025-08-15" {
		t.Fatalf("created %+v", task)
	}
	got, err := x.svc.Get(vgtrk, task.ID)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range got.Cues {
		if c.Start != x.track.Cues[i].Start || c.End != x.track.Cues[i].End || len(c.Lines) != 0 || c.Index != i+1 {
			t.Errorf("draft cue %d %+v: not aligned to %+v", i+1, c, x.track.Cues[i])
		}
	}

	// A machine draft fills every cue, the glossary term put in first.
	drafted, n, err := x.svc.MachineDraft(vgtrk, task.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 || drafted.Status != translation.InProgress || drafted.MachineCues != 3 || drafted.Translated != 3 || drafted.Version != 2 {
		t.Fatalf("draft filled %d: %+v", n, drafted)
	}
	if !strings.Contains(x.mt.sent[1], "Чайнатаун") || strings.Contains(x.mt.sent[1], "唐人街") {
		t.Errorf("glossary not applied before MT: %q", x.mt.sent[1])
	}
	if !drafted.Cues[0].Flags[translation.FlagMachine] || drafted.Cues[1].Lines[0] != "[ru] "+x.mt.sent[1] {
		t.Errorf("draft cues %+v", drafted.Cues)
	}
	// A second draft fills nothing: no cue is empty.
	if _, n, err := x.svc.MachineDraft(vgtrk, task.ID, 2); err != nil || n != 0 {
		t.Errorf("second draft filled %d: %v", n, err)
	}
	// Unconfirmed machine cues block submission.
	if _, err := x.svc.Submit(vgtrk, task.ID, 2); !isCode(err, translation.CodeMachine) {
		t.Errorf("submit with machine cues: %v", err)
	}
	// Two translators: the second, on the old version, gets 412.
	edited, err := x.svc.EditCues(vgtrk, task.ID, 2, []translation.CueEdit{{Index: 1, Lines: []string{"До завтра."}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := x.svc.EditCues(vgtrk, task.ID, 2, []translation.CueEdit{{Index: 1, Lines: []string{"Увидимся завтра."}}}); !apperr.Is(err, apperr.PreconditionFailed) {
		t.Errorf("stale edit: %v", err)
	}
	if edited.Cues[0].Flags[translation.FlagMachine] || edited.MachineCues != 2 || edited.Cues[0].Lines[0] != "До завтра." {
		t.Errorf("edited cue still machine-made: %+v", edited.Cues[0])
	}
	// Cue 2 loses the glossary term: QC flags it.
	edited, err = x.svc.EditCues(vgtrk, task.ID, edited.Version, []translation.CueEdit{{Index: 2, Lines: []string{"Ты знаешь китайский квартал?"}}, {Index: 3, Confirm: true}})
	if err != nil {
		t.Fatal(err)
	}
	src, _ := x.svc.Source(vgtrk, edited)
	qc, err := x.svc.QC(vgtrk, edited, src)
	if err != nil {
		t.Fatal(err)
	}
	if i := slices.IndexFunc(qc.Issues, func(is subtitles.Issue) bool { return is.Rule == translation.RuleGlossary }); i < 0 ||
		qc.Issues[i].Cue != 2 || qc.Issues[i].Term != "Чайнатаун" || qc.Passed {
		t.Errorf("glossary issue missing: %+v", qc.Issues)
	}
	edited, err = x.svc.EditCues(vgtrk, task.ID, edited.Version, []translation.CueEdit{{Index: 2, Lines: []string{"Знаешь Чайнатаун?"}}})
	if err != nil {
		t.Fatal(err)
	}
	qc, _ = x.svc.QC(vgtrk, edited, src)
	if slices.ContainsFunc(qc.Issues, func(is subtitles.Issue) bool { return is.Rule == translation.RuleGlossary }) {
		t.Errorf("glossary issue after the fix: %+v", qc.Issues)
	}
	if edited.MachineCues != 0 || edited.Cues[2].Flags != nil {
		t.Errorf("confirm left machine marks: %+v", edited)
	}
	// Retiming a cue keeps the change.
	end := x.track.Cues[2].End + 500_000_000
	edited, err = x.svc.EditCues(vgtrk, task.ID, edited.Version, []translation.CueEdit{{Index: 3, End: &end}})
	if err != nil || edited.Cues[2].End != end || edited.Cues[2].Start != x.track.Cues[2].Start {
		t.Fatalf("retime: %+v %v", edited, err)
	}

	sub, err := x.svc.Submit(vgtrk, task.ID, edited.Version)
	if err != nil || sub.Status != translation.InReview {
		t.Fatalf("submit: %+v %v", sub, err)
	}
	if _, err := x.svc.EditCues(vgtrk, task.ID, sub.Version, []translation.CueEdit{{Index: 1, Lines: []string{"x"}}}); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("edit in review: %v", err)
	}
	back, err := x.svc.RequestChanges(cmg, task.ID, sub.Version, "cue 1: «до завтра» is too casual")
	if err != nil || back.Status != translation.ChangesRequested || back.Message == "" {
		t.Fatalf("changes requested: %+v %v", back, err)
	}
	again, err := x.svc.EditCues(vgtrk, task.ID, back.Version, []translation.CueEdit{{Index: 1, Lines: []string{"Встретимся завтра."}}})
	if err != nil || again.Status != translation.InProgress {
		t.Fatalf("edit after changes requested: %+v %v", again, err)
	}
	if sub, err = x.svc.Submit(vgtrk, task.ID, again.Version); err != nil {
		t.Fatal(err)
	}
	done, err := x.svc.Approve(cmg, task.ID, sub.Version)
	if err != nil || done.Status != translation.Approved || done.ResultTrackID == "" {
		t.Fatalf("approve: %+v %v", done, err)
	}
	if _, err := x.svc.Approve(cmg, task.ID, done.Version); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("second approval: %v", err)
	}
	ru, err := x.subs.Get(vgtrk, done.ResultTrackID)
	if err != nil {
		t.Fatal(err)
	}
	if ru.Org != "cmg" || ru.Language != "ru" || ru.TitleID != x.track.TitleID || len(ru.Cues) != 3 || ru.Cues[0].Lines[0] != "Встретимся завтра." ||
		ru.Cues[2].End != end || ru.Cues[1].Flags != nil || ru.Encoding != "utf-8" {
		t.Errorf("result track %+v cues %+v", ru, ru.Cues)
	}
	list, err := x.subs.List(cmg, x.track.TitleID)
	if err != nil || len(list) != 2 {
		t.Errorf("title tracks %d: %v", len(list), err)
	}

	// Both sides heard of each step; each was told of the other's moves.
	for org, want := range map[string][]string{
		"cmg":   {translation.EventStarted, translation.EventSubmitted},
		"vgtrk": {translation.EventCreated, translation.EventChangesRequested, translation.EventApproved},
	} {
		ns, err := db.NotificationList(context.Background(), licensing.NotificationParams{Org: org, Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string]bool{}
		for _, n := range ns {
			kinds[n.Kind] = true
			if n.TitleID != x.track.TitleID || n.From == org {
				t.Errorf("notification %+v", n)
			}
		}
		for _, k := range want {
			if !kinds[k] {
				t.Errorf("%s not notified of %s: %v", org, k, kinds)
			}
		}
	}
	for _, org := range []string{"cmg", "vgtrk"} {
		types := deliveredTypes(t, db, hook[org])
		if types[translation.EventCreated] != 1 || types[translation.EventStarted] != 2 || types[translation.EventSubmitted] != 2 ||
			types[translation.EventChangesRequested] != 1 || types[translation.EventApproved] != 1 {
			t.Errorf("%s webhooks %v", org, types)
		}
	}
	if types := deliveredTypes(t, db, hook["other"]); len(types) != 0 {
		t.Errorf("a stranger heard: %v", types)
	}
	for _, org := range []string{"cmg", "vgtrk"} {
		entries, err := db.AuditList(context.Background(), audit.ListParams{Org: org, Entity: "translation", EntityID: task.ID, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		actions := map[string]int{}
		for _, e := range entries {
			actions[e.Action]++
		}
		if actions[translation.EventCreated] != 1 || actions[translation.EventApproved] != 1 || actions[translation.EventCuesChanged] < 3 {
			t.Errorf("%s audit of the task: %v", org, actions)
		}
	}
	for _, org := range []string{"cmg", "vgtrk"} {
		l, err := x.svc.List(As(org, auth.RoleViewer), "", "")
		if err != nil || len(l) != 1 || l[0].Translated != 3 || l[0].Status != translation.Approved {
			t.Errorf("%s list %+v %v", org, l, err)
		}
	}
	if l, _ := x.svc.List(As("other", auth.RoleAdmin), "", ""); len(l) != 0 {
		t.Errorf("stranger lists %d tasks", len(l))
	}
}

func translationPermissions(t *testing.T, db *store.DB) {
	x := newTranslationFixture(t, db)
	cmg, vgtrk, other := As("cmg", auth.RoleEditor), As("vgtrk", auth.RoleEditor), As("other", auth.RoleAdmin)
	for name, c := range map[string]struct {
		ctx  context.Context
		req  translation.CreateRequest
		code apperr.Code
	}{
		"stranger assignee":  {cmg, translation.CreateRequest{TargetLanguage: "ru", Assignee: "other"}, apperr.Invalid},
		"same language":      {cmg, translation.CreateRequest{TargetLanguage: "zh-Hans", Assignee: "vgtrk"}, apperr.Invalid},
		"bad language":       {cmg, translation.CreateRequest{TargetLanguage: "not a tag!", Assignee: "vgtrk"}, apperr.Invalid},
		"bad due":            {cmg, translation.CreateRequest{TargetLanguage: "ru", Assignee: "vgtrk", Due: "15.08.2025"}, apperr.Invalid},
		"viewer":             {As("cmg", auth.RoleViewer), translation.CreateRequest{TargetLanguage: "ru", Assignee: "vgtrk"}, apperr.Forbidden},
		"cannot read source": {other, translation.CreateRequest{TargetLanguage: "ru", Assignee: "other"}, apperr.NotFound},
	} {
		if _, err := x.svc.Create(c.ctx, x.track.ID, c.req); !apperr.Is(err, c.code) {
			t.Errorf("%s: %v, want %s", name, err, c.code)
		}
	}
	if l, _ := x.svc.List(cmg, "", ""); len(l) != 0 {
		t.Fatalf("refused requests stored %d tasks", len(l))
	}
	task := x.create(t)
	if _, err := x.svc.Get(other, task.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("stranger reads the task: %v", err)
	}
	if _, err := x.svc.EditCues(cmg, task.ID, 1, []translation.CueEdit{{Index: 1, Lines: []string{"x"}}}); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("requester edits: %v", err)
	}
	if _, err := x.svc.EditCues(As("vgtrk", auth.RoleViewer), task.ID, 1, []translation.CueEdit{{Index: 1, Lines: []string{"x"}}}); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("viewer edits: %v", err)
	}
	for name, e := range map[string]translation.CueEdit{
		"no such cue":   {Index: 4, Lines: []string{"x"}},
		"control char":  {Index: 1, Lines: []string{"a\x00b"}},
		"line break":    {Index: 1, Lines: []string{"a\u2028b"}},
		"too many line": {Index: 1, Lines: make([]string, 21)},
	} {
		if _, err := x.svc.EditCues(vgtrk, task.ID, 1, []translation.CueEdit{e}); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if got, _ := x.svc.Get(vgtrk, task.ID); got.Version != 1 || got.Status != translation.Open {
		t.Errorf("refused edits changed the task: %+v", got)
	}
	if _, err := x.svc.Submit(vgtrk, task.ID, 1); !isCode(err, translation.CodeIncomplete) {
		t.Errorf("submit with empty cues: %v", err)
	}
	if _, err := x.svc.Approve(cmg, task.ID, 1); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("approve an open task: %v", err)
	}
	x.mt.fail = true
	if _, _, err := x.svc.MachineDraft(vgtrk, task.ID, 1); !apperr.Is(err, translation.MTFailed) {
		t.Errorf("provider down: %v", err)
	}
	noMT := translation.NewService(db, x.subs, db, nil)
	if _, _, err := noMT.MachineDraft(vgtrk, task.ID, 1); !apperr.Is(err, translation.MTUnavailable) || noMT.HasMT() {
		t.Errorf("no provider: %v", err)
	}
	if got, _ := x.svc.Get(vgtrk, task.ID); got.Version != 1 || got.Translated != 0 {
		t.Errorf("failed drafts changed the task: %+v", got)
	}
	started, err := x.svc.Start(vgtrk, task.ID, 1)
	if err != nil || started.Status != translation.InProgress {
		t.Fatalf("start: %+v %v", started, err)
	}
	if _, err := x.svc.Start(vgtrk, task.ID, started.Version); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("start twice: %v", err)
	}
	// Deleting the source track takes its tasks with it.
	if err := x.subs.Delete(cmg, x.track.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := x.svc.Get(vgtrk, task.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("task of a deleted track: %v", err)
	}
}

func translationGlossary(t *testing.T, db *store.DB) {
	x := newTranslationFixture(t, db)
	cmg, vgtrk := As("cmg", auth.RoleEditor), As("vgtrk", auth.RoleAdmin)
	term, err := x.svc.PutTerm(cmg, "vgtrk", translation.Term{SourceLanguage: "zh-hans", TargetLanguage: "ru", Source: " 唐人街 ", Target: "Китайский квартал"})
	if err != nil {
		t.Fatal(err)
	}
	if term.OrgA != "cmg" || term.OrgB != "vgtrk" || term.Source != "唐人街" || term.SourceLanguage != "zh-Hans" {
		t.Errorf("term %+v", term)
	}
	// The other side corrects it: same term, new target.
	fixed, err := x.svc.PutTerm(vgtrk, "cmg", translation.Term{SourceLanguage: "zh-Hans", TargetLanguage: "ru", Source: "唐人街", Target: "Чайнатаун"})
	if err != nil || fixed.ID != term.ID {
		t.Fatalf("replace: %+v %v", fixed, err)
	}
	list, err := x.svc.Glossary(cmg, "vgtrk")
	if err != nil || len(list) != 1 || list[0].Target != "Чайнатаун" || list[0].CreatedBy != "vgtrk-admin" {
		t.Fatalf("list %+v %v", list, err)
	}
	for name, c := range map[string]struct {
		ctx     context.Context
		partner string
		term    translation.Term
		code    apperr.Code
	}{
		"stranger":      {As("other", auth.RoleAdmin), "cmg", translation.Term{SourceLanguage: "zh", TargetLanguage: "ru", Source: "a", Target: "b"}, apperr.NotFound},
		"not a partner": {cmg, "other", translation.Term{SourceLanguage: "zh", TargetLanguage: "ru", Source: "a", Target: "b"}, apperr.NotFound},
		"viewer":        {As("cmg", auth.RoleViewer), "vgtrk", translation.Term{SourceLanguage: "zh", TargetLanguage: "ru", Source: "a", Target: "b"}, apperr.Forbidden},
		"empty term":    {cmg, "vgtrk", translation.Term{SourceLanguage: "zh", TargetLanguage: "ru", Source: " ", Target: "b"}, apperr.Invalid},
		"bad language":  {cmg, "vgtrk", translation.Term{SourceLanguage: "??", TargetLanguage: "ru", Source: "a", Target: "b"}, apperr.Invalid},
	} {
		if _, err := x.svc.PutTerm(c.ctx, c.partner, c.term); !apperr.Is(err, c.code) {
			t.Errorf("%s: %v, want %s", name, err, c.code)
		}
	}
	if _, err := x.svc.Glossary(As("other", auth.RoleAdmin), "cmg"); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("stranger reads the glossary: %v", err)
	}
	if err := x.svc.DeleteTerm(As("other", auth.RoleAdmin), "cmg", term.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("stranger deletes: %v", err)
	}
	if err := x.svc.DeleteTerm(cmg, "vgtrk", term.ID); err != nil {
		t.Fatal(err)
	}
	if err := x.svc.DeleteTerm(cmg, "vgtrk", term.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("delete twice: %v", err)
	}
	if list, _ := x.svc.Glossary(vgtrk, "cmg"); len(list) != 0 {
		t.Errorf("left %+v", list)
	}
}

func isCode(err error, code string) bool {
	var ae *apperr.Error
	if !errors.As(err, &ae) {
		return false
	}
	for _, f := range ae.Fields {
		if f.Code == code {
			return true
		}
	}
	return false
}
