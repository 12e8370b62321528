package benchkit

import "time"

// Loop measures how steadily the machine runs a fixed amount of work, as
// the baseline for a benchmark's tail latencies. On a shared or
// virtual machine the same CPU work takes longer now and then (another
// tenant on the core, the hypervisor), so a p99 reflects the machine as
// well as the code. Timing a fixed loop right beside each measured
// operation, calibrated to the operation's median, shows the p99 that an
// operation doing exactly the same work every time would have had in the
// same run: the floor no code change can go below on that machine.
//
// The work is arithmetic on registers, with no allocation, memory traffic
// or system call, so only the machine varies.
type Loop struct{ n int }

// sink keeps the compiler from removing the loop.
var sink uint64

func spin(n int) {
	x := uint64(n)
	for range n {
		x = x*6364136223846793005 + 1442695040888963407
	}
	sink += x
}

// Calibrate returns a loop that takes about d when the machine runs at its
// best: the fastest of several timed probes sets the rate, so a probe the
// machine slowed does not stretch the loop. d below a microsecond is
// raised to one.
func Calibrate(d time.Duration) Loop {
	best := time.Duration(1<<63 - 1)
	for range 7 {
		t0 := time.Now()
		spin(probe)
		best = min(best, time.Since(t0))
	}
	return loopFor(d, best)
}

// probe is the iterations of one calibration probe.
const probe = 100_000

// loopFor is the loop taking about d on a machine that ran probe
// iterations in best.
func loopFor(d, best time.Duration) Loop {
	d, best = max(d, time.Microsecond), max(best, time.Nanosecond)
	return Loop{n: max(1, int(float64(probe)*float64(d)/float64(best)))}
}

// Time runs the loop once and returns how long it took.
func (l Loop) Time() time.Duration {
	t0 := time.Now()
	spin(l.n)
	return time.Since(t0)
}
