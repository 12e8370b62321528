package main

import (
	"io"
	"net/http"
	"regexp"
	"strconv"
	"testing"
	"time"
)

// TestServeSearchMemoryAnswersSearches starts the demo server with
// --search-memory and searches it: once the copies have loaded (their
// titles and people metrics), title and people searches are answered in
// memory, as /metrics counts.
func TestServeSearchMemoryAnswersSearches(t *testing.T) {
	base, token, stop := startServe(t, t.TempDir(), "", "--search-memory")
	defer stop()
	metric := func(name string) float64 {
		res, err := http.Get(base + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(name) + ` (\S+)$`).FindSubmatch(body)
		if m == nil {
			t.Fatalf("/metrics has no %s", name)
		}
		v, _ := strconv.ParseFloat(string(m[1]), 64)
		return v
	}
	// The copy loads in the background; poll rather than sleep.
	deadline := time.Now().Add(20 * time.Second)
	for (metric("silkbridge_search_memory_titles") == 0 || metric("silkbridge_search_memory_people") == 0) && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := metric("silkbridge_search_memory_titles"); n != 4 {
		t.Fatalf("the in-memory index holds %v titles; the demo has 4", n)
	}
	if n := metric("silkbridge_search_memory_people"); n < 2 {
		t.Fatalf("the in-memory people index holds %v people; the demo has at least 2", n)
	}
	get := func(query, want string) {
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
