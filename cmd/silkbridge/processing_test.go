package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/silkbridge/silkbridge/internal/media"
	"github.com/silkbridge/silkbridge/internal/media/ffmpeg"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
	"github.com/silkbridge/silkbridge/internal/tusclient"
)

// serveWith starts `silkbridge serve --demo` with extra serve flags as a
// subprocess (through TestHelperServe) and returns it with the cmg token.
func serveWith(t *testing.T, dir, addr string, extra ...string) (*exec.Cmd, string) {
	t.Helper()
	args := append([]string{"--data", dir, "--db", "", "--log-level", "warn", "serve", "--demo", "--addr", addr}, extra...)
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperServe$")
	cmd.Env = append(os.Environ(), "SILKBRIDGE_HELPER_ARGS="+strings.Join(args, "\x1f"))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	tokens := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if line := sc.Text(); strings.HasPrefix(line, "demo API token for cmg") {
				tokens <- line[strings.LastIndex(line, " ")+1:]
			}
		}
	}()
	select {
	case tok := <-tokens:
		return cmd, tok
	case <-time.After(60 * time.Second):
		t.Fatal("serve printed no cmg token within 60s")
	}
	return nil, ""
}

func getJSON(t *testing.T, server, token, path string, v any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, server+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

// TestServeProcessesUploadAfterKill9: a film is uploaded; the first server
// hangs in packaging (its ffmpeg is a wrapper that never finishes HLS) and
// is killed with SIGKILL; a restarted server with the real ffmpeg finishes
// the job; the asset then has its technical metadata and a preview whose
// signed links play without a token.
func TestServeProcessesUploadAfterKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	if err := ffmpeg.New(ffmpeg.Config{}).Available(); err != nil {
		storetest.SkipOrFail(t, "skipping: "+err.Error()+" (install the ffmpeg package)")
	}
	dir, tmp := t.TempDir(), t.TempDir()
	film := filepath.Join(tmp, "唐探1900 预告.mp4")
	if out, err := exec.Command("ffmpeg", "-hide_banner", "-nostdin", "-v", "error",
		"-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25:duration=8",
		"-f", "lavfi", "-i", "sine=frequency=440:duration=8", "-f", "lavfi", "-i", "sine=frequency=660:duration=8",
		"-map", "0", "-map", "1", "-map", "2", "-c:v", "libx264", "-preset", "ultrafast", "-g", "50", "-c:a", "aac",
		"-metadata:s:a:0", "language=zho", "-metadata:s:a:1", "language=rus", film).CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg: %v\n%s", err, out)
	}
	marker, wrapper := filepath.Join(tmp, "packaging"), filepath.Join(tmp, "ffmpeg-hangs")
	os.WriteFile(wrapper, []byte("#!/bin/sh\ncase \"$*\" in *\"-f hls\"*) touch '"+marker+"'; exec sleep 600;; esac\nexec ffmpeg \"$@\"\n"), 0o755)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	server := "http://" + addr
	proc, token := serveWith(t, dir, addr, "--ffmpeg", wrapper)
	title := ownTitle(t, server, token)
	c := &tusclient.Client{Server: server, Token: token}
	id, err := c.UploadFile(context.Background(), film, map[string]string{"title": title, "kind": "trailer"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Minute)
	for {
		if _, err := os.Stat(marker); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the first server never started packaging")
		}
		time.Sleep(50 * time.Millisecond)
	}
	var a media.Asset
	getJSON(t, server, token, "/api/v1/assets/"+id, &a)
	// Probed, poster and storyboard made, packaging started: 15 %.
	if a.Status != media.StatusProcessing || a.Technical == nil || len(a.Technical.Audio) != 2 || a.Progress != 15 {
		t.Fatalf("while packaging: %s %d %% %+v", a.Status, a.Progress, a.Technical)
	}
	proc.Process.Kill() // SIGKILL
	proc.Wait()

	_, token = serveWith(t, dir, addr)
	deadline = time.Now().Add(2 * time.Minute)
	for getJSON(t, server, token, "/api/v1/assets/"+id, &a); a.Status == media.StatusProcessing; getJSON(t, server, token, "/api/v1/assets/"+id, &a) {
		if time.Now().After(deadline) {
			t.Fatal("the restarted server did not finish processing")
		}
		time.Sleep(100 * time.Millisecond)
	}
	if a.Status != media.StatusReady || a.Technical.Container != "mp4" || a.Technical.Audio[0].Language != "zh" || a.Technical.Audio[1].Language != "ru" {
		t.Fatalf("after restart: %s %q %+v", a.Status, a.Reason, a.Technical)
	}
	if a.Preview == nil || !strings.Contains(a.Preview.HLS, "sig=") {
		t.Fatalf("preview %+v", a.Preview)
	}
	// A player without a token: master, then the Russian rendition's playlist and first segment.
	fetch := func(u string) string {
		res, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d %s", u, res.StatusCode, body)
		}
		return string(body)
	}
	masterURL, _ := url.Parse(server + a.Preview.HLS)
	master := fetch(masterURL.String())
	var ru string
	for _, l := range strings.Split(master, "\n") {
		if strings.Contains(l, `LANGUAGE="ru"`) && strings.Contains(l, `NAME="Русский"`) {
			ru = strings.SplitN(strings.SplitN(l, `URI="`, 2)[1], `"`, 2)[0]
		}
	}
	if ru == "" {
		t.Fatalf("no Russian rendition in\n%s", master)
	}
	ruURL, _ := masterURL.Parse(ru)
	pl := fetch(ruURL.String())
	var seg string
	for _, l := range strings.Split(pl, "\n") {
		if l != "" && !strings.HasPrefix(l, "#") {
			seg = l
			break
		}
	}
	segURL, _ := ruURL.Parse(seg)
	if len(fetch(segURL.String())) < 100 {
		t.Fatal("empty audio segment")
	}
}
