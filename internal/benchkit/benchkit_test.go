package benchkit

import (
	"runtime"
	"testing"
	"time"
)

func TestPercentileNearestRank(t *testing.T) {
	var ds []time.Duration
	for i := 100; i >= 1; i-- {
		ds = append(ds, time.Duration(i))
	}
	for p, want := range map[int]time.Duration{1: 1, 50: 50, 99: 99, 100: 100} {
		if got := Percentile(ds, p); got != want {
			t.Errorf("p%d = %d, want %d", p, got, want)
		}
	}
	if ds[0] != 100 {
		t.Error("Percentile sorted its argument")
	}
	if Percentile(nil, 50) != 0 {
		t.Error("no durations should give 0")
	}
	if got := Percentile([]time.Duration{7, 3}, 50); got != 3 {
		t.Errorf("p50 of two = %d, want the lower (nearest rank)", got)
	}
}

// A loop's iterations follow the duration asked at the probe's rate.
func TestLoopForScalesWithDuration(t *testing.T) {
	rate := time.Millisecond // probe iterations in a millisecond
	if got := loopFor(10*time.Millisecond, rate).n; got != 10*probe {
		t.Errorf("10 ms at %d per ms: %d iterations", probe, got)
	}
	if got := loopFor(0, rate).n; got != probe/1000 {
		t.Errorf("a zero duration is raised to a microsecond: %d iterations", got)
	}
	if got := loopFor(time.Millisecond, 0).n; got < 1 {
		t.Errorf("a probe timed at zero still gives a loop: %d", got)
	}
	if Calibrate(50*time.Microsecond).Time() <= 0 {
		t.Error("a timed loop took no time")
	}
}

func TestGCCyclesCountsACollection(t *testing.T) {
	before := GCCycles()
	runtime.GC()
	if after := GCCycles(); after <= before {
		t.Fatalf("GCCycles after runtime.GC = %d, before %d", after, before)
	}
}
