package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/silkbridge/silkbridge/internal/benchkit"
)

// newBenchMachineCmd is `bench machine`: how steadily this machine runs a
// fixed amount of CPU work (benchkit.Loop), the floor under every p99 the
// other benchmarks measure on it.
func newBenchMachineCmd() *cobra.Command {
	var (
		each time.Duration
		runs int
	)
	cmd := &cobra.Command{
		Use:   "machine",
		Short: "Time a fixed CPU loop many times: the machine's own tail latency, the floor under the other benchmarks' p99s",
		RunE: func(cmd *cobra.Command, _ []string) error {
			if each <= 0 || runs <= 0 {
				return fmt.Errorf("--each and --runs must be positive")
			}
			load := benchkit.LoadAverage()
			loop := benchkit.Calibrate(each)
			ds := make([]time.Duration, runs)
			for i := range ds {
				ds[i] = loop.Time()
			}
			ms := func(p int) string {
				return fmt.Sprintf("%.2f ms", float64(benchkit.Percentile(ds, p).Microseconds())/1000)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "a %s loop (at the machine's best) run %d times: p50 %s p90 %s p99 %s max %s; load average %s → %s\n",
				each, runs, ms(50), ms(90), ms(99), ms(100), load, benchkit.LoadAverage())
			return nil
		},
	}
	cmd.Flags().DurationVar(&each, "each", 20*time.Millisecond, "how long one loop takes when the machine runs at its best")
	cmd.Flags().IntVar(&runs, "runs", 400, "how many times to time the loop")
	return cmd
}
