package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

func TestSubtitlesCommands(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, dir, "", "org", "create", "--slug", "cmg", "--name", "China Media Group", "--country", "CN")
	mustRun(t, dir, "", "org", "create", "--slug", "vgtrk", "--name", "VGTRK", "--country", "RU", "--partner", "cmg")
	mustRun(t, dir, `{"kind":"film","original_language":"zh","production_year":2025,"localizations":{"zh-Hans":{"title":"唐探1900"}},"visibility":"partners","genres":["comedy"],"countries":["CN"]}`+"\n",
		"titles", "import", "--org", "cmg")
	var title struct{ ID string }
	if err := json.Unmarshal([]byte(strings.SplitN(mustRun(t, dir, "", "titles", "export", "--org", "cmg"), "\n", 2)[0]), &title); err != nil || title.ID == "" {
		t.Fatalf("title: %v", err)
	}
	ru, _ := charmap.Windows1251.NewEncoder().String("1\r\n00:00:01,000 --> 00:00:03,000\r\nМы встретимся завтра в Чайнатауне.\r\n\r\n2\r\n00:00:03,010 --> 00:00:04,000\r\nТы знаешь это место?\r\n")
	file := filepath.Join(dir, "ru.srt")
	os.WriteFile(file, []byte(ru), 0o644)

	// qc: a local file, no database; issues in a table, non-zero exit.
	out, err := run(t, dir, "", "subtitles", "qc", "--language", "ru", file)
	if err == nil || !strings.Contains(err.Error(), "2 QC issues") {
		t.Fatalf("qc of a failing file: %v\n%s", err, out)
	}
	if !strings.Contains(out, "srt, windows-1251, 2 cues, 25 fps: failed (2 issues)") || !strings.Contains(out, "CUE  START         RULE  VALUE  LIMIT") ||
		!strings.Contains(out, "2    00:00:03.010  cps   20.2   17") || !strings.Contains(out, "2    00:00:03.010  gap   10     80") {
		t.Errorf("qc output:\n%s", out)
	}
	good := filepath.Join(dir, "good.vtt")
	os.WriteFile(good, []byte("WEBVTT\n\n00:01.000 --> 00:03.000\n我们明天见。\n"), 0o644)
	if out := mustRun(t, dir, "", "subtitles", "qc", "--language", "zh", "--fps", "23.976", good); !strings.Contains(out, "passed") {
		t.Errorf("qc of a good file: %s", out)
	}
	if _, err := run(t, dir, "", "subtitles", "qc", "--language", "en", file); err == nil || !strings.Contains(err.Error(), "encoding=") {
		t.Errorf("ambiguous: %v", err)
	}

	// import (as the partner) and export through the store.
	id := strings.TrimSpace(mustRun(t, dir, "", "subtitles", "import", "--title", title.ID, "--language", "ru", "--org", "vgtrk", file))
	if len(id) != 36 {
		t.Fatalf("id %q", id)
	}
	srt := filepath.Join(dir, "out.srt")
	mustRun(t, dir, "", "subtitles", "export", id, "--format", "srt", "-o", srt)
	got, _ := os.ReadFile(srt)
	if string(got) != "1\r\n00:00:01,000 --> 00:00:03,000\r\nМы встретимся завтра в Чайнатауне.\r\n\r\n2\r\n00:00:03,010 --> 00:00:04,000\r\nТы знаешь это место?\r\n\r\n" {
		t.Errorf("exported %q", got)
	}
	if out := mustRun(t, dir, "", "subtitles", "export", id, "--format", "vtt"); !strings.HasPrefix(out, "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n") {
		t.Errorf("vtt %q", out)
	}
	if _, err := run(t, dir, "", "subtitles", "import", "--title", title.ID, "--language", "ru", "--org", "vgtrk", good); err != nil {
		t.Errorf("import of a UTF-8 Chinese file declared Russian: %v", err)
	}
}
