package benchkit

import "runtime/metrics"

// GCCycles returns how many garbage collections the process has completed.
// A timed operation during which the count moved shared the CPU with a
// collection's marking (and perhaps helped it): benchmarks report those
// apart, so a tail made by the collector is not read as the code's own.
func GCCycles() uint64 {
	s := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}
