package store

import (
	"testing"
	"time"
)

// FuzzParseTimeAgreesWithTimeParse checks the digit-by-digit reading of
// stored instants against time.Parse with the stored layout, for any text:
// the same instant where time.Parse reads one, the zero time where it fails.
func FuzzParseTimeAgreesWithTimeParse(f *testing.F) {
	for _, s := range []string{
		"2026-12-02T19:13:45.230977Z", "2024-02-29T23:59:59.999999Z", "2025-02-29T00:00:00.000000Z",
		"2025-13-01T00:00:00.000000Z", "2025-00-10T00:00:00.000000Z", "2025-01-00T00:00:00.000000Z",
		"2025-01-31T24:00:00.000000Z", "2025-01-10T10:60:00.000000Z", "2025-01-10T10:00:60.000000Z",
		"0000-01-01T00:00:00.000000Z", "9999-12-31T23:59:59.999999Z", "2025-01-1xT00:00:00.000000Z",
		"2025-01-10 10:00:00.000000Z", "2025-01-10T10:00:00.000000+", "+025-01-10T10:00:00.000000Z",
		"2025-01-10T10:00:00Z", "", "2025-04-31T00:00:00.000000Z",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := time.Parse(timeLayout, s)
		if got := parseTime(s); !got.Equal(want) || got.Location() != want.Location() {
			t.Fatalf("parseTime(%q) = %v, time.Parse gives %v", s, got, want)
		}
	})
}

// Every instant fmtTime writes reads back unchanged, on the fast path and
// off it (days after the 28th).
func TestParseTimeReadsWhatFmtTimeWrote(t *testing.T) {
	for _, in := range []time.Time{
		time.Date(2026, 12, 2, 19, 13, 45, 230977000, time.UTC),
		time.Date(2024, 2, 29, 23, 59, 59, 999999000, time.UTC),
		time.Date(1999, 1, 1, 0, 0, 0, 0, time.FixedZone("MSK", 3*3600)),
	} {
		if got := parseTime(fmtTime(in)); !got.Equal(in) {
			t.Errorf("%v wrote %q and read back %v", in, fmtTime(in), got)
		}
	}
}

func BenchmarkParseTime(b *testing.B) {
	for range b.N {
		parseTime("2026-12-02T19:13:45.230977Z")
	}
}

func BenchmarkParseTimeWithTimeParse(b *testing.B) {
	for range b.N {
		time.Parse(timeLayout, "2026-12-02T19:13:45.230977Z")
	}
}
