package main

import (
	"regexp"
	"testing"
)

func TestBenchMachinePrintsTheLoopsPercentiles(t *testing.T) {
	out := mustRun(t, t.TempDir(), "", "bench", "machine", "--each", "100us", "--runs", "30")
	if !regexp.MustCompile(`a 100µs loop \(at the machine's best\) run 30 times: p50 [0-9.]+ ms p90 [0-9.]+ ms p99 [0-9.]+ ms max [0-9.]+ ms; load average`).MatchString(out) {
		t.Fatalf("output: %s", out)
	}
	for _, args := range [][]string{{"--runs", "0"}, {"--each", "0s"}} {
		if _, err := run(t, t.TempDir(), "", append([]string{"bench", "machine"}, args...)...); err == nil {
			t.Errorf("bench machine %v: no error", args)
		}
	}
}
