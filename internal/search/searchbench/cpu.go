package searchbench

import (
	"strings"
	"syscall"
	"time"

	"github.com/silkbridge/silkbridge/internal/benchkit"
)

// cpuTime returns the CPU time this process has used (user and system).
// On SQLite all the work of indexing and searching is in this process, so
// CPU time per title or per query shows the cost apart from waiting for
// other processes on a shared machine; on PostgreSQL most of it is in the
// server and this undercounts.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loadAverage returns the machine's 1-minute load average as text, to
// record how busy the machine was during a measurement.
func loadAverage() string { return strings.Fields(benchkit.LoadAverage())[0] }
