package httpapi_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/media"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// linkBundle is a running API with assets and delivery links: cmg owns a
// partners-visible film with one asset; vgtrk holds a licence on it active
// today (licence), "other" cannot see it.
type linkBundle struct {
	*testBundle
	db      *store.DB
	rights  *rights.Service
	title   string
	asset   string
	content []byte
	licence string
}

func newLinkBundle(t *testing.T, open func(testing.TB) *store.DB) *linkBundle {
	t.Helper()
	db, svc, _, deps := mediaDeps(t, open)
	b := &linkBundle{testBundle: serveAPI(t, svc, deps), db: db, rights: deps.Rights}
	ctx := storetest.As("cmg", auth.RoleEditor)
	ti, err := svc.Catalog.Create(ctx, storetest.TitleFields("Detective Chinatown 1900", catalog.VisibilityPartners))
	if err != nil {
		t.Fatal(err)
	}
	b.title = ti.ID
	b.content = content(1000)
	a, err := deps.Media.Create(ctx, media.UploadRequest{TitleID: ti.ID, Kind: "mezzanine", Filename: "唐探1900 母版.mov",
		Size: int64(len(b.content))}, bytes.NewReader(b.content))
	if err != nil {
		t.Fatal(err)
	}
	b.asset = a.ID
	today := time.Now().UTC()
	b.licence = b.grant(t, today.AddDate(0, 0, -1), today.AddDate(0, 0, 30))
	return b
}

// grant records cmg's holding and a licence to vgtrk over [start, end].
func (b *linkBundle) grant(t *testing.T, start, end time.Time) string {
	t.Helper()
	ctx := storetest.As("cmg", auth.RoleEditor)
	perpetual := rights.Terms{Territories: []string{"WORLD"}, Media: []rights.Media{"free_tv"}, Start: "2000-01-01"}
	if _, err := b.rights.AddHolding(ctx, b.title, rights.HoldingInput{Terms: perpetual}); err != nil {
		t.Fatal(err)
	}
	e := end.Format(time.DateOnly)
	l, err := b.rights.AddLicence(ctx, b.title, rights.LicenceInput{Licensee: "vgtrk",
		Terms: rights.Terms{Territories: []string{"RU"}, Media: []rights.Media{"free_tv"}, Start: start.Format(time.DateOnly), End: &e}})
	if err != nil {
		t.Fatal(err)
	}
	return l.ID
}

func (b *linkBundle) linksPath() string { return "/api/v1/assets/" + b.asset + "/links" }

// makeLink creates a link as who and returns its URL.
func (b *linkBundle) makeLink(t *testing.T, who string, max int) (url, id string) {
	t.Helper()
	r := b.do("POST", b.linksPath(), who, map[string]any{"expires_in": "72h", "max_downloads": max}).want(t, http.StatusCreated)
	url, _ = r.body["url"].(string)
	id, _ = r.body["id"].(string)
	return url, id
}

// fetch requests a link without credentials.
func fetch(t *testing.T, method, url string, headers ...string) (int, []byte, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, body, res.Header
}

