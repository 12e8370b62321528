package authbench

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/silkbridge/silkbridge/internal/benchkit"
)

// Config drives a run.
type Config struct {
	// Server is the command starting the hub (e.g. [silkbridge serve --data
	// DIR]); Run adds --addr 127.0.0.1:0 and reads the address it prints.
	Server []string
	Env    []string
	// Attackers is the number of concurrent attacking clients.
	Attackers int
	// Phase is how long each phase lasts.
	Phase time.Duration
	// NormalEvery paces the normal client (one title page per tick).
	NormalEvery time.Duration
	// AttackEvery paces each attacker (0: back to back, as fast as the
	// server answers). Attackers on the same machine compete with the server
	// for its cores, which remote attackers would not.
	AttackEvery time.Duration
	// AttackCommand starts the attacking process; Run passes it an
	// AttackSpec as JSON in $SILKBRIDGE_AUTHBENCH_ATTACK and reads the
	// answers' status counts as JSON from its standard output (see Attack).
	AttackCommand []string
	// Progress receives a line per phase.
	Progress io.Writer
	// ServerLog receives the server's log (nil discards it).
	ServerLog io.Writer
}

// Phase describes one phase of the run.
type Phase struct {
	Name string
	// Attack is the kind of attack (empty: none).
	Attack attack
	// Spread gives each attacker its own loopback address (127.0.1.x), as a
	// botnet would, so only the per-credential limit holds the token guesses.
	Spread bool
}

type attack int

const (
	none attack = iota
	// randomSecrets: half the requests carry the victim's token id with a
	// random secret, half a random junk Authorization header.
	randomSecrets
	// legacySecrets: random secrets for the id of a token still stored with
	// argon2id, the one path that still costs a slow hash.
	legacySecrets
)

// Phases are the phases of a run, baseline first and last.
var Phases = []Phase{
	{Name: "baseline (no attack)"},
	{Name: "attack, one address", Attack: randomSecrets},
	{Name: "attack, one address per attacker", Attack: randomSecrets, Spread: true},
	{Name: "attack on a legacy argon2id token, one address per attacker", Attack: legacySecrets, Spread: true},
	{Name: "baseline again (after the attacks)"},
}

// Result is what one phase measured.
type Result struct {
	Phase
	// Normal client: requests, failures (anything but 200), latency.
	NormalN, NormalFailed int
	P50, P99, Max         time.Duration
	// Attackers: requests answered, by status.
	AttackN      int64
	AttackStatus map[int]int64
	// PeakRSS is the server's peak resident memory during the phase (bytes).
	PeakRSS int64
	// ServerCPU is the CPU time the server process used during the phase.
	ServerCPU time.Duration
}

// Run starts the server, runs every phase and stops the server.
func Run(ctx context.Context, cfg Config, tok Tokens) ([]Result, error) {
	srv, err := startServer(ctx, cfg)
	if err != nil {
		return nil, err
	}
	defer srv.stop()
	victimID := strings.SplitN(strings.TrimPrefix(tok.Victim, "sbt_"), "_", 2)[0]
	var out []Result
	for _, ph := range Phases {
		r, err := runPhase(ctx, cfg, srv, ph, tok, victimID)
		if err != nil {
			return out, fmt.Errorf("%s: %w", ph.Name, err)
		}
		if cfg.Progress != nil {
			fmt.Fprintf(cfg.Progress, "%s: normal p50 %v p99 %v (%d requests, %d failed); attackers %d requests %v; peak RSS %d MiB\n",
				ph.Name, r.P50, r.P99, r.NormalN, r.NormalFailed, r.AttackN, r.AttackStatus, r.PeakRSS>>20)
		}
		out = append(out, r)
		// Let the rate limiter's buckets refill between phases.
		time.Sleep(5 * time.Second)
	}
	return out, nil
}

type server struct {
	cmd  *exec.Cmd
	base string
}

