package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// setupLicensing is setup with rights and licensing wired in; cmg owns and
// holds a film visible to its partner vgtrk (see storetest.LicensingFixture).
func setupLicensing(t *testing.T, open func(testing.TB) *store.DB) (*testBundle, *storetest.LicensingFixture) {
	t.Helper()
	x := storetest.NewLicensingFixture(t, open(t))
	deps := fullDeps(x.Services)
	deps.Rights, deps.Licensing = x.Rights, x.Licensing
	b := serveAPI(t, x.Services, deps)
	return b, x
}

func russianFreeTV(title string) map[string]any {
	return map[string]any{"title": title, "licensor": "cmg", "territories": []any{"RU"}, "media": []any{"free_tv"},
		"languages": []any{"ru"}, "start": "2025-09-01", "end": "2025-12-31", "exclusive": true, "message": "For our autumn schedule"}
}

func refCodes(r *response) []string {
	refs, _ := r.body["refs"].([]any)
	var out []string
	for _, ref := range refs {
		out = append(out, ref.(map[string]any)["code"].(string))
	}
	return out
}

func TestRequestsAPI(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b, x := setupLicensing(t, open)
		// Submitting: 201 with the request; refused up front with reasons.
		created := b.do("POST", "/api/v1/requests", "vgtrk/editor", russianFreeTV(x.Film)).want(t, http.StatusCreated)
		id := created.body["id"].(string)
		if created.body["state"] != "submitted" || created.body["awaiting"] != "cmg" || created.header.Get("ETag") != `"v1"` ||
			created.header.Get("Location") != "/api/v1/requests/"+id {
			t.Fatalf("created = %s %v", created.raw, created.header)
		}
		theatrical := russianFreeTV(x.Film)
		theatrical["media"] = []any{"theatrical"}
		if c := b.do("POST", "/api/v1/requests", "vgtrk/editor", theatrical).want(t, http.StatusConflict); strings.Join(refCodes(c), ",") != "no_rights" {
			t.Fatalf("refused request: %s", c.raw)
		}
		noLicensor := russianFreeTV(x.Film)
		delete(noLicensor, "licensor")
		noLicensor["exclusive"] = false
		if r := b.do("POST", "/api/v1/requests", "vgtrk/editor", noLicensor).want(t, http.StatusCreated); r.body["licensor"] != "cmg" {
			t.Fatalf("licensor not inferred: %s", r.raw)
		}
		bad := b.do("POST", "/api/v1/requests", "vgtrk/editor", map[string]any{"title": "nope", "territories": []any{"XX"},
			"media": []any{"free_tv"}, "start": "2025-02-30"}).want(t, http.StatusUnprocessableEntity)
		if errs, _ := bad.body["errors"].([]any); len(errs) != 3 {
			t.Fatalf("want errors for title, territories and start: %s", bad.raw)
		}
		b.do("POST", "/api/v1/requests", "vgtrk/viewer", russianFreeTV(x.Film)).want(t, http.StatusForbidden)
		b.do("POST", "/api/v1/requests", "", russianFreeTV(x.Film)).want(t, http.StatusUnauthorized)

		// Reading: parties see it, others get 404.
		path := "/api/v1/requests/" + id
		got := b.do("GET", path, "cmg/viewer", nil).want(t, http.StatusOK)
		if av, _ := got.body["availability"].(map[string]any); av["available"] != true {
			t.Fatalf("availability = %s", got.raw)
		}
		b.do("GET", path, "other/admin", nil).want(t, http.StatusNotFound)
		b.do("POST", path+"/accept", "other/admin", nil).want(t, http.StatusNotFound)

		// Moves: wrong party and viewers 403; a counter with bad terms 422.
		b.do("POST", path+"/accept", "vgtrk/editor", nil).want(t, http.StatusForbidden)
		b.do("POST", path+"/accept", "cmg/viewer", nil).want(t, http.StatusForbidden)
		b.do("POST", path+"/withdraw", "cmg/editor", nil).want(t, http.StatusForbidden)
		b.do("POST", path+"/counter", "cmg/editor", map[string]any{"territories": []any{"RU"}, "media": []any{"radio"},
			"start": "2025-09-01"}).want(t, http.StatusUnprocessableEntity)
		counter := map[string]any{"territories": []any{"RU"}, "media": []any{"free_tv"}, "languages": []any{"ru"},
			"start": "2025-09-01", "end": "2025-11-30", "exclusive": false, "message": "Non-exclusive, until November"}
		c := b.do("POST", path+"/counter", "cmg/editor", counter, "If-Match", `"v1"`).want(t, http.StatusOK)
		if c.body["state"] != "countered" || c.body["awaiting"] != "vgtrk" || c.header.Get("ETag") != `"v2"` {
			t.Fatalf("countered = %s", c.raw)
		}
		// A stale ETag is refused; the current one accepts and returns the licence id.
		b.do("POST", path+"/accept", "vgtrk/editor", map[string]any{"message": "Agreed"}, "If-Match", `"v1"`).want(t, http.StatusPreconditionFailed)
		acc := b.do("POST", path+"/accept", "vgtrk/editor", map[string]any{"message": "Agreed"}, "If-Match", `"v2"`).want(t, http.StatusOK)
		lid, _ := acc.body["licence_id"].(string)
		if acc.body["state"] != "accepted" || lid == "" {
			t.Fatalf("accepted = %s", acc.raw)
		}
		if hist, _ := acc.body["history"].([]any); len(hist) != 3 {
			t.Fatalf("history = %s", acc.raw)
		}
		ls, err := x.Rights.Licences(storetest.As("cmg", auth.RoleViewer), x.Film)
		if err != nil || len(ls) != 1 || ls[0].ID != lid || ls[0].Source != "request:"+id {
			t.Fatalf("licences = %+v, %v", ls, err)
		}
		// Closed: every move is 409 with the state as the reason.
		for _, mv := range []string{"accept", "decline"} {
			r := b.do("POST", path+"/"+mv, "cmg/editor", nil).want(t, http.StatusConflict)
			if strings.Join(refCodes(r), ",") != "request_closed" {
				t.Fatalf("%s of an accepted request: %s", mv, r.raw)
			}
		}

		// Comments.
		b.do("POST", path+"/comments", "cmg/editor", map[string]any{"body": "Thank you"}).want(t, http.StatusCreated)
		b.do("POST", path+"/comments", "cmg/viewer", map[string]any{"body": "Thank you"}).want(t, http.StatusForbidden)
		b.do("POST", path+"/comments", "other/admin", map[string]any{"body": "Hi"}).want(t, http.StatusNotFound)
		b.do("POST", path+"/comments", "cmg/editor", map[string]any{"body": " "}).want(t, http.StatusUnprocessableEntity)
		th := b.do("GET", path+"/comments", "vgtrk/viewer", nil).want(t, http.StatusOK)
		if items, _ := th.body["items"].([]any); len(items) != 1 {
			t.Fatalf("thread = %s", th.raw)
		}

		// Lists by direction and state, paged.
		in := b.do("GET", "/api/v1/requests?direction=incoming&limit=1", "cmg/viewer", nil).want(t, http.StatusOK)
		if items, _ := in.body["items"].([]any); len(items) != 1 || in.body["next_cursor"] == nil {
			t.Fatalf("incoming page = %s", in.raw)
		}
		next := b.do("GET", "/api/v1/requests?direction=incoming&limit=1&cursor="+in.body["next_cursor"].(string), "cmg/viewer", nil).want(t, http.StatusOK)
		if items, _ := next.body["items"].([]any); len(items) != 1 || items[0].(map[string]any)["id"] == in.body["items"].([]any)[0].(map[string]any)["id"] {
			t.Fatalf("second page = %s", next.raw)
		}
		out := b.do("GET", "/api/v1/requests?direction=outgoing&state=accepted", "vgtrk/viewer", nil).want(t, http.StatusOK)
		if items, _ := out.body["items"].([]any); len(items) != 1 || items[0].(map[string]any)["id"] != id {
			t.Fatalf("outgoing accepted = %s", out.raw)
		}
		b.do("GET", "/api/v1/requests?direction=sideways", "vgtrk/viewer", nil).want(t, http.StatusUnprocessableEntity)
		if o := b.do("GET", "/api/v1/requests", "other/admin", nil).want(t, http.StatusOK); len(o.body["items"].([]any)) != 0 {
			t.Fatalf("other sees requests: %s", o.raw)
		}
	})
}

