package main

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestServeSearchesAndReindexRebuilds searches the demo catalogue through a
// running server (whose indexer builds the index on start), then rebuilds the
// index with `silkbridge reindex` while the server runs.
func TestServeSearchesAndReindexRebuilds(t *testing.T) {
	dir := t.TempDir()
	base, token, stop := startServe(t, dir, "")
	defer stop()
	find := func(q string) []string {
		req, _ := http.NewRequest("GET", base+"/api/v1/search?lang=en&q="+url.QueryEscape(q), nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var page struct {
			Hits []struct {
				Title string `json:"title"`
			} `json:"hits"`
		}
		json.NewDecoder(res.Body).Decode(&page)
		var titles []string
		for _, h := range page.Hits {
			titles = append(titles, h.Title)
		}
		return titles
	}
	// The indexer starts in the background; poll rather than sleep.
	deadline := time.Now().Add(10 * time.Second)
	for len(find("hongsichou")) == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if got := find("hongsichou"); len(got) == 0 || got[0] != "Red Silk" {
		t.Fatalf("search on the demo server = %v", got)
	}
	out := mustRun(t, dir, "", "reindex")
	if !strings.Contains(out, "indexed 4 titles") {
		t.Fatalf("reindex: %s", out)
	}
	if got := find("唐探"); len(got) != 1 || got[0] != "Detective Chinatown 1900" {
		t.Fatalf("after reindex = %v", got)
	}
}
