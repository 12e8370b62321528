package store_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
	"github.com/silkbridge/silkbridge/internal/subtitles"
	"github.com/silkbridge/silkbridge/internal/translation"
)

// BenchmarkTranslationAutosave times one editor autosave on a feature
// film's draft (3,000 cues): one cue written under If-Match, the task and
// its cues read back, as translation.Service.EditCues does. The baseline,
// measured in the same run, is the track editor's save of one cue
// (subtitles.Service.PatchCues) on a track of the same size.
func BenchmarkTranslationAutosave(b *testing.B) {
	const n = 3000
	db := storetest.OpenSQLite(b)
	s := storetest.NewServices(db)
	storetest.SeedOrgs(b, s)
	cmg, vgtrk := storetest.As("cmg", auth.RoleEditor), storetest.As("vgtrk", auth.RoleEditor)
	subs := subtitles.NewService(db, s.Catalog, db, nil, nil)
	film, err := s.Catalog.Create(cmg, storetest.TitleFields("Benchmark film", catalog.VisibilityPartners))
	if err != nil {
		b.Fatal(err)
	}
	tr, err := subs.Import(cmg, subtitles.ImportRequest{TitleID: film.ID, Language: "zh-Hans", Format: "srt"}, []byte(benchSRT(n)))
	if err != nil {
		b.Fatal(err)
	}
	svc := translation.NewService(db, subs, db, nil)
	task, err := svc.Create(cmg, tr.ID, translation.CreateRequest{TargetLanguage: "ru", Assignee: "vgtrk"})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("TranslationEditCues", func(b *testing.B) {
		v := task.Version
		for i := 0; b.Loop(); i++ {
			t, err := svc.EditCues(vgtrk, task.ID, v, []translation.CueEdit{{Index: i%n + 1, Lines: []string{fmt.Sprintf("Реплика %d", i)}}})
			if err != nil {
				b.Fatal(err)
			}
			v = t.Version
		}
	})
	b.Run("BaselineSubtitlePatchCues", func(b *testing.B) {
		v := tr.Version
		for i := 0; b.Loop(); i++ {
			c := tr.Cues[i%n]
			c.Lines = []string{fmt.Sprintf("第%d句", i)}
			t, err := subs.PatchCues(cmg, tr.ID, v, []subtitles.Cue{c})
			if err != nil {
				b.Fatal(err)
			}
			v = t.Version
		}
	})
}

func benchSRT(n int) string {
	var sb strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&sb, "%d\n%s --> %s\n你知道唐人街这个地方吗\n\n", i+1,
			subtitles.Timecode(subtitlesMs(i*3000), ","), subtitles.Timecode(subtitlesMs(i*3000+2000), ","))
	}
	return sb.String()
}

func subtitlesMs(ms int) time.Duration { return time.Duration(ms) * time.Millisecond }
