package httpapi_test

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// badCursors were read as ids and gave a first or an empty page.
var badCursors = []string{
	"garbage", // decodes as base64 to bytes that are no id
	base64.RawURLEncoding.EncodeToString([]byte("some-id")), // a bare id, the old format
	"***", // not base64
}

// wantBadCursor asserts a 422 problem naming the cursor query parameter.
func wantBadCursor(t *testing.T, r *response) {
	t.Helper()
	r.want(t, http.StatusUnprocessableEntity)
	if !strings.HasPrefix(r.header.Get("Content-Type"), "application/problem+json") || !strings.Contains(string(r.raw), "cursor") {
		t.Fatalf("problem does not name the cursor: %s", r.raw)
	}
}

func TestBadCursorsAreRefused(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b, x := setupLicensing(t, open)
		for i := 0; i < 2; i++ {
			b.do("POST", "/api/v1/requests", "vgtrk/editor", russianFreeTV(x.Film)).want(t, http.StatusCreated)
		}
		b.do("POST", "/api/v1/titles", "cmg/editor", redSilk()).want(t, http.StatusCreated)
		lists := map[string]string{
			"Titles":        "/api/v1/titles?limit=1",
			"Requests":      "/api/v1/requests?direction=incoming&limit=1",
			"Notifications": "/api/v1/notifications?limit=1",
		}
		next := map[string]string{}
		for name, path := range lists {
			first := b.do("GET", path, "cmg/viewer", nil).want(t, http.StatusOK)
			c, _ := first.body["next_cursor"].(string)
			if c == "" {
				t.Fatalf("%s: no next cursor: %s", name, first.raw)
			}
			next[name] = c
		}
		for name, path := range lists {
			t.Run(name, func(t *testing.T) {
				second := b.do("GET", path+"&cursor="+url.QueryEscape(next[name]), "cmg/viewer", nil).want(t, http.StatusOK)
				if items, _ := second.body["items"].([]any); len(items) != 1 {
					t.Fatalf("the issued cursor did not give the next page: %s", second.raw)
				}
				for _, c := range badCursors {
					wantBadCursor(t, b.do("GET", path+"&cursor="+url.QueryEscape(c), "cmg/viewer", nil))
				}
				for other, c := range next { // a cursor of another list is no position in this one
					if other != name {
						wantBadCursor(t, b.do("GET", path+"&cursor="+url.QueryEscape(c), "cmg/viewer", nil))
					}
				}
			})
		}
		t.Run("Availability", func(t *testing.T) {
			q := map[string]any{"territories": []any{"RU"}, "media": []any{"free_tv"}, "start": "2025-09-01", "end": "2025-12-31", "limit": 1}
			b.do("POST", "/api/v1/availability/query", "vgtrk/viewer", q).want(t, http.StatusOK)
			for _, c := range append(badCursors, next["Titles"]) {
				q["cursor"] = c
				r := b.do("POST", "/api/v1/availability/query", "vgtrk/viewer", q)
				wantBadCursor(t, r)
				if !strings.Contains(string(r.raw), `"location":"body.cursor"`) {
					t.Fatalf("the cursor is in the body: %s", r.raw)
				}
			}
		})
	})
}
