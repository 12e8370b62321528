package avails_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/silkbridge/silkbridge/internal/avails/availstest"
)

// TestFuzzSeedsAreCurrent: the fuzz seed corpus holds the MovieLabs-style
// samples (testdata/fuzz/FuzzReadXLSX/movielabs-v*, FuzzReadTSV/movielabs-v1.6).
// SILKBRIDGE_WRITE_SEEDS=1 writes them after the samples change.
func TestFuzzSeedsAreCurrent(t *testing.T) {
	seeds := map[string][]byte{filepath.Join("FuzzReadTSV", "movielabs-v1.6"): availstest.SampleTSV16()}
	for _, v := range availstest.SampleVersions {
		seeds[filepath.Join("FuzzReadXLSX", "movielabs-v"+v)] = availstest.SampleXLSX(t, v)
	}
	for name, data := range seeds {
		path := filepath.Join("testdata", "fuzz", name)
		want := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", data)
		if os.Getenv("SILKBRIDGE_WRITE_SEEDS") == "1" {
			if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("seed %s missing (run with SILKBRIDGE_WRITE_SEEDS=1): %v", name, err)
		}
		if name == filepath.Join("FuzzReadTSV", "movielabs-v1.6") && string(got) != want {
			t.Errorf("seed %s is stale (run with SILKBRIDGE_WRITE_SEEDS=1)", name)
		}
	}
}
