package main

import (
	"log/slog"
	"runtime/debug"
	"testing"
)

// TestGCPercentFor: the collector may let the heap grow by a quarter of
// what is live or 256 MiB, whichever is more, but never by more than the
// default's 100%.
func TestGCPercentFor(t *testing.T) {
	const mib = 1 << 20
	for _, c := range []struct {
		live uint64
		want int
	}{
		{0, 100},         // nothing measured: the default
		{30 * mib, 100},  // a small catalogue: 256 MiB would be more than 100%
		{256 * mib, 100}, // 256 MiB of room is exactly 100%
		{512 * mib, 50},  // 256 MiB of room
		{1024 * mib, 25}, // a quarter and 256 MiB agree
		{4096 * mib, 25}, // a quarter is more than 256 MiB
		{1000 * mib, 25}, // 25.6% truncates to 25
		{700 * mib, 36},  // 256/700
	} {
		if got := gcPercentFor(c.live); got != c.want {
			t.Errorf("gcPercentFor(%d MiB) = %d, want %d", c.live/mib, got, c.want)
		}
	}
}

// TestHeapSettlerLeavesAnOperatorsGOGC: with GOGC set the settler keeps the
// collector's percentage; without it, it sets gcPercentFor's (100 for a
// test's small heap, from the 300 set here).
func TestHeapSettlerLeavesAnOperatorsGOGC(t *testing.T) {
	old := debug.SetGCPercent(300)
	defer debug.SetGCPercent(old)
	h := &heapSettler{log: slog.New(slog.DiscardHandler)}
	t.Setenv("GOGC", "300")
	h.loaded()
	if p := debug.SetGCPercent(300); p != 300 {
		t.Fatalf("with GOGC=300 the settler set the percentage to %d", p)
	}
	t.Setenv("GOGC", "")
	h.loaded()
	if live := liveHeap(); live == 0 || live >= 256<<20 {
		t.Fatalf("the test's live heap reads %d bytes; expected some, under 256 MiB", live)
	}
	if p := debug.SetGCPercent(300); p != 100 {
		t.Fatalf("without GOGC the settler set the percentage to %d; want 100 for a small heap", p)
	}
}