func TestNotificationsAPI(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b, x := setupLicensing(t, open)
		r := b.do("POST", "/api/v1/requests", "vgtrk/editor", russianFreeTV(x.Film)).want(t, http.StatusCreated)
		b.do("POST", "/api/v1/requests/"+r.body["id"].(string)+"/decline", "cmg/editor", map[string]any{"message": "Not this year"}).
			want(t, http.StatusOK)
		n := b.do("GET", "/api/v1/notifications", "cmg/viewer", nil).want(t, http.StatusOK)
		items, _ := n.body["items"].([]any)
		if len(items) != 1 || n.body["unread"] != 1.0 || items[0].(map[string]any)["kind"] != "request.submitted" {
			t.Fatalf("cmg notifications = %s", n.raw)
		}
		v := b.do("GET", "/api/v1/notifications?unread=true", "vgtrk/viewer", nil).want(t, http.StatusOK)
		vitems, _ := v.body["items"].([]any)
		if len(vitems) != 1 || vitems[0].(map[string]any)["kind"] != "request.declined" || vitems[0].(map[string]any)["from"] != "cmg" {
			t.Fatalf("vgtrk notifications = %s", v.raw)
		}
		nid := vitems[0].(map[string]any)["id"].(string)
		// Another organisation's ids change nothing; the owner's viewers may mark.
		if m := b.do("POST", "/api/v1/notifications/read", "cmg/admin", map[string]any{"ids": []any{nid}}).want(t, http.StatusOK); m.body["marked"] != 0.0 {
			t.Fatalf("cmg marked vgtrk's notification: %s", m.raw)
		}
		if m := b.do("POST", "/api/v1/notifications/read", "vgtrk/viewer", map[string]any{"ids": []any{nid}}).want(t, http.StatusOK); m.body["marked"] != 1.0 || m.body["unread"] != 0.0 {
			t.Fatalf("mark read: %s", m.raw)
		}
		if m := b.do("POST", "/api/v1/notifications/read", "cmg/viewer", map[string]any{}).want(t, http.StatusOK); m.body["marked"] != 1.0 {
			t.Fatalf("mark all: %s", m.raw)
		}
		b.do("GET", "/api/v1/notifications", "", nil).want(t, http.StatusUnauthorized)
	})
}
