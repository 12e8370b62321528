package main

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestServeSearchesFromMemoryByDefault starts the demo server without
// search flags and searches it: once the in-memory copies have loaded
// (their titles and people metrics), title and people searches are
// answered in memory, as /metrics counts.
func TestServeSearchesFromMemoryByDefault(t *testing.T) {
	base, token, stop := startServe(t, t.TempDir(), "")
	defer stop()
	metric := func(name string) float64 {
		v, ok := serveMetric(t, base, name)
		if !ok {
			t.Fatalf("/metrics has no %s", name)
		}
		return v
	}
	// The copy loads in the background; poll rather than sleep.
	deadline := time.Now().Add(20 * time.Second)
	loaded := func(index string) bool { return metric(`silkbridge_search_memory_loaded{index="`+index+`"}`) == 1 }
	for !(loaded("titles") && loaded("people")) && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := metric("silkbridge_search_memory_titles"); n != 4 {
		t.Fatalf("the in-memory index holds %v titles; the demo has 4", n)
	}
	if n := metric("silkbridge_search_memory_people"); n < 2 {
		t.Fatalf("the in-memory people index holds %v people; the demo has at least 2", n)
	}
	get := func(query, want string) { searchServe(t, base, token, query, want) }
	search := func() {
		// A title search also looks for people (and titles by directors).
		get("q=hongsichou", `"title":"Red Silk"`)
		get("type=person&q=%D0%94%D0%BE%D0%B1%D1%80%D0%BE%D0%B4", `"name":"Oleg Dobrodeev"`) // "Доброд", a prefix
	}
	// A search right after a catalogue change goes to the database until
	// the copy follows (within its 200 ms poll), so search until one is
	// answered in memory.
	for _, index := range []string{"titles", "people"} {
		answered := `silkbridge_search_memory_lookups_total{answered_by="memory",index="` + index + `"}`
		for metric(answered) == 0 && time.Now().Before(deadline) {
			search()
			time.Sleep(50 * time.Millisecond)
		}
		if metric(answered) == 0 {
			t.Fatalf("no %s look-up was answered in memory; %v went to the database", index,
				metric(`silkbridge_search_memory_lookups_total{answered_by="database",index="`+index+`"}`))
		}
	}
}

// TestServeSearchMemoryOff: with --search-memory=false the server keeps no
// copies (no copy metrics) and searches the stored index.
func TestServeSearchMemoryOff(t *testing.T) {
	base, token, stop := startServe(t, t.TempDir(), "", "--search-memory=false")
	defer stop()
	if _, ok := serveMetric(t, base, `silkbridge_search_memory_loaded{index="titles"}`); ok {
		t.Fatal("/metrics has an in-memory title index with --search-memory=false")
	}
	searchServe(t, base, token, "q=hongsichou", `"title":"Red Silk"`)
}

// searchServe searches a started server and fails unless the answer is a
// 200 matching the regular expression want.
func searchServe(t *testing.T, base, token, query, want string) {
	t.Helper()
	req, _ := http.NewRequest("GET", base+"/api/v1/search?lang=en&"+query, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !regexp.MustCompile(want).Match(body) {
		t.Fatalf("search %s: %d %s", query, res.StatusCode, body)
	}
}

// TestServeRefusesAnUnreadableSearchMemoryVariable: a value of
// SILKBRIDGE_SEARCH_MEMORY that is not true or false stops serve with an
// error naming it, rather than quietly choosing.
func TestServeRefusesAnUnreadableSearchMemoryVariable(t *testing.T) {
	t.Setenv("SILKBRIDGE_SEARCH_MEMORY", "sometimes")
	cmd := newRootCmd()
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	cmd.SetArgs([]string{"--data", t.TempDir(), "serve", "--addr", "127.0.0.1:0"})
	// A serve that started anyway runs until the context ends, and fails below.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := cmd.ExecuteContext(ctx)
	if err == nil || !strings.Contains(err.Error(), `SILKBRIDGE_SEARCH_MEMORY="sometimes"`) {
		t.Fatalf("serve with SILKBRIDGE_SEARCH_MEMORY=sometimes: %v", err)
	}
}

// serveMetric reads one sample of /metrics, and whether it is there.
func serveMetric(t *testing.T, base, name string) (float64, bool) {
	t.Helper()
	res, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(name) + ` (\S+)$`).FindSubmatch(body)
	if m == nil {
		return 0, false
	}
	v, _ := strconv.ParseFloat(string(m[1]), 64)
	return v, true
}
