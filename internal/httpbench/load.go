package httpbench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// driveWrk runs wrk (two threads, cfg.Clients connections) and reads the
// figures its done() callback prints. wrk is written in C around epoll, so
// on a small machine it takes less of the cores than a Go client would,
// leaving more of them to the server being measured.
func driveWrk(ctx context.Context, cfg Config, base string, paths []string, d time.Duration) (Figures, error) {
	var b strings.Builder
	b.WriteString("local paths = {")
	for i, p := range paths {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(strconv.Quote(p))
	}
	fmt.Fprintf(&b, `}
local i = 0
wrk.headers["Authorization"] = %q
wrk.headers["Accept-Encoding"] = %q
request = function()
  i = i + 1
  if i > #paths then i = 1 end
  return wrk.format("GET", paths[i])
end
done = function(s, latency, requests)
  local e = s.errors
  io.write(string.format("SBRESULT %%d %%d %%d %%d %%d\n", s.requests, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(99), s.duration))
end
`, "Bearer "+cfg.Token, cfg.AcceptEncoding)
	script, err := os.CreateTemp("", "silkbridge-httpbench-*.lua")
	if err != nil {
		return Figures{}, err
	}
	defer os.Remove(script.Name())
	if _, err := script.WriteString(b.String()); err != nil {
		return Figures{}, err
	}
	script.Close()
	out, err := exec.CommandContext(ctx, "wrk", "-t", "2", "-c", strconv.Itoa(cfg.Clients), "-d", fmt.Sprintf("%ds", int(d.Seconds())),
		"-s", script.Name(), base).CombinedOutput()
	if err != nil {
		return Figures{}, fmt.Errorf("wrk: %w: %s", err, out)
	}
	for _, line := range strings.Split(string(out), "\n") {
		var n, errs, p50, p99, dur int64
		if _, err := fmt.Sscanf(line, "SBRESULT %d %d %d %d %d", &n, &errs, &p50, &p99, &dur); err == nil {
			return Figures{Requests: n, Errors: errs, RPS: float64(n) / (float64(dur) / 1e6),
				P50: time.Duration(p50) * time.Microsecond, P99: time.Duration(p99) * time.Microsecond}, nil
		}
	}
	return Figures{}, fmt.Errorf("wrk printed no figures: %s", out)
}

// driveGo is the fallback when wrk is not installed: cfg.Clients goroutines,
// each with its own keep-alive connection, reading in a loop.
func driveGo(ctx context.Context, cfg Config, base string, paths []string, d time.Duration) (Figures, error) {
	tr := &http.Transport{MaxIdleConnsPerHost: cfg.Clients, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var mu sync.Mutex
	var all []time.Duration
	var errs int64
	start := time.Now()
	var wg sync.WaitGroup
	for c := range cfg.Clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			var bad int64
			for i := c; ctx.Err() == nil; i++ {
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+paths[i%len(paths)], nil)
				req.Header.Set("Authorization", "Bearer "+cfg.Token)
				req.Header.Set("Accept-Encoding", cfg.AcceptEncoding)
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					if ctx.Err() == nil {
						bad++
					}
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					bad++
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			all, errs = append(all, mine...), errs+bad
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(all)
	f := Figures{Requests: int64(len(all)), Errors: errs, RPS: float64(len(all)) / elapsed.Seconds()}
	if len(all) > 0 {
		f.P50, f.P99 = all[len(all)/2], all[min(len(all)-1, len(all)*99/100)]
	}
	return f, nil
}
