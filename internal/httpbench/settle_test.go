package httpbench

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// TestAwaitSearchCopiesWaitsUntilBothHaveLoaded serves /metrics whose
// people copy loads on the fifth read: the wait returns only after it.
func TestAwaitSearchCopiesWaitsUntilBothHaveLoaded(t *testing.T) {
	var reads atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		people := 0
		if reads.Add(1) >= 5 {
			people = 1
		}
		fmt.Fprintf(w, "# TYPE silkbridge_search_memory_loaded gauge\n"+
			"silkbridge_search_memory_loaded{index=\"people\"} %d\nsilkbridge_search_memory_loaded{index=\"titles\"} 1\n", people)
	}))
	defer srv.Close()
	if err := awaitSearchCopies(context.Background(), srv.URL, nil, time.Minute); err != nil {
		t.Fatal(err)
	}
	if n := reads.Load(); n != 5 {
		t.Fatalf("returned after %d reads of /metrics; the copies loaded at the fifth", n)
	}
}

// TestAwaitSearchCopiesWithoutCopies: a hub keeping no copies has no such
// metric and is ready at once; a hub without /metrics is an error.
func TestAwaitSearchCopiesWithoutCopies(t *testing.T) {
	var reads atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reads.Add(1)
		if r.URL.Path != "/metrics" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprintln(w, "silkbridge_http_requests_total 3")
	}))
	defer srv.Close()
	if err := awaitSearchCopies(context.Background(), srv.URL, nil, time.Minute); err != nil || reads.Load() != 1 {
		t.Fatalf("no copies: err %v after %d reads", err, reads.Load())
	}
	if err := awaitSearchCopies(context.Background(), srv.URL+"/nothing", nil, time.Minute); err == nil {
		t.Fatal("a hub answering /metrics with 404 was taken as ready")
	}
}
