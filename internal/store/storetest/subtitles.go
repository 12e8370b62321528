package storetest

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/media"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/subtitles"
)

func init() { Register("Subtitles", exerciseSubtitles) }

// SubtitleSRT is a Chinese track with one cue too fast to read (cps).
const SubtitleSRT = "1\r\n00:00:01,000 --> 00:00:03,000\r\n我们明天见。\r\n\r\n2\r\n00:00:04,000 --> 00:00:06,000\r\n你知道唐人街这个地方吗我们在那里见面吧\r\n\r\n3\r\n00:00:07,000 --> 00:00:08,500\r\n<i>好的。</i>\r\n"

func exerciseSubtitles(t *testing.T, open func(t testing.TB) *store.DB) {
	db := open(t)
	s := NewServices(db)
	SeedOrgs(t, s)
	cmg, vgtrk, other := As("cmg", auth.RoleEditor), As("vgtrk", auth.RoleEditor), As("other", auth.RoleEditor)
	mediaSvc := media.NewService(db, s.Catalog, nil, nil, media.Limits{}, nil)
	svc := subtitles.NewService(db, s.Catalog, db, nil, mediaSvc)
	film, err := s.Catalog.Create(cmg, TitleFields("Detective Chinatown 1900", catalog.VisibilityPartners))
	if err != nil {
		t.Fatal(err)
	}
	public, err := s.Catalog.Create(cmg, TitleFields("Public film", catalog.VisibilityPublic))
	if err != nil {
		t.Fatal(err)
	}
	imp := func(ctx context.Context, title, lang string, raw string) (*subtitles.Track, error) {
		return svc.Import(ctx, subtitles.ImportRequest{TitleID: title, Language: lang}, []byte(raw))
	}

	tr, err := imp(cmg, film.ID, "zh-Hans", SubtitleSRT)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Org != "cmg" || tr.CueCount != 3 || tr.Format != "srt" || tr.Encoding != "utf-8" || tr.Version != 1 || tr.QC.Passed ||
		len(tr.QC.Issues) != 2 || tr.QC.Issues[0].Rule != "cpl" || tr.QC.Issues[1].Rule != "cps" || tr.QC.Issues[1].Cue != 2 {
		t.Fatalf("created %+v qc %+v", tr, tr.QC)
	}
	got, err := svc.Get(vgtrk, tr.ID) // a partner reads it
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Cues, tr.Cues) || got.CueCount != 3 || got.Language != "zh-Hans" || !reflect.DeepEqual(got.QC, tr.QC) {
		t.Errorf("read back %+v, cues %+v", got, got.Cues)
	}
	if got.Cues[2].Lines[0] != "<i>好的。</i>" {
		t.Errorf("tags not kept: %q", got.Cues[2].Lines)
	}
	if _, err := svc.Get(other, tr.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("stranger reads a partners-only title's track: %v", err)
	}

	// A partner delivers Russian subtitles for cmg's title; it owns them.
	ru, err := imp(vgtrk, film.ID, "ru", "1\n00:00:01,000 --> 00:00:03,000\nМы встретимся завтра.\n")
	if err != nil {
		t.Fatal(err)
	}
	if ru.Org != "vgtrk" || !ru.QC.Passed {
		t.Errorf("partner track %+v", ru)
	}
	// Strangers, viewers and bad files store nothing.
	if _, err := imp(other, public.ID, "de", SubtitleSRT); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("stranger on a public title: %v", err)
	}
	if _, err := imp(other, film.ID, "de", SubtitleSRT); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("stranger on a partners title: %v", err)
	}
	if _, err := imp(As("cmg", auth.RoleViewer), film.ID, "zh", SubtitleSRT); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("viewer: %v", err)
	}
	if _, err := imp(cmg, film.ID, "zh", "1\n00:00:01,000 --> 25:00:00,000\nx\n"); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("beyond 24h: %v", err)
	}
	if _, err := imp(cmg, film.ID, "xx-invalid-tag-!!", SubtitleSRT); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("bad language: %v", err)
	}
	list, err := svc.List(cmg, film.ID)
	if err != nil || len(list) != 2 || list[0].ID != tr.ID || list[1].ID != ru.ID || list[0].Cues != nil || list[0].CueCount != 3 {
		t.Fatalf("list %+v %v", list, err)
	}

	// Editing one cue reruns QC; a stale version is refused; only the owner edits.
	fix := tr.Cues[1]
	fix.Lines = []string{"你知道唐人街吗？"}
	if _, err := svc.PatchCues(vgtrk, tr.ID, 1, []subtitles.Cue{fix}); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("partner edits cmg's track: %v", err)
	}
	up, err := svc.PatchCues(cmg, tr.ID, 1, []subtitles.Cue{fix})
	if err != nil {
		t.Fatal(err)
	}
	if up.Version != 2 || !up.QC.Passed || up.CueCount != 3 {
		t.Errorf("after fix: %+v %+v", up, up.QC)
	}
	if _, err := svc.PatchCues(cmg, tr.ID, 1, []subtitles.Cue{fix}); !apperr.Is(err, apperr.PreconditionFailed) {
		t.Errorf("stale version: %v", err)
	}
	got, _ = svc.Get(cmg, tr.ID)
	if got.Version != 2 || got.Cues[1].Lines[0] != "你知道唐人街吗？" || got.Cues[0].Lines[0] != "我们明天见。" || !got.QC.Passed {
		t.Errorf("stored after patch: %+v", got.Cues)
	}
	// Replacing all cues renumbers and drops the rest.
	flagged := subtitles.Cue{Start: 2 * time.Second, End: 4 * time.Second, Lines: []string{"一", "二", "三"}, Flags: map[string]bool{"machine": true}}
	up, err = svc.ReplaceCues(cmg, tr.ID, 2, []subtitles.Cue{flagged})
	if err != nil {
		t.Fatal(err)
	}
	got, _ = svc.Get(cmg, tr.ID)
	if up.CueCount != 1 || len(got.Cues) != 1 || got.Cues[0].Index != 1 || !got.Cues[0].Flags["machine"] || got.QC.Passed || got.QC.Issues[0].Rule != "lines" {
		t.Errorf("replaced: %+v %+v", got.Cues, got.QC)
	}
	if _, err := svc.PatchCues(cmg, tr.ID, 3, []subtitles.Cue{{Index: 2, Start: 0, End: time.Second}}); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("patching a cue that does not exist: %v", err)
	}

	// Rules: admins only, per organisation, used by the next import.
	strict := map[string]subtitles.Rules{"zh": {CPL: 4, CPS: 9, MaxLines: 2, MinDurationMs: 833, MaxDurationMs: 7000, MinGapFrames: 2}}
	if err := svc.SetRules(cmg, "cmg", strict); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("editor sets rules: %v", err)
	}
	if err := svc.SetRules(As("vgtrk", auth.RoleAdmin), "cmg", strict); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("another org's admin sets rules: %v", err)
	}
	bad := map[string]subtitles.Rules{"zh": {CPL: 0, CPS: 9, MaxLines: 2, MaxDurationMs: 7000}}
	if err := svc.SetRules(As("cmg", auth.RoleAdmin), "cmg", bad); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("bad rules: %v", err)
	}
	if err := svc.SetRules(As("cmg", auth.RoleAdmin), "cmg", strict); err != nil {
		t.Fatal(err)
	}
	if r, err := svc.Rules(As("cmg", auth.RoleAdmin), "cmg"); err != nil || !reflect.DeepEqual(r, strict) {
		t.Errorf("rules %+v %v", r, err)
	}
	if r, _ := db.SubtitleRules(cmg, "vgtrk"); len(r) != 0 {
		t.Errorf("vgtrk got cmg's rules: %+v", r)
	}
	again, err := imp(cmg, film.ID, "zh", "1\n00:00:01,000 --> 00:00:03,000\n我们明天见。\n")
	if err != nil || again.QC.Passed || again.QC.Issues[0].Rule != "cpl" || again.QC.Issues[0].Limit != 4 {
		t.Errorf("override not applied: %+v %v", again.QC, err)
	}

	// Tied to an asset: its frame rate sets the gap; another title's asset is refused.
	asset := NewAsset(film.ID, "cmg", "subtitle test master")
	if _, err := db.AssetRegister(cmg, asset, "k-"+asset.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.AssetUpdateProcessing(cmg, asset.ID, media.ProcessingUpdate{Status: media.StatusReady,
		Technical: &media.Technical{Video: []media.VideoStream{{Codec: "h264", FrameRate: "24000/1001"}}}}); err != nil {
		t.Fatal(err)
	}
	tied, err := svc.Import(vgtrk, subtitles.ImportRequest{TitleID: film.ID, Language: "ru", AssetID: asset.ID},
		[]byte("1\n00:00:01,000 --> 00:00:02,000\nда\n\n2\n00:00:02,083 --> 00:00:03,000\nнет\n"))
	if err != nil {
		t.Fatal(err)
	}
	if tied.AssetID != asset.ID || tied.QC.FrameRate != "23.976" || tied.QC.Passed || tied.QC.Issues[0].Rule != "gap" {
		t.Errorf("tied %+v %+v", tied, tied.QC)
	}
	if pv, err := svc.PreviewTracks(cmg, asset); err != nil || len(pv) != 4 {
		t.Errorf("preview tracks of the mezzanine: %d %v", len(pv), err)
	}
	if _, err := svc.Import(cmg, subtitles.ImportRequest{TitleID: public.ID, Language: "ru", AssetID: asset.ID}, []byte(SubtitleSRT)); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("asset of another title: %v", err)
	}
	if _, err := db.AssetDelete(cmg, asset.ID); err != nil {
		t.Fatal(err)
	}
	if got, err := svc.Get(cmg, tied.ID); err != nil || got.AssetID != "" {
		t.Errorf("after the asset was deleted: %+v %v", got, err)
	}

	// Delete: the owner's writers only; cues go with the track.
	if err := svc.Delete(cmg, ru.ID); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("cmg deletes vgtrk's track: %v", err)
	}
	if err := svc.Delete(vgtrk, ru.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Get(vgtrk, ru.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("deleted track: %v", err)
	}
	var left int
	if err := db.Writer().QueryRow(`SELECT COUNT(*) FROM subtitle_cues WHERE track_id = '` + strings.ReplaceAll(ru.ID, "'", "") + `'`).Scan(&left); err != nil || left != 0 {
		t.Errorf("cues left: %d %v", left, err)
	}

	// Many cues go in batches and come back in order.
	var big strings.Builder
	for i := 0; i < 1200; i++ {
		start := time.Duration(i) * 2 * time.Second
		big.WriteString(subtitles.Timecode(start, ",") + " --> " + subtitles.Timecode(start+time.Second, ",") + "\n第" + string(rune('一'+i%20)) + "句\n\n")
	}
	many, err := imp(cmg, film.ID, "zh", big.String())
	if err != nil {
		t.Fatal(err)
	}
	got, _ = svc.Get(cmg, many.ID)
	if len(got.Cues) != 1200 || got.Cues[1199].Index != 1200 || got.Cues[1199].Start != 2398*time.Second {
		t.Errorf("1200 cues: %d", len(got.Cues))
	}
}
