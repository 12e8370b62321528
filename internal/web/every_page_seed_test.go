package web_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/avails"
	"github.com/silkbridge/silkbridge/internal/demo"
	"github.com/silkbridge/silkbridge/internal/licensing"
	"github.com/silkbridge/silkbridge/internal/media"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
	"github.com/silkbridge/silkbridge/internal/subtitles"
	"github.com/silkbridge/silkbridge/internal/translation"
)

// seededPage is a page the crawl cannot find by following one role's
// links, and the users who are shown it.
type seededPage struct {
	path  string
	users []string
}

// seedEveryPage adds what the demo lacks so that every kind of page exists:
// licence requests in each state, a subtitle track and its translation
// task, an avails import, a ready and a failed asset, and a person with
// private fields. It returns those pages and who may open them.
func seedEveryPage(t *testing.T, s *fullSite) []seededPage {
	t.Helper()
	ctx := context.Background()
	cmgAdmin, cmgEditor := storetest.As("cmg", auth.RoleAdmin), storetest.As("cmg", auth.RoleEditor)
	vgEditor, vgAdmin := storetest.As("vgtrk", auth.RoleEditor), storetest.As("vgtrk", auth.RoleAdmin)
	dc := demo.TitleID("Detective Chinatown 1900")
	cmg := []string{demo.UserEmail("cmg", auth.RoleAdmin), demo.UserEmail("cmg", auth.RoleViewer)}
	vg := []string{demo.UserEmail("vgtrk", auth.RoleEditor), demo.UserEmail("vgtrk", auth.RoleViewer)}
	both := append(append([]string(nil), cmg...), vg...)
	var out []seededPage

	// Requests from VGTRK to CMG: open, countered, accepted, declined, withdrawn.
	submit := func(start, end string) *licensing.Request {
		r, err := s.licensing.Submit(vgEditor, licensing.SubmitInput{Title: dc, Licensor: "cmg",
			Terms: rights.Terms{Territories: []string{"RU"}, Media: []rights.Media{rights.FreeTV}, Start: start, End: &end}})
		if err != nil {
			t.Fatalf("seed request: %v", err)
		}
		return r
	}
	open := submit("2026-09-01", "2026-12-31")
	countered := submit("2027-01-01", "2027-03-31")
	cEnd := "2027-02-28"
	if _, err := s.licensing.Counter(cmgEditor, countered.ID, licensing.CounterInput{Terms: rights.Terms{Territories: []string{"RU"},
		Media: []rights.Media{rights.FreeTV}, Start: "2027-01-01", End: &cEnd}, Message: "Два месяца"}, ""); err != nil {
		t.Fatalf("seed counter: %v", err)
	}
	accepted := submit("2028-01-01", "2028-03-31")
	if _, err := s.licensing.Accept(cmgEditor, accepted.ID, licensing.Move{}); err != nil {
		t.Fatalf("seed accept: %v", err)
	}
	declined := submit("2028-06-01", "2028-08-31")
	if _, err := s.licensing.Decline(cmgEditor, declined.ID, licensing.Move{Message: "Нет"}); err != nil {
		t.Fatalf("seed decline: %v", err)
	}
	withdrawn := submit("2029-01-01", "2029-03-31")
	if _, err := s.licensing.Withdraw(vgEditor, withdrawn.ID, licensing.Move{}); err != nil {
		t.Fatalf("seed withdraw: %v", err)
	}
	for _, r := range []*licensing.Request{open, countered, accepted, declined, withdrawn} {
		out = append(out, seededPage{"/requests/" + r.ID, []string{demo.UserEmail("cmg", auth.RoleAdmin), demo.UserEmail("vgtrk", auth.RoleEditor)}})
	}

	// A subtitle track on the title and VGTRK's task translating it.
	track, err := s.subtitles.Import(cmgEditor, subtitles.ImportRequest{TitleID: dc, Language: "zh-Hans"}, []byte(storetest.SubtitleSRT))
	if err != nil {
		t.Fatalf("seed track: %v", err)
	}
	out = append(out, seededPage{"/subtitles/" + track.ID, both})
	task, err := s.translations.Create(cmgEditor, track.ID, translation.CreateRequest{TargetLanguage: "ru", Assignee: "vgtrk"})
	if err != nil {
		t.Fatalf("seed translation: %v", err)
	}
	out = append(out, seededPage{"/translations/" + task.ID, []string{demo.UserEmail("cmg", auth.RoleAdmin), demo.UserEmail("vgtrk", auth.RoleEditor)}})

	// An avails import waiting for its job, and one run to its report
	// (a good row kept, a bad one refused).
	for _, run := range []bool{false, true} {
		sheet := "Territory\tLicenseType\tStart\tEnd\tContentID\tAvailID\tExclusive\n" +
			"RU\tSVOD\t2030-01-01\t2030-12-31\t" + dc + "\tSEED-1\tNo\n" + "XX\tSVOD\t2030-01-01\t2030-12-31\t" + dc + "\tSEED-2\tNo\n"
		job, err := s.avails.Submit(cmgAdmin, []byte(sheet), avails.ImportOptions{Kind: rights.KindLicences, KeepGoodRows: true})
		if err != nil {
			t.Fatalf("seed import: %v", err)
		}
		if run {
			if err := s.avails.RunImport(ctx, job.ID, true); err != nil {
				t.Fatalf("run import: %v", err)
			}
		}
		out = append(out, seededPage{"/imports/" + job.ID, []string{demo.UserEmail("cmg", auth.RoleAdmin)}})
	}

	// A ready and a failed asset on the title's media panel.
	for i, st := range []media.ProcessingUpdate{
		{Status: media.StatusReady, Technical: &media.Technical{Container: "mp4", DurationS: 5400, BitRate: 8_000_000}},
		{Status: media.StatusFailed, Reason: "ffprobe: Invalid data found when processing input"},
	} {
		sum := sha256.Sum256([]byte{byte(i)})
		a := &media.Asset{ID: media.NewID(), TitleID: dc, Org: "cmg", Kind: "mezzanine", Filename: "film.mp4", Language: "zh",
			Size: 1 << 20, SHA256: hex.EncodeToString(sum[:]), ContentType: "video/mp4", Status: media.StatusProcessing,
			CreatedBy: "seed", CreatedAt: time.Now().UTC().Truncate(time.Microsecond)}
		if _, err := s.db.AssetRegister(ctx, a, "seed/"+a.ID); err != nil {
			t.Fatalf("seed asset: %v", err)
		}
		if err := s.db.AssetUpdateProcessing(ctx, a.ID, st); err != nil {
			t.Fatalf("seed asset state: %v", err)
		}
	}
	// The media panel is a fragment of the title page, which the crawl
	// visits; it now shows these two assets.

	// Private fields of a VGTRK person, shown to VGTRK's admin (the crawl's
	// VGTRK editor sees the public profile).
	anna := demo.PersonID("Anna Lebedeva (demo)")
	if _, err := s.people.Patch(vgAdmin, anna, map[string]any{"private": map[string]any{"date_of_birth": "1990-04-12",
		"passport_number": "7512 345678", "passport_expiry": "2031-01-01", "phone": "+7 495 000-00-00", "needs": "Вегетарианское питание"}}, ""); err != nil {
		t.Fatalf("seed private fields: %v", err)
	}
	out = append(out, seededPage{"/people/" + anna, vg})

	// The public programme and a screening of it, open to anyone.
	out = append(out, seededPage{"/e/" + demo.FestivalSlug, both})
	return out
}
