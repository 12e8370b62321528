// Package benchkit holds what the repository's benchmarks share: the
// percentiles they report, the load average they record beside every
// figure, and a fixed loop that measures the machine's own jitter as the
// baseline of a tail latency (see Loop).
package benchkit

import (
	"os"
	"slices"
	"strings"
	"time"
)

// Percentile returns the p-th percentile (1–100) of ds by the nearest-rank
// method (100: the maximum), or 0 for none. ds is not changed.
func Percentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := (len(s)*p+99)/100 - 1
	return s[max(0, min(i, len(s)-1))]
}

// LoadAverage returns the machine's load averages over 1, 5 and 15 minutes
// as /proc/loadavg gives them, or "?" where it cannot be read.
func LoadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}
