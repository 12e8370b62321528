package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/store"
)

// run executes the CLI in-process with args against data dir dir.
func run(t *testing.T, dir, stdin string, args ...string) (string, error) {
	t.Helper()
	cmd := newRootCmd()
	var out, stderr bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&stderr)
	cmd.SetIn(strings.NewReader(stdin))
	cmd.SetArgs(append([]string{"--data", dir, "--db", ""}, args...))
	err := cmd.ExecuteContext(context.Background())
	return out.String(), err
}

func mustRun(t *testing.T, dir, stdin string, args ...string) string {
	t.Helper()
	out, err := run(t, dir, stdin, args...)
	if err != nil {
		t.Fatalf("silkbridge %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

func TestOrgAndTokenCommands(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, dir, "", "org", "create", "--slug", "cmg", "--name", "China Media Group", "--names", "zh-Hans=中央广播电视总台", "--country", "CN")
	mustRun(t, dir, "", "org", "create", "--slug", "vgtrk", "--name", "VGTRK", "--country", "ru", "--partner", "cmg")
	list := mustRun(t, dir, "", "org", "list")
	if !strings.Contains(list, "cmg\tCN\tChina Media Group\tpartners: vgtrk") || !strings.Contains(list, "vgtrk\tRU") {
		t.Fatalf("org list:\n%s", list)
	}
	if _, err := run(t, dir, "", "org", "create", "--slug", "bad", "--name", "B", "--country", "XX"); err == nil || !strings.Contains(err.Error(), "country") {
		t.Fatalf("invalid country: %v", err)
	}
	out := mustRun(t, dir, "", "token", "create", "--org", "cmg", "--role", "editor", "--name", "ingest")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	token := lines[len(lines)-1]
	if strings.ContainsAny(token, " \t") || !strings.HasPrefix(token, "sbt_") {
		t.Fatalf("last line is not the token alone: %q", token)
	}
	db, err := store.Open(context.Background(), filepath.Join(dir, "silkbridge.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p, err := auth.NewTokenService(db).Authenticate(context.Background(), token)
	if err != nil || p.Org != "cmg" || p.Role != auth.RoleEditor {
		t.Fatalf("printed token does not authenticate: %+v %v", p, err)
	}
	if _, err := run(t, dir, "", "token", "create", "--org", "cmg", "--role", "owner", "--name", "x"); err == nil {
		t.Fatal("invalid role accepted")
	}
	if _, err := run(t, dir, "", "token", "create", "--org", "ghost", "--role", "viewer", "--name", "x"); err == nil {
		t.Fatal("token for unknown org accepted")
	}
}

func TestTitlesImportExport(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, dir, "", "org", "create", "--slug", "cmg", "--name", "CMG", "--country", "CN")
	good := `{"kind":"film","original_language":"zh","production_year":2025,"localizations":{"zh-hans":{"title":"唐探1900"},"ru":{"title":"Детектив Чайнатаун 1900"}}}
{"kind":"film","original_language":"zh","localizations":{"en":{"title":"My Country, My Parents"}}}
`
	bad := good + `{"kind":"film","original_language":"zh","countries":["XX"],"localizations":{"en":{"title":"x"}}}
not json
`
	_, err := run(t, dir, bad, "titles", "import", "--org", "cmg")
	if err == nil || !strings.Contains(err.Error(), "line 3") || !strings.Contains(err.Error(), "line 4") {
		t.Fatalf("bad import error does not name lines 3 and 4: %v", err)
	}
	if out := mustRun(t, dir, "", "titles", "export", "--org", "cmg"); strings.Contains(out, "唐探") {
		t.Fatal("a refused import stored titles")
	}
	mustRun(t, dir, good, "titles", "import", "--org", "cmg")
	export := filepath.Join(dir, "export.jsonl")
	mustRun(t, dir, "", "titles", "export", "--org", "cmg", "--file", export)
	data, err := os.ReadFile(export)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(data), "\n"); n != 2 || !strings.Contains(string(data), `"zh-Hans":{"title":"唐探1900"}`) {
		t.Fatalf("export (%d lines) lost data:\n%s", n, data)
	}
	// A series and its season can arrive in one file, the season after its series.
	series := `{"id":"s1","kind":"series","original_language":"ru","localizations":{"ru":{"title":"Сериал"}}}
{"id":"s1e","kind":"season","parent_id":"s1","season_number":1,"original_language":"ru","localizations":{"ru":{"title":"Сезон 1"}}}
`
	mustRun(t, dir, series, "titles", "import", "--org", "cmg")
	if _, err := run(t, dir, `{"kind":"season","parent_id":"nowhere","season_number":1,"original_language":"ru","localizations":{"ru":{"title":"x"}}}`+"\n", "titles", "import", "--org", "cmg"); err == nil || !strings.Contains(err.Error(), "parent_id") {
		t.Fatalf("a season without its series: %v", err)
	}
	// Re-importing an export replaces the same titles instead of duplicating them.
	mustRun(t, dir, "", "titles", "import", "--org", "cmg", "--file", export)
	again := mustRun(t, dir, "", "titles", "export", "--org", "cmg")
	if n := strings.Count(strings.TrimSpace(again), "\n") + 1; n != 4 || !strings.Contains(again, `"version":2`) {
		t.Fatalf("re-import duplicated or did not update titles (%d lines):\n%s", n, again)
	}
}