func TestAssetLinksWhoMayMakeListAndRevoke(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b := newLinkBundle(t, open)
		r := b.do("POST", b.linksPath(), "vgtrk/editor", map[string]any{"expires_in": "72h", "max_downloads": 3}).want(t, http.StatusCreated)
		url, _ := r.body["url"].(string)
		if !strings.HasPrefix(url, b.url+"/api/v1/links/sbl_") || r.body["status"] != "active" || r.body["org"] != "vgtrk" ||
			r.body["max_downloads"] != float64(3) || r.body["downloads"] != float64(0) {
			t.Fatalf("created link: %s", r.raw)
		}
		if exp, err := time.Parse(time.RFC3339, r.body["expires_at"].(string)); err != nil || exp.Sub(time.Now()) < 71*time.Hour || exp.Sub(time.Now()) > 73*time.Hour {
			t.Errorf("expires_at %v", r.body["expires_at"])
		}
		b.makeLink(t, "cmg/admin", 1) // the owner may too
		for who, status := range map[string]int{
			"vgtrk/viewer": http.StatusForbidden, // may download, but not hand out links
			"other/editor": http.StatusNotFound,  // cannot see the title
		} {
			b.do("POST", b.linksPath(), who, map[string]any{"expires_in": "72h", "max_downloads": 3}).want(t, status)
		}
		// Lists hold the caller's organisation's links only, never their URL.
		for who, n := range map[string]int{"vgtrk/viewer": 1, "cmg/editor": 1, "other/admin": -1} {
			r := b.do("GET", b.linksPath(), who, nil)
			if n < 0 {
				r.want(t, http.StatusNotFound)
				continue
			}
			items, _ := r.want(t, http.StatusOK).body["items"].([]any)
			if len(items) != n || strings.Contains(string(r.raw), "sbl_") {
				t.Errorf("%s lists %s", who, r.raw)
			}
		}
		id := r.body["id"].(string)
		b.do("DELETE", b.linksPath()+"/"+id, "cmg/admin", nil).want(t, http.StatusNotFound)
		b.do("DELETE", b.linksPath()+"/"+id, "vgtrk/viewer", nil).want(t, http.StatusForbidden)
		b.do("DELETE", b.linksPath()+"/"+id, "vgtrk/editor", nil).want(t, http.StatusNoContent)
		if st, body, _ := fetch(t, "GET", url); st != http.StatusGone || !strings.Contains(string(body), "link_revoked") {
			t.Errorf("revoked link: %d %s", st, body)
		}
		items := b.do("GET", b.linksPath(), "vgtrk/editor", nil).want(t, http.StatusOK).body["items"].([]any)
		if st := items[0].(map[string]any)["status"]; st != "revoked" {
			t.Errorf("listed status %v", st)
		}
	})
}

func TestAssetLinkNeedsAnActiveLicence(t *testing.T) {
	b := newLinkBundle(t, storetest.OpenSQLite)
	url, _ := b.makeLink(t, "vgtrk/editor", 5)
	if st, _, _ := fetch(t, "GET", url); st != http.StatusOK {
		t.Fatalf("with the licence: %d", st)
	}
	// The licence goes: the link stops, and no new one can be made.
	if err := b.rights.DeleteLicence(storetest.As("cmg", auth.RoleEditor), b.title, b.licence); err != nil {
		t.Fatal(err)
	}
	if st, body, _ := fetch(t, "GET", url); st != http.StatusForbidden {
		t.Errorf("after the licence ended: %d %s", st, body)
	}
	b.do("POST", b.linksPath(), "vgtrk/editor", map[string]any{"expires_in": "72h", "max_downloads": 3}).want(t, http.StatusForbidden)
	// A licence that starts next month does not give the right today.
	next := time.Now().UTC().AddDate(0, 1, 0)
	b.grant(t, next, next.AddDate(0, 1, 0))
	b.do("POST", b.linksPath(), "vgtrk/editor", map[string]any{"expires_in": "72h", "max_downloads": 3}).want(t, http.StatusForbidden)
}

