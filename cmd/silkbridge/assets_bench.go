package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/silkbridge/silkbridge/internal/tusclient"
)

// newBenchUploadCmd measures a tus upload over loopback against copying and
// hashing the same file with cp and sha256sum, in the same run.
func newBenchUploadCmd() *cobra.Command {
	var sizeFlag, dir, blob string
	cmd := &cobra.Command{
		Use:   "upload",
		Short: "Upload a generated file through tus to a server process on loopback, beside cp + sha256sum of the same file",
		RunE: func(cmd *cobra.Command, _ []string) error {
			size, err := parseSize(sizeFlag)
			if err != nil {
				return err
			}
			return benchUpload(cmd.Context(), cmd.OutOrStdout(), size, dir, blob)
		},
	}
	cmd.Flags().StringVar(&sizeFlag, "size", "2GiB", "file size")
	cmd.Flags().StringVar(&dir, "dir", "", "working directory (default: a temporary one, removed afterwards)")
	cmd.Flags().StringVar(&blob, "blob", "", "the server's asset storage (default: file storage in the working directory; s3://… with AWS credentials in the environment)")
	return cmd
}

func benchUpload(ctx context.Context, out io.Writer, size int64, dir, blob string) error {
	if dir == "" {
		d, err := os.MkdirTemp("", "silkbridge-bench-upload-*")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	src := filepath.Join(dir, "source.bin")
	fmt.Fprintf(out, "generating %d bytes in %s\n", size, src)
	if err := generate(src, size); err != nil {
		return err
	}
	// Baseline: what copying the file into storage and hashing it costs
	// with the operating system's tools.
	start := time.Now()
	if b, err := exec.CommandContext(ctx, "cp", src, filepath.Join(dir, "copy.bin")).CombinedOutput(); err != nil {
		return fmt.Errorf("cp: %v %s", err, b)
	}
	cpTime := time.Since(start)
	start = time.Now()
	sumOut, err := exec.CommandContext(ctx, "sha256sum", filepath.Join(dir, "copy.bin")).Output()
	if err != nil {
		return fmt.Errorf("sha256sum: %v", err)
	}
	shaTime := time.Since(start)
	os.Remove(filepath.Join(dir, "copy.bin"))
	want := strings.Fields(string(sumOut))[0]

	// The server: this binary, as its own process, so its memory is its own.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	addr := ln.Addr().String()
	ln.Close()
	self, err := os.Executable()
	if err != nil {
		return err
	}
	srv := exec.CommandContext(ctx, self, "--data", filepath.Join(dir, "data"), "--db", "", "--log-level", "warn",
		"serve", "--demo", "--addr", addr, "--blob", blob)
	pipe, err := srv.StdoutPipe()
	if err != nil {
		return err
	}
	srv.Stderr = os.Stderr
	if err := srv.Start(); err != nil {
		return err
	}
	defer func() { srv.Process.Kill(); srv.Wait() }()
	token := ""
	sc := bufio.NewScanner(pipe)
	for sc.Scan() {
		if line := sc.Text(); strings.HasPrefix(line, "demo API token for") {
			token = line[strings.LastIndex(line, " ")+1:]
			break
		}
	}
	go io.Copy(io.Discard, pipe)
	if token == "" {
		return fmt.Errorf("the server printed no demo token")
	}
	server := "http://" + addr
	title, err := benchTitle(ctx, server, token)
	if err != nil {
		return err
	}
	c := &tusclient.Client{Server: server, Token: token}
	start = time.Now()
	id, err := c.UploadFile(ctx, src, map[string]string{"title": title, "kind": "mezzanine"}, nil)
	if err != nil {
		return err
	}
	tusTime := time.Since(start)
	a, err := c.GetAsset(ctx, id)
	if err != nil {
		return err
	}
	if a.SHA256 != want {
		return fmt.Errorf("uploaded SHA-256 %s, sha256sum says %s", a.SHA256, want)
	}
	rss := peakRSS(srv.Process.Pid)
	mib := float64(size) / (1 << 20)
	base := cpTime + shaTime
	fmt.Fprintf(out, "file                 %.0f MiB\n", mib)
	fmt.Fprintf(out, "cp                   %8.2f s\n", cpTime.Seconds())
	fmt.Fprintf(out, "sha256sum            %8.2f s\n", shaTime.Seconds())
	fmt.Fprintf(out, "cp + sha256sum       %8.2f s  %7.1f MiB/s\n", base.Seconds(), mib/base.Seconds())
	fmt.Fprintf(out, "tus upload (hashed)  %8.2f s  %7.1f MiB/s\n", tusTime.Seconds(), mib/tusTime.Seconds())
	fmt.Fprintf(out, "ratio (goal >= 0.7)  %8.2f\n", base.Seconds()/tusTime.Seconds())
	fmt.Fprintf(out, "server peak RSS      %8.1f MB (goal < 150)\n", float64(rss)/1e6)
	fmt.Fprintf(out, "sha256 %s matches\n", a.SHA256)
	return nil
}

// generate writes size pseudo-random bytes (incompressible, fast to make).
func generate(path string, size int64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := rand.NewChaCha8([32]byte{1, 2, 3})
	buf := make([]byte, 4<<20)
	for left := size; left > 0; {
		n := min(left, int64(len(buf)))
		r.Read(buf[:n])
		if _, err := f.Write(buf[:n]); err != nil {
			return err
		}
		left -= n
	}
	return f.Close()
}

func benchTitle(ctx context.Context, server, token string) (string, error) {
	c := &tusclient.Client{Server: server, Token: token}
	return c.OwnTitle(ctx)
}

// peakRSS reads a process's peak resident set (VmHWM) in bytes; 0 if unknown.
func peakRSS(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb * 1024
		}
	}
	return 0
}
