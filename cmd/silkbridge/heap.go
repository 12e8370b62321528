package main

import (
	"log/slog"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// heapSettler keeps a server's heap near what it holds once the in-memory
// search copies have loaded. Loading builds them through a great deal of
// garbage, and Go's default collector lets the heap grow to twice what is
// live before collecting: with copies of a million titles and half a
// million people (about 1 GB live) the process reached 3.2 GB resident.
// So after each copy loads, the settler collects and returns the garbage
// to the operating system, and lowers the collector's percentage so the
// heap may outgrow what is live by a quarter, or by 256 MiB if that is
// more, never by more than the default's 100%. An operator who sets GOGC
// keeps it.
type heapSettler struct {
	mu  sync.Mutex
	log *slog.Logger
}

// loaded settles the heap; the copies call it (search.MemoryConfig.Loaded).
func (h *heapSettler) loaded() {
	h.mu.Lock()
	defer h.mu.Unlock()
	debug.FreeOSMemory() // collects first
	live := liveHeap()
	if os.Getenv("GOGC") != "" {
		h.log.Info("heap settled after loading a search copy", "live_bytes", live)
		return
	}
	percent := gcPercentFor(live)
	debug.SetGCPercent(percent)
	h.log.Info("heap settled after loading a search copy", "live_bytes", live, "gc_percent", percent)
}

// gcPercentFor is the collector's percentage for a heap of live bytes:
// room to grow by a quarter or 256 MiB, whichever is more, at most 100%.
func gcPercentFor(live uint64) int {
	const room = 256 << 20
	if live == 0 {
		return 100
	}
	return int(min(100, max(25, room*100/live)))
}

// liveHeap reads the bytes the last collection found live.
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}
