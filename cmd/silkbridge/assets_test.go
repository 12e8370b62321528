package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/silkbridge/silkbridge/internal/blobstore/s3test"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
	"github.com/silkbridge/silkbridge/internal/tusclient"
)

// TestHelperServe is not a test: TestAssetsUploadResumesAfterKill runs the
// test binary through it as a separate `silkbridge` process it can kill -9.
func TestHelperServe(t *testing.T) {
	args := os.Getenv("SILKBRIDGE_HELPER_ARGS")
	if args == "" {
		t.Skip("helper process for TestAssetsUploadResumesAfterKill")
	}
	cmd := newRootCmd()
	cmd.SetArgs(strings.Split(args, "\x1f"))
	if err := cmd.Execute(); err != nil {
		os.Exit(1)
	}
	os.Exit(0)
}

// serveProcess starts `silkbridge serve --demo` as a subprocess and returns
// it with the cmg demo token.
func serveProcess(t *testing.T, dir, dsn, blob, addr string) (*exec.Cmd, string) {
	t.Helper()
	args := strings.Join([]string{"--data", dir, "--db", dsn, "--log-level", "warn", "serve", "--demo", "--addr", addr, "--blob", blob}, "\x1f")
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperServe$")
	cmd.Env = append(os.Environ(), "SILKBRIDGE_HELPER_ARGS="+args)
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
		sent := false
		for sc.Scan() {
			if line := sc.Text(); strings.HasPrefix(line, "demo API token for cmg") && !sent {
				tokens <- line[strings.LastIndex(line, " ")+1:]
				sent = true
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

// blockingTransport sends at most limit bytes of each request body, then
// holds the request open: a client stalled in the middle of its uploads.
type blockingTransport struct {
	limit int64
	stop  chan struct{}
}

func (b *blockingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil && r.Method == http.MethodPatch {
		r.Body = &stallingBody{ReadCloser: r.Body, left: b.limit, stop: b.stop}
	}
	return http.DefaultTransport.RoundTrip(r)
}

type stallingBody struct {
	io.ReadCloser
	left int64
	stop chan struct{}
}

func (s *stallingBody) Read(p []byte) (int, error) {
	if s.left <= 0 {
		<-s.stop
		return 0, io.ErrUnexpectedEOF
	}
	if int64(len(p)) > s.left {
		p = p[:s.left]
	}
	n, err := s.ReadCloser.Read(p)
	s.left -= int64(n)
	return n, err
}

// TestAssetsUploadResumesAfterKill uploads three files in parallel to a
// server process, kills it with SIGKILL while each upload is part way, starts
// it again and resumes every upload from the offset HEAD reports: each
// asset's SHA-256 matches its file, and a download of one matches too.
func TestAssetsUploadResumesAfterKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	t.Run("SQLiteFile", func(t *testing.T) {
		dir := t.TempDir()
		uploads := filepath.Join(dir, "blobs", ".uploads")
		resumeAfterKill(t, dir, "", "", func() int {
			n := 0
			entries, _ := os.ReadDir(uploads)
			for _, e := range entries {
				if info, err := e.Info(); err == nil && !strings.Contains(e.Name(), ".") && info.Size() > 33<<20 {
					n++
				}
			}
			return n
		})
	})
	t.Run("PostgresS3", func(t *testing.T) {
		dsn := storetest.NewPostgresSchema(t)
		srv := s3test.Start(t)
		client := srv.Client(t)
		resumeAfterKill(t, t.TempDir(), dsn, srv.URL(), func() int {
			// Whole 16 MiB parts stored in the bucket: two per upload is past 32 MiB.
			ups, err := client.ListMultipartUploads(context.Background(), &s3.ListMultipartUploadsInput{Bucket: aws.String(srv.Bucket)})
			if err != nil {
				return 0
			}
			n := 0
			for _, u := range ups.Uploads {
				parts, err := client.ListParts(context.Background(), &s3.ListPartsInput{Bucket: aws.String(srv.Bucket), Key: u.Key, UploadId: u.UploadId})
				if err == nil && len(parts.Parts) >= 2 {
					n++
				}
			}
			return n
		})
	})
}

// resumeAfterKill runs the scenario on one database and blob store;
// progressed counts the uploads the server holds more than 32 MiB of.
func resumeAfterKill(t *testing.T, dir, dsn, blob string, progressed func() int) {
	state := t.TempDir()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	server := "http://" + addr
	proc, token := serveProcess(t, dir, dsn, blob, addr)
	title := ownTitle(t, server, token)

	const size = 40 << 20
	files := make([]string, 3)
	sums := make([]string, 3)
	for i := range files {
		files[i] = filepath.Join(t.TempDir(), []string{"唐探1900 母版.mov", "Детектив.mxf", "trailer.mp4"}[i])
		data := make([]byte, size)
		rand.Read(data)
		if err := os.WriteFile(files[i], data, 0o644); err != nil {
			t.Fatal(err)
		}
		s := sha256.Sum256(data)
		sums[i] = hex.EncodeToString(s[:])
	}
	stop := make(chan struct{})
	stalled := &tusclient.Client{Server: server, Token: token, StateDir: state,
		HTTP: &http.Client{Transport: &blockingTransport{limit: 36 << 20, stop: stop}}}
	var wg sync.WaitGroup
	for _, f := range files {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stalled.UploadFile(context.Background(), f, map[string]string{"title": title, "kind": "mezzanine"}, nil)
		}()
	}
	// Wait until the server has stored more than 32 MiB (its first hash
	// checkpoint, two S3 parts) of every upload, then kill it.
	deadline := time.Now().Add(2 * time.Minute)
	for {
		n := progressed()
		if n == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the uploads did not pass 33 MiB (%d of 3 did)", n)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := proc.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	proc.Wait()
	close(stop)
	wg.Wait()

	_, token = serveProcess(t, dir, dsn, blob, addr)
	c := &tusclient.Client{Server: server, Token: token, StateDir: state}
	for i, f := range files {
		var first int64 = -1
		id, err := c.UploadFile(context.Background(), f, map[string]string{"title": title, "kind": "mezzanine"}, func(done, total int64) {
			if first < 0 {
				first = done
			}
		})
		if err != nil {
			t.Fatalf("resume %s: %v", f, err)
		}
		if first < 32<<20 || first > 36<<20 {
			t.Errorf("%s resumed from %d; want the checkpoint at or after 32 MiB", f, first)
		}
		a, err := c.GetAsset(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if a.SHA256 != sums[i] || a.Filename != filepath.Base(f) || a.Size != size {
			t.Errorf("asset %+v, want sha256 %s", a, sums[i])
		}
		if i == 0 {
			out := filepath.Join(t.TempDir(), "copy")
			// A partial earlier download is continued.
			os.WriteFile(out, []byte("stale partial bytes"), 0o644)
			if _, err := c.Download(context.Background(), id, out, nil); err == nil {
				t.Error("a partial file with other content passed the SHA-256 check")
			}
			src, _ := os.ReadFile(f)
			os.WriteFile(out, src[:1000], 0o644)
			got, err := c.Download(context.Background(), id, out, nil)
			if err != nil || got.SHA256 != sums[0] {
				t.Fatalf("download: %v", err)
			}
		}
	}
}

// ownTitle returns the id of a demo title owned by the token's organisation.
func ownTitle(t *testing.T, server, token string) string {
	t.Helper()
	get := func(path string, v any) {
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
	var me struct {
		Org string `json:"org"`
	}
	get("/api/v1/me", &me)
	var titles struct {
		Items []struct {
			ID    string `json:"id"`
			Owner string `json:"owner"`
		} `json:"items"`
	}
	get("/api/v1/titles?limit=100", &titles)
	for _, ti := range titles.Items {
		if ti.Owner == me.Org {
			return ti.ID
		}
	}
	t.Fatalf("no demo title owned by %s", me.Org)
	return ""
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"200GiB": 200 << 30, "2TiB": 2 << 40, "64MiB": 64 << 20, "1.5GB": 1_500_000_000, "1000": 1000, " 3 KiB ": 3072} {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "GiB", "-1GiB", "lots", "1PB"} {
		if _, err := parseSize(bad); err == nil {
			t.Errorf("parseSize(%q) accepted", bad)
		}
	}
}
