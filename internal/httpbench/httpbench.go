// Package httpbench measures the hub's throughput for one API read (GET one
// title) beside a bare net/http handler serving a JSON body of the same
// size, in the same run: both run as child processes on loopback and are
// driven in turn by the same load generator (wrk when installed, else a
// Go client in this process) with the same number of keep-alive
// connections. `silkbridge bench http` wires it; see docs/benchmarks.md.
package httpbench

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"github.com/silkbridge/silkbridge/internal/benchkit"
)

// Config drives a run.
type Config struct {
	// Hub starts the real server (e.g. [silkbridge serve --data DIR ...]);
	// Run adds --addr 127.0.0.1:0 and reads the address it prints.
	Hub    []string
	HubEnv []string
	// Bare starts the bare handler; it gets the body's file in BareEnv and
	// prints "bare handler listening on URL".
	Bare []string
	// Token authorises the reads; Paths are the titles read in turn.
	Token string
	Paths []string
	// Clients is the number of concurrent keep-alive connections.
	Clients  int
	Duration time.Duration
	// Rounds alternates bare and hub this many times, so drift in the
	// machine's load shows up as a spread rather than as a bias.
	Rounds int
	// AcceptEncoding is sent with every request (as Go's and most HTTP
	// clients send gzip by default).
	AcceptEncoding string
	// Load is "wrk" or "go" (the built-in generator).
	Load     string
	HubLog   io.Writer
	Progress io.Writer
	BodyFile string // where Run writes the body the bare handler serves
	Warmup   time.Duration
}

// Figures are one measurement.
type Figures struct {
	Target         string
	Requests       int64
	Errors         int64
	RPS            float64
	P50, P99       time.Duration
	LoadAvg        string
	ResponseBytes  int
	ContentEncoded string
}

// BareEnv names the environment variable giving the bare handler its body.
const BareEnv = "SILKBRIDGE_HTTPBENCH_BARE_BODY"

// Run starts both servers and measures them in turn.
func Run(ctx context.Context, cfg Config) ([]Figures, error) {
	hub, err := start(ctx, append(append([]string{}, cfg.Hub...), "--addr", "127.0.0.1:0"), cfg.HubEnv, cfg.HubLog, "silkbridge is listening on ")
	if err != nil {
		return nil, fmt.Errorf("hub: %w", err)
	}
	defer hub.stop()
	if err := awaitSearchCopies(ctx, hub.base, cfg.Progress, 15*time.Minute); err != nil {
		return nil, fmt.Errorf("hub: %w", err)
	}
	// The bare handler serves exactly the bytes the hub answers for the
	// first title (uncompressed), with the same content type.
	body, err := fetch(ctx, hub.base+cfg.Paths[0], cfg.Token)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(cfg.BodyFile, body, 0o600); err != nil {
		return nil, err
	}
	bare, err := start(ctx, cfg.Bare, []string{BareEnv + "=" + cfg.BodyFile}, io.Discard, "bare handler listening on ")
	if err != nil {
		return nil, fmt.Errorf("bare handler: %w", err)
	}
	defer bare.stop()
	targets := []struct {
		name, base string
		paths      []string
	}{
		{"bare net/http JSON handler", bare.base, []string{"/title"}},
		{"hub GET /api/v1/titles/{id}", hub.base, cfg.Paths},
	}
	var out []Figures
	for round := 0; round < max(1, cfg.Rounds); round++ {
		for _, t := range targets {
			if cfg.Warmup > 0 {
				if _, err := drive(ctx, cfg, t.base, t.paths, cfg.Warmup); err != nil {
					return out, err
				}
			}
			f, err := drive(ctx, cfg, t.base, t.paths, cfg.Duration)
			if err != nil {
				return out, fmt.Errorf("%s: %w", t.name, err)
			}
			f.Target, f.LoadAvg, f.ResponseBytes = t.name, benchkit.LoadAverage(), len(body)
			if cfg.Progress != nil {
				fmt.Fprintf(cfg.Progress, "%s: %.0f req/s, p50 %v, p99 %v, %d errors; load average %s\n",
					f.Target, f.RPS, f.P50, f.P99, f.Errors, f.LoadAvg)
			}
			out = append(out, f)
		}
	}
	return out, nil
}

func drive(ctx context.Context, cfg Config, base string, paths []string, d time.Duration) (Figures, error) {
	if cfg.Load == "wrk" {
		return driveWrk(ctx, cfg, base, paths, d)
	}
	return driveGo(ctx, cfg, base, paths, d)
}

func fetch(ctx context.Context, url, token string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept-Encoding", "identity")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s: %s", url, resp.Status, b)
	}
	return b, err
}

type child struct {
	cmd  *exec.Cmd
	base string
}

func start(ctx context.Context, argv, env []string, stderr io.Writer, announce string) (*child, error) {
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stderr = stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	c := &child{cmd: cmd}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if rest, ok := strings.CutPrefix(sc.Text(), announce); ok {
				found <- strings.TrimSpace(rest)
			}
		}
	}()
	select {
	case c.base = <-found:
		return c, nil
	case <-time.After(2 * time.Minute):
		c.stop()
		return nil, fmt.Errorf("%s did not say where it listens within two minutes", argv[0])
	}
}

func (c *child) stop() {
	c.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { c.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		c.cmd.Process.Kill()
	}
}
