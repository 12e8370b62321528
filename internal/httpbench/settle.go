package httpbench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"time"
)

// copyMetric matches the /metrics samples saying whether each of the hub's
// in-memory search copies has loaded (0 or 1), absent when it keeps none.
var copyMetric = regexp.MustCompile(`(?m)^silkbridge_search_memory_loaded\{index="(\w+)"\} (\S+)$`)

// awaitSearchCopies waits until the hub's in-memory search copies have
// loaded, so that loading them (seconds of both cores on a large
// catalogue) is not measured as serving; a hub without copies is ready at
// once.
func awaitSearchCopies(ctx context.Context, base string, progress io.Writer, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	said := false
	for {
		loading, err := copiesLoading(ctx, base)
		if err != nil || loading == 0 {
			return err
		}
		if !said && progress != nil {
			fmt.Fprintln(progress, "waiting for the hub's in-memory search copies to load")
			said = true
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the hub's in-memory search copies did not load within %v", limit)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// copiesLoading counts the copies the hub reports as not yet loaded.
func copiesLoading(ctx context.Context, base string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/metrics", nil)
	if err != nil {
		return 0, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("GET /metrics: %s", resp.Status)
	}
	n := 0
	for _, m := range copyMetric.FindAllSubmatch(body, -1) {
		if string(m[2]) == "0" {
			n++
		}
	}
	return n, nil
}
