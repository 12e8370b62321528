// Package ffmpeg runs the operating system's ffmpeg and ffprobe as separate
// processes to read technical metadata and to make previews (poster, sprite
// storyboard, HLS). It holds no state about assets and touches no database.
//
// Every run is sandboxed the same way, because the input is an uploaded file
// that may be hostile:
//   - the process gets no stdin (-nostdin for ffmpeg; /dev/null for both);
//   - -protocol_whitelist file,pipe on every input, so a playlist, concat
//     list or reference inside the file cannot make the server open a URL;
//   - -format_whitelist limited to media containers (allowedDemuxers), so the
//     demuxers that open other resources (hls, concat, dash, sdp, image
//     sequences…) are refused before they read anything;
//   - a timeout per run, and a process-wide limit on concurrent runs;
//   - a bounded stderr capture that becomes the failure reason, with the
//     server's paths taken out.
package ffmpeg

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// ErrNotInstalled means ffmpeg or ffprobe is not on this server.
var ErrNotInstalled = errors.New("ffmpeg is not installed on the server")

// Config tunes a Runner. Zero values take the defaults.
type Config struct {
	// FFmpeg and FFprobe are the programs, found in PATH unless absolute.
	FFmpeg, FFprobe string
	// MaxConcurrent bounds the ffmpeg/ffprobe processes running at once in
	// this server (default 2): packaging is CPU- and disk-heavy, and the API
	// must stay responsive beside it.
	MaxConcurrent int
	// ProbeTimeout bounds one ffprobe run (default 2 minutes).
	ProbeTimeout time.Duration
	// Timeout bounds one ffmpeg run (default 6 hours: a feature-length
	// encode on a small machine).
	Timeout time.Duration
}

// Runner runs ffmpeg and ffprobe. One Runner per process: its semaphore is
// the process-wide concurrency limit.
type Runner struct {
	cfg Config
	sem chan struct{}
}

// New returns a Runner for cfg.
func New(cfg Config) *Runner {
	if cfg.FFmpeg == "" {
		cfg.FFmpeg = "ffmpeg"
	}
	if cfg.FFprobe == "" {
		cfg.FFprobe = "ffprobe"
	}
	if cfg.MaxConcurrent <= 0 {
		cfg.MaxConcurrent = 2
	}
	if cfg.ProbeTimeout <= 0 {
		cfg.ProbeTimeout = 2 * time.Minute
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 6 * time.Hour
	}
	return &Runner{cfg: cfg, sem: make(chan struct{}, cfg.MaxConcurrent)}
}

// Available reports whether both programs can be found; the error wraps
// ErrNotInstalled and says which one is missing.
func (r *Runner) Available() error {
	for _, p := range []string{r.cfg.FFprobe, r.cfg.FFmpeg} {
		if _, err := exec.LookPath(p); err != nil {
			return fmt.Errorf("%w: %s not found", ErrNotInstalled, filepath.Base(p))
		}
	}
	return nil
}

// Error is a failed run: the tool, how it ended and the tail of its stderr.
type Error struct {
	Tool   string
	Err    error
	Stderr string
}

func (e *Error) Error() string {
	if e.Stderr != "" {
		return e.Tool + ": " + e.Stderr
	}
	return e.Tool + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// stderrLimit bounds what is kept of a tool's stderr: the tail holds the
// error that stopped it, and a hostile file can make ffmpeg log without end.
const stderrLimit = 8 << 10

// tailBuffer keeps the last stderrLimit bytes written to it.
type tailBuffer struct{ b []byte }

func (t *tailBuffer) Write(p []byte) (int, error) {
	n := len(p)
	if len(p) >= stderrLimit {
		p = p[len(p)-stderrLimit:]
		t.b = t.b[:0]
	}
	if over := len(t.b) + len(p) - stderrLimit; over > 0 {
		t.b = append(t.b[:0], t.b[over:]...)
	}
	t.b = append(t.b, p...)
	return n, nil
}

// reason turns captured stderr into a short failure reason: the last few
// lines, without the server's paths.
func reason(stderr []byte, paths ...string) string {
	s := string(bytes.ToValidUTF8(stderr, []byte("?")))
	for _, p := range paths {
		if p != "" {
			s = strings.ReplaceAll(s, p, filepath.Base(p))
		}
	}
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > 4 {
		lines = lines[len(lines)-4:]
	}
	out := strings.TrimSpace(strings.Join(lines, "\n"))
	if len(out) > 1000 {
		out = out[len(out)-1000:]
	}
	return out
}

// acquire takes a slot of the process-wide limit, or gives up with ctx.
func (r *Runner) acquire(ctx context.Context) (func(), error) {
	select {
	case r.sem <- struct{}{}:
		return func() { <-r.sem }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// run executes tool with args under the limit and timeout. stdout, when
// not nil, receives the tool's standard output; scrub lists paths to take
// out of the failure reason.
func (r *Runner) run(ctx context.Context, tool string, timeout time.Duration, args []string, stdout io.Writer, scrub ...string) error {
	if _, err := exec.LookPath(tool); err != nil {
		return fmt.Errorf("%w: %s not found", ErrNotInstalled, filepath.Base(tool))
	}
	release, err := r.acquire(ctx)
	if err != nil {
		return err
	}
	defer release()
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, tool, args...)
	cmd.Stdin = nil // /dev/null
	cmd.Stdout = stdout
	var stderr tailBuffer
	cmd.Stderr = &stderr
	cmd.WaitDelay = 5 * time.Second
	cmd.SysProcAttr = sysProcAttr()
	err = cmd.Run()
	if err == nil {
		return nil
	}
	name := filepath.Base(tool)
	if ctx.Err() != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return &Error{Tool: name, Err: fmt.Errorf("took longer than %s: %w", timeout, ctx.Err())}
		}
		return ctx.Err()
	}
	return &Error{Tool: name, Err: err, Stderr: reason(stderr.b, scrub...)}
}

// inputArgs are the options every input gets, then the input itself. The
// "file:" prefix makes a path that looks like a URL stay a path.
func inputArgs(path string) []string {
	return []string{
		"-protocol_whitelist", "file,pipe",
		"-format_whitelist", allowedDemuxers,
		"-i", "file:" + path,
	}
}

// IsPermanent reports whether err comes from the file itself (not media,
// a refused format, a decoding or packaging error, truncation, a run over
// the time limit), so trying again would fail the same way; other errors
// (a cancelled context, a full disk) are worth a retry.
func IsPermanent(err error) bool {
	var fe *Error
	return errors.As(err, &fe) || errors.Is(err, ErrNotMedia) || errors.Is(err, ErrTruncated) || errors.Is(err, ErrNoVideo)
}