func TestAssetLinkDownloadCountsStartsNotContinuations(t *testing.T) {
	b := newLinkBundle(t, storetest.OpenSQLite)
	url, _ := b.makeLink(t, "vgtrk/editor", 2)
	etag := `"` + sumHex(b.content) + `"`
	st, body, h := fetch(t, "GET", url)
	if st != http.StatusOK || !bytes.Equal(body, b.content) || h.Get("ETag") != etag ||
		!strings.Contains(h.Get("Content-Disposition"), "filename*=UTF-8''%E5%94%90%E6%8E%A2") {
		t.Fatalf("download 1: %d, %d bytes, %v", st, len(body), h)
	}
	// A broken download continues with Range and If-Range: not counted.
	for _, rg := range []string{"bytes=500-", "bytes=900-999"} {
		st, body, _ := fetch(t, "GET", url, "Range", rg, "If-Range", etag)
		var from int
		fmt.Sscanf(rg, "bytes=%d-", &from)
		if st != http.StatusPartialContent || !bytes.Equal(body, b.content[from:from+len(body)]) {
			t.Fatalf("%s: %d, %d bytes", rg, st, len(body))
		}
	}
	if st, _, _ := fetch(t, "HEAD", url); st != http.StatusOK {
		t.Fatalf("HEAD: %d", st)
	}
	// The second download starts at byte 0: it counts.
	if st, body, _ := fetch(t, "GET", url, "Range", "bytes=0-99"); st != http.StatusPartialContent || !bytes.Equal(body, b.content[:100]) {
		t.Fatalf("download 2: %d", st)
	}
	if st, body, _ := fetch(t, "GET", url); st != http.StatusGone || !strings.Contains(string(body), "link_used_up") {
		t.Fatalf("download 3: %d %s", st, body)
	}
	// An If-Range that no longer matches would send the whole file: refused too.
	if st, _, _ := fetch(t, "GET", url, "Range", "bytes=100-", "If-Range", `"stale"`); st != http.StatusGone {
		t.Fatalf("stale If-Range: %d", st)
	}
	// The last download may still finish.
	if st, body, _ := fetch(t, "GET", url, "Range", "bytes=100-", "If-Range", etag); st != http.StatusPartialContent || !bytes.Equal(body, b.content[100:]) {
		t.Fatalf("finishing download 2: %d", st)
	}
	items := b.do("GET", b.linksPath(), "vgtrk/editor", nil).want(t, http.StatusOK).body["items"].([]any)
	if l := items[0].(map[string]any); l["downloads"] != float64(2) || l["status"] != "used_up" {
		t.Errorf("listed: %v", l)
	}
}

func TestAssetLinkRefusals(t *testing.T) {
	b := newLinkBundle(t, storetest.OpenSQLite)
	for _, c := range []struct {
		body   string
		fields []string
	}{
		{`{"expires_in":"31d","max_downloads":3}`, []string{"body.expires_in"}},
		{`{"expires_in":"soon","max_downloads":3}`, []string{"body.expires_in"}},
		{`{"expires_in":"-1h","max_downloads":3}`, []string{"body.expires_in"}},
		{`{"expires_in":"72h","max_downloads":0}`, []string{"body.max_downloads"}},
		{`{"expires_in":"72h","max_downloads":1001}`, []string{"body.max_downloads"}},
		{`{"expires_in":"721h","max_downloads":-1}`, []string{"body.expires_in", "body.max_downloads"}},
	} {
		r := b.do("POST", b.linksPath(), "vgtrk/editor", c.body).want(t, http.StatusUnprocessableEntity)
		errs, _ := r.body["errors"].([]any)
		if len(errs) != len(c.fields) || !strings.HasPrefix(r.header.Get("Content-Type"), "application/problem+json") {
			t.Errorf("%s: %s", c.body, r.raw)
			continue
		}
		for i, f := range c.fields {
			if loc := errs[i].(map[string]any)["location"]; loc != f {
				t.Errorf("%s: error %d at %v, want %s", c.body, i, loc, f)
			}
		}
	}
	if items := b.do("GET", b.linksPath(), "vgtrk/editor", nil).want(t, http.StatusOK).body["items"].([]any); len(items) != 0 {
		t.Errorf("refused requests left links: %v", items)
	}
	url, _ := b.makeLink(t, "vgtrk/editor", 1)
	token := url[strings.LastIndex(url, "/")+1:]
	for _, bad := range []string{"sbl_" + strings.Repeat("A", 43), token[:len(token)-1], "sbt_x_y", "..%2F..%2Fetc", token + "x"} {
		if st, _, _ := fetch(t, "GET", b.url+"/api/v1/links/"+bad); st != http.StatusNotFound {
			t.Errorf("token %q: %d", bad, st)
		}
	}
	// An expired link is gone.
	if _, err := b.db.Writer().Exec(`UPDATE asset_links SET expires_at = '2001-01-01T00:00:00.000000Z'`); err != nil {
		t.Fatal(err)
	}
	if st, body, _ := fetch(t, "GET", url); st != http.StatusGone || !strings.Contains(string(body), "link_expired") {
		t.Errorf("expired: %d %s", st, body)
	}
}
