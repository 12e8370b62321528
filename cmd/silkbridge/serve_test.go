package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// TestServeDemo runs `serve --demo` as the README does (on a free port), uses
// the printed token, and checks that the server shuts down cleanly.
func TestServeDemo(t *testing.T) {
	dir := t.TempDir()
	url, token, stop := startServe(t, dir, "")
	req, _ := http.NewRequest("GET", url+"/api/v1/titles?lang=ru", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var page struct {
		Items []struct {
			DisplayTitle string `json:"display_title"`
		} `json:"items"`
	}
	json.NewDecoder(res.Body).Decode(&page)
	res.Body.Close()
	titles := []string{}
	for _, it := range page.Items {
		titles = append(titles, it.DisplayTitle)
	}
	if !strings.Contains(strings.Join(titles, "|"), "Красный шёлк") || len(titles) != 4 {
		t.Fatalf("demo catalogue in Russian = %v", titles)
	}
	// A CLI command works on the same data while the server runs.
	out := mustRun(t, dir, "", "token", "create", "--org", "vgtrk", "--role", "viewer", "--name", "while-serving")
	if !strings.Contains(out, "sbt_") {
		t.Fatalf("token create while serving: %s", out)
	}
	if err := stop(); err != nil {
		t.Fatalf("graceful shutdown: %v", err)
	}
	// A second run keeps the catalogue as it was.
	url, token, stop = startServe(t, dir, "")
	defer stop()
	req, _ = http.NewRequest("GET", url+"/api/v1/titles", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page.Items = nil
	json.NewDecoder(res.Body).Decode(&page)
	res.Body.Close()
	if len(page.Items) != 4 {
		t.Fatalf("after a second --demo run: %d titles, want 4", len(page.Items))
	}
}

// TestCommandsOnPostgres runs the CLI against PostgreSQL through --db.
func TestCommandsOnPostgres(t *testing.T) {
	dsn := storetest.NewPostgresSchema(t)
	dir := t.TempDir()
	pg := func(args ...string) string {
		t.Helper()
		cmd := newRootCmd()
		var out strings.Builder
		cmd.SetOut(&out)
		cmd.SetErr(io.Discard)
		cmd.SetArgs(append([]string{"--data", dir, "--db", dsn}, args...))
		if err := cmd.ExecuteContext(context.Background()); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		return out.String()
	}
	pg("org", "create", "--slug", "cmg", "--name", "CMG", "--country", "CN")
	pg("org", "create", "--slug", "vgtrk", "--name", "VGTRK", "--country", "RU", "--partner", "cmg")
	if out := pg("migrate"); !strings.Contains(out, "postgres database") {
		t.Fatalf("migrate on postgres printed %q", out)
	}
	if out := pg("org", "list"); !strings.Contains(out, "partners: vgtrk") {
		t.Fatalf("org list: %s", out)
	}
	url, token, stop := startServe(t, dir, dsn)
	defer stop()
	req, _ := http.NewRequest("GET", url+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("GET /me on a postgres-backed server: %v %v", res, err)
	}
	res.Body.Close()
}

// startServe starts `serve --demo` (with serveFlags) in-process and returns its URL, the first
// demo token it printed, and a stop function that waits for shutdown.
func startServe(t *testing.T, dir, dsn string, serveFlags ...string) (string, string, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	cmd := newRootCmd()
	cmd.SetOut(pw)
	cmd.SetErr(io.Discard)
	cmd.SetArgs(append([]string{"--data", dir, "--db", dsn, "--log-level", "warn", "serve", "--demo", "--addr", "127.0.0.1:0"}, serveFlags...))
	done := make(chan error, 1)
	go func() { done <- cmd.ExecuteContext(ctx); pw.Close() }()
	var url, token string
	sc := bufio.NewScanner(pr)
	deadline := time.After(30 * time.Second)
	lines := make(chan string)
	go func() {
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	for url == "" || token == "" {
		select {
		case line, ok := <-lines:
			if !ok {
				cancel()
				t.Fatalf("serve exited: %v", <-done)
			}
			if u, ok := strings.CutPrefix(line, "silkbridge is listening on "); ok {
				url = u
			}
			if strings.HasPrefix(line, "demo API token for") && token == "" {
				token = line[strings.LastIndex(line, " ")+1:]
			}
		case <-deadline:
			cancel()
			t.Fatal("serve printed no URL and token within 30s")
		}
	}
	go func() {
		for range lines {
		}
	}()
	stopped := false
	stop := func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		return <-done
	}
	t.Cleanup(func() { stop() })
	return url, token, stop
}