func startServer(ctx context.Context, cfg Config) (*server, error) {
	// The server logs at its default level (info), as in production, to
	// ServerLog: writing the log is part of what a flood costs.
	args := append(append([]string{}, cfg.Server[1:]...), "--addr", "127.0.0.1:0")
	cmd := exec.CommandContext(ctx, cfg.Server[0], args...)
	cmd.Env = append(os.Environ(), cfg.Env...)
	cmd.Stderr = cfg.ServerLog
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if rest, ok := strings.CutPrefix(sc.Text(), "silkbridge is listening on "); ok {
				found <- strings.TrimSpace(rest)
			}
		}
	}()
	select {
	case s.base = <-found:
		return s, nil
	case <-time.After(60 * time.Second):
		s.stop()
		return nil, fmt.Errorf("the server did not say where it listens within a minute")
	}
}

func (s *server) stop() {
	s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		s.cmd.Process.Kill()
	}
}

func runPhase(ctx context.Context, cfg Config, srv *server, ph Phase, tok Tokens, victimID string) (Result, error) {
	res := Result{Phase: ph, AttackStatus: map[int]int64{}}
	ctx, cancel := context.WithTimeout(ctx, cfg.Phase)
	defer cancel()
	pid := srv.cmd.Process.Pid
	// Reset the kernel's peak-RSS mark so VmHWM is this phase's peak.
	os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0)
	cpuBefore := cpuTime(pid)
	var peak atomic.Int64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); sampleRSS(ctx, pid, &peak) }()

	// The attackers run in a child process (AttackCommand) so that their
	// allocations and goroutines do not stall the normal client's own
	// measurements; only the machine's cores are shared, as with the server.
	var attackErr error
	if ph.Attack != none {
		spec := AttackSpec{URL: srv.base + "/api/v1/titles?limit=20", Attackers: cfg.Attackers, Spread: ph.Spread,
			Every: cfg.AttackEvery, Duration: cfg.Phase}
		if ph.Attack == legacySecrets {
			spec.TokenID = tok.LegacyID
		} else {
			spec.TokenID, spec.Junk = victimID, true
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			var counts map[int]int64
			counts, attackErr = runAttackChild(ctx, cfg.AttackCommand, spec)
			for k, v := range counts {
				res.AttackStatus[k] += v
				res.AttackN += v
			}
		}()
	}

	// The normal client: its own address, one title page per tick.
	normal := clientFrom(netip.AddrFrom4([4]byte{127, 0, 0, 2}))
	var lat []time.Duration
	tick := time.NewTicker(cfg.NormalEvery)
	for ctx.Err() == nil {
		start := time.Now()
		status, err := get(ctx, normal, srv.base+"/api/v1/titles?limit=20&lang=en", "Bearer "+tok.Normal)
		if ctx.Err() != nil {
			break
		}
		lat = append(lat, time.Since(start))
		if err != nil || status != http.StatusOK {
			res.NormalFailed++
		}
		select {
		case <-tick.C:
		case <-ctx.Done():
		}
	}
	tick.Stop()
	wg.Wait()
	normal.CloseIdleConnections()
	if attackErr != nil {
		return res, attackErr
	}
	res.NormalN = len(lat)
	res.P50, res.P99, res.Max = benchkit.Percentile(lat, 50), benchkit.Percentile(lat, 99), benchkit.Percentile(lat, 100)
	res.PeakRSS = max(peak.Load(), readStatus(pid, "VmHWM:"))
	res.ServerCPU = cpuTime(pid) - cpuBefore
	return res, nil
}

func clientFrom(local netip.Addr) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: local.AsSlice()}, Timeout: 5 * time.Second}
	return &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		DialContext: d.DialContext, MaxIdleConnsPerHost: 1, DisableCompression: true,
	}}
}

func get(ctx context.Context, c *http.Client, url, authz string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", authz)
	res, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode, nil
}

func randomText(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)[:n]
}

func sampleRSS(ctx context.Context, pid int, peak *atomic.Int64) {
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	for {
		if v := readStatus(pid, "VmRSS:"); v > peak.Load() {
			peak.Store(v)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// readStatus returns a "kB" field of /proc/PID/status in bytes, or 0.
func readStatus(pid int, field string) int64 {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if rest, ok := strings.CutPrefix(line, field); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// cpuTime is the user plus system CPU time of a process so far, from
// /proc/PID/stat (in clock ticks of 1/100 s on Linux).
func cpuTime(pid int) time.Duration {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// Fields after the command name (which may hold spaces) start at ")".
	i := strings.LastIndexByte(string(raw), ')')
	f := strings.Fields(string(raw)[i+1:])
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond
}
