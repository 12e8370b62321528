package httpapi_test

import (
	"context"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/blobstore"
	"github.com/silkbridge/silkbridge/internal/httpapi"
	"github.com/silkbridge/silkbridge/internal/media"
)

// TestUploadEndToEnd sends a file in three PATCHes (one with a checksum),
// on both engines with both storages: the asset is registered with the right
// SHA-256, size, sniffed type and exact file name, and its processing job is
// enqueued.
func TestUploadEndToEnd(t *testing.T) {
	forMediaSetups(t, allMediaSetups, func(t *testing.T, b *mediaBundle) {
		data := content(6<<20 + 12345) // more than one S3 part
		name := "唐探1900 母版 Детектив.mov"
		res := b.create("cmg/editor", len(data), b.meta("mezzanine", name), nil)
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("create = %d %s", res.StatusCode, bodyOf(res))
		}
		if res.Header.Get("Upload-Expires") == "" {
			t.Error("no Upload-Expires on creation")
		}
		loc := res.Header.Get("Location")
		if !strings.HasPrefix(loc, "/api/v1/uploads/") {
			t.Fatalf("Location %q is not the upload's path", loc)
		}
		cuts := []int{0, 1 << 20, 5<<20 + 3, len(data)}
		var asset string
		for i := 0; i+1 < len(cuts); i++ {
			chunk := data[cuts[i]:cuts[i+1]]
			h := []string{"Upload-Offset", itoa(cuts[i])}
			if i == 1 {
				h = append(h, "Upload-Checksum", checksumHeader(chunk))
			}
			res := b.tus(http.MethodPatch, loc, "cmg/editor", chunk, h...)
			if res.StatusCode != http.StatusNoContent || res.Header.Get("Upload-Offset") != itoa(cuts[i+1]) {
				t.Fatalf("patch %d = %d offset %s: %s", i, res.StatusCode, res.Header.Get("Upload-Offset"), bodyOf(res))
			}
			asset = res.Header.Get("Silkbridge-Asset-Id")
		}
		if asset == "" {
			t.Fatal("the last PATCH named no asset")
		}
		got := b.do(http.MethodGet, "/api/v1/assets/"+asset, "vgtrk/viewer", nil).want(t, http.StatusOK).body
		if got["sha256"] != sumHex(data) || got["size"] != float64(len(data)) || got["filename"] != name ||
			got["content_type"] != "video/quicktime" || got["kind"] != "mezzanine" || got["language"] != "zh" ||
			got["title_id"] != b.title || got["status"] != "processing" {
			t.Fatalf("asset = %v", got)
		}
		if len(b.enqueued) != 1 || b.enqueued[0] != asset {
			t.Fatalf("enqueued %v, want [%s]", b.enqueued, asset)
		}
		list := b.do(http.MethodGet, "/api/v1/titles/"+b.title+"/assets", "cmg/viewer", nil).want(t, http.StatusOK).body
		if items := list["items"].([]any); len(items) != 1 {
			t.Fatalf("list = %v", list)
		}
		// The finished upload is gone from the tus endpoint.
		if res := b.tus(http.MethodHead, loc, "cmg/editor", nil); res.StatusCode != http.StatusNotFound {
			t.Fatalf("HEAD after completion = %d", res.StatusCode)
		}
		if b.s3 != nil {
			for _, k := range b.s3.Keys(t, blobstore.UploadPrefix) {
				if strings.HasSuffix(k, ".info") || strings.HasSuffix(k, ".part") {
					t.Errorf("upload bookkeeping left in the bucket: %s", k)
				}
			}
		}
	})
}

// TestUploadCreationWithUpload sends the whole file in the POST.
func TestUploadCreationWithUpload(t *testing.T) {
	forEachMediaSetup(t, func(t *testing.T, b *mediaBundle) {
		data := []byte("%PDF-1.7 press kit")
		res := b.create("cmg/editor", len(data), b.meta("press_kit", "Пресс-кит.pdf"), data)
		if res.StatusCode != http.StatusCreated || res.Header.Get("Upload-Offset") != itoa(len(data)) {
			t.Fatalf("create with upload = %d %s", res.StatusCode, bodyOf(res))
		}
		id := res.Header.Get("Silkbridge-Asset-Id")
		got := b.do(http.MethodGet, "/api/v1/assets/"+id, "cmg/viewer", nil).want(t, http.StatusOK).body
		if got["content_type"] != "application/pdf" || got["sha256"] != sumHex(data) {
			t.Fatalf("asset = %v", got)
		}
	})
}

// TestUploadWrongChecksum: a chunk whose Upload-Checksum does not match is
// refused with 460 and discarded; resent correctly, the upload completes.
func TestUploadWrongChecksum(t *testing.T) {
	forEachMediaSetup(t, func(t *testing.T, b *mediaBundle) {
		data := content(300000)
		loc := b.create("cmg/editor", len(data), b.meta("trailer", "trailer.mov"), nil).Header.Get("Location")
		res := b.tus(http.MethodPatch, loc, "cmg/editor", data[:1000], "Upload-Offset", "0", "Upload-Checksum", checksumHeader(data[1:1001]))
		if res.StatusCode != 460 || !strings.Contains(res.Header.Get("Content-Type"), "problem+json") ||
			!strings.Contains(bodyOf(res), `"code":"checksum_mismatch"`) {
			t.Fatalf("wrong checksum = %d %s", res.StatusCode, bodyOf(res))
		}
		if off := b.tus(http.MethodHead, loc, "cmg/editor", nil).Header.Get("Upload-Offset"); off != "0" {
			t.Fatalf("offset after a refused chunk = %s, want 0", off)
		}
		if res := b.tus(http.MethodPatch, loc, "cmg/editor", data[:1000], "Upload-Offset", "0", "Upload-Checksum", "md5 AAAA"); res.StatusCode != http.StatusBadRequest {
			t.Fatalf("md5 checksum = %d", res.StatusCode)
		}
		res = b.tus(http.MethodPatch, loc, "cmg/editor", data, "Upload-Offset", "0", "Upload-Checksum", checksumHeader(data))
		if res.StatusCode != http.StatusNoContent {
			t.Fatalf("resend = %d %s", res.StatusCode, bodyOf(res))
		}
		got := b.do(http.MethodGet, "/api/v1/assets/"+res.Header.Get("Silkbridge-Asset-Id"), "cmg/editor", nil).want(t, http.StatusOK).body
		if got["sha256"] != sumHex(data) {
			t.Fatalf("sha256 = %v, want %s", got["sha256"], sumHex(data))
		}
	})
}

// TestUploadOfAnotherOrganisation: no one outside the owner organisation's
// writers may see, continue or delete an upload.
func TestUploadOfAnotherOrganisation(t *testing.T) {
	b := newMediaBundle(t, mediaSetups[0], media.Limits{})
	loc := b.create("cmg/editor", 10, b.meta("trailer", "t.mov"), nil).Header.Get("Location")
	for _, who := range []string{"vgtrk/editor", "vgtrk/admin", "other/admin"} {
		for _, m := range []string{http.MethodHead, http.MethodPatch, http.MethodDelete} {
			var body []byte
			h := []string{}
			if m == http.MethodPatch {
				body, h = []byte("0123456789"), []string{"Upload-Offset", "0"}
			}
			if res := b.tus(m, loc, who, body, h...); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s %s by %s = %d, want 404", m, loc, who, res.StatusCode)
			}
		}
	}
	if res := b.tus(http.MethodHead, loc, "cmg/viewer", nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("HEAD by cmg viewer = %d, want 403", res.StatusCode)
	}
	if res := b.tus(http.MethodHead, loc, "", nil); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("HEAD without a token = %d, want 401", res.StatusCode)
	}
	if off := b.tus(http.MethodHead, loc, "cmg/admin", nil).Header.Get("Upload-Offset"); off != "0" {
		t.Errorf("the owner's admin sees offset %q", off)
	}
	// Termination by the owner removes it.
	if res := b.tus(http.MethodDelete, loc, "cmg/editor", nil); res.StatusCode != http.StatusNoContent {
		t.Fatalf("DELETE = %d %s", res.StatusCode, bodyOf(res))
	}
	if res := b.tus(http.MethodHead, loc, "cmg/editor", nil); res.StatusCode != http.StatusNotFound {
		t.Fatalf("HEAD after DELETE = %d", res.StatusCode)
	}
	if used, err := b.media.Store().AssetUsage(context.Background(), "cmg"); err != nil || used != 0 {
		t.Fatalf("a terminated upload still counts %d bytes against the quota (%v)", used, err)
	}
}

// TestUploadRefusedBeforeAByteIsStored: metadata is validated on creation.
func TestUploadRefusedBeforeAByteIsStored(t *testing.T) {
	b := newMediaBundle(t, mediaSetups[0], media.Limits{MaxUpload: 1000, OrgQuota: 5000})
	meta := func(kv ...string) map[string]string {
		m := b.meta("trailer", "trailer.mov")
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	cases := []struct {
		name   string
		who    string
		meta   map[string]string
		size   int
		status int
		code   string
	}{
		{"viewer", "cmg/viewer", meta(), 10, 403, "forbidden"},
		{"unknown title", "cmg/editor", meta("title", "no-such-title"), 10, 404, "not_found"},
		{"partner's title", "vgtrk/editor", meta(), 10, 403, "forbidden"},
		{"stranger's view", "other/editor", meta(), 10, 404, "not_found"},
		{"dot-dot", "cmg/editor", meta("filename", "../etc/passwd"), 10, 422, "invalid"},
		{"backslash", "cmg/editor", meta("filename", `..\boot.ini`), 10, 422, "invalid"},
		{"control character", "cmg/editor", meta("filename", "a\x07b.mov"), 10, 422, "invalid"},
		{"newline", "cmg/editor", meta("filename", "a\nb.mov"), 10, 422, "invalid"},
		{"empty name", "cmg/editor", meta("filename", ""), 10, 422, "invalid"},
		{"long name", "cmg/editor", meta("filename", strings.Repeat("片", 90)), 10, 422, "invalid"},
		{"bad kind", "cmg/editor", meta("kind", "movie"), 10, 422, "invalid"},
		{"bad language", "cmg/editor", meta("language", "not a tag"), 10, 422, "invalid"},
		{"too large", "cmg/editor", meta(), 1001, 413, "too_large"},
	}
	for _, c := range cases {
		res := b.create(c.who, c.size, c.meta, nil)
		body := bodyOf(res)
		if res.StatusCode != c.status || !strings.Contains(body, `"code":"`+c.code+`"`) ||
			!strings.Contains(res.Header.Get("Content-Type"), "application/problem+json") {
			t.Errorf("%s: %d %s %s, want %d %s", c.name, res.StatusCode, res.Header.Get("Content-Type"), body, c.status, c.code)
		}
	}
	// Quota: five uploads of 1000 bytes fit, the sixth does not.
	for i := 0; i < 5; i++ {
		if res := b.create("cmg/editor", 1000, meta(), nil); res.StatusCode != http.StatusCreated {
			t.Fatalf("upload %d within quota = %d %s", i, res.StatusCode, bodyOf(res))
		}
	}
	res := b.create("cmg/editor", 1, meta(), nil)
	if body := bodyOf(res); res.StatusCode != 413 || !strings.Contains(body, `"code":"quota_exceeded"`) {
		t.Fatalf("over quota = %d %s", res.StatusCode, body)
	}
	// Only the five accepted uploads left files behind (each a .info and a data file).
	if n := countUploadFiles(t, b); n != 10 {
		t.Fatalf("%d upload files stored, want 10 (5 uploads)", n)
	}
}

func countUploadFiles(t *testing.T, b *mediaBundle) int {
	t.Helper()
	p, ok := b.blobs.LocalPath(".uploads")
	if !ok {
		t.Fatal("not a file store")
	}
	entries, err := os.ReadDir(p)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".lock") && !e.IsDir() {
			n++
		}
	}
	return n
}

// TestUploadAnnouncesExtensions: OPTIONS names every extension implemented.
func TestUploadAnnouncesExtensions(t *testing.T) {
	b := newMediaBundle(t, mediaSetups[0], media.Limits{})
	res := b.tus(http.MethodOptions, "/api/v1/uploads/", "", nil)
	ext := res.Header.Get("Tus-Extension")
	for _, want := range []string{"creation", "creation-with-upload", "termination", "checksum", "expiration"} {
		if !strings.Contains(","+ext+",", ","+want+",") {
			t.Errorf("Tus-Extension %q lacks %s", ext, want)
		}
	}
	if res.Header.Get("Tus-Checksum-Algorithm") != "sha256" {
		t.Errorf("Tus-Checksum-Algorithm = %q", res.Header.Get("Tus-Checksum-Algorithm"))
	}
	doc := b.do(http.MethodGet, "/api/v1/openapi.json", "", nil).want(t, http.StatusOK).body
	paths := doc["paths"].(map[string]any)
	for _, p := range []string{"/api/v1/uploads/", "/api/v1/uploads/{id}", "/api/v1/assets/{id}/download", "/api/v1/titles/{id}/assets", "/api/v1/assets/{id}"} {
		if _, ok := paths[p]; !ok {
			t.Errorf("OpenAPI lacks %s", p)
		}
	}
}

// TestUploadSweepsExpired: an upload untouched past its expiry is refused
// with 410 and removed by the sweep.
func TestUploadSweepsExpired(t *testing.T) {
	b := newMediaBundle(t, mediaSetups[0], media.Limits{UploadTTL: 1})
	loc := b.create("cmg/editor", 10, b.meta("trailer", "t.mov"), nil).Header.Get("Location")
	if res := b.tus(http.MethodHead, loc, "cmg/editor", nil); res.StatusCode != http.StatusGone {
		t.Fatalf("HEAD of an expired upload = %d", res.StatusCode)
	}
	if n := countUploadFiles(t, b); n != 2 {
		t.Fatalf("%d upload files before the sweep, want 2", n)
	}
	n, err := httpapi.SweepUploads(context.Background(), b.media, b.uploads)
	if err != nil || n != 1 {
		t.Fatalf("sweep = %d, %v", n, err)
	}
	if n := countUploadFiles(t, b); n != 0 {
		t.Fatalf("%d upload files after the sweep", n)
	}
	if res := b.tus(http.MethodHead, loc, "cmg/editor", nil); res.StatusCode != http.StatusNotFound {
		t.Fatalf("HEAD of a swept upload = %d", res.StatusCode)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestUploadWithWebSession: the web's session cookie authenticates tus
// requests as it does the rest of the API.
func TestUploadWithWebSession(t *testing.T) {
	session := func(r *http.Request) (*auth.Principal, error) {
		if c, err := r.Cookie("session"); err == nil && c.Value == "cmg-editor" {
			return &auth.Principal{Org: "cmg", Role: auth.RoleEditor, UserID: "u1", Name: "editor@cmg.demo"}, nil
		}
		return nil, nil
	}
	b := newMediaBundle(t, mediaSetups[0], media.Limits{}, func(d *httpapi.Deps) { d.Authenticators = []httpapi.Authenticator{session} })
	data := []byte("%PDF-1.7 session upload")
	res := b.create("", len(data), b.meta("document", "Договор.pdf"), data, "Cookie", "session=cmg-editor")
	if res.StatusCode != http.StatusCreated || res.Header.Get("Silkbridge-Asset-Id") == "" {
		t.Fatalf("upload with a session = %d %s", res.StatusCode, bodyOf(res))
	}
	got := b.do(http.MethodGet, "/api/v1/assets/"+res.Header.Get("Silkbridge-Asset-Id"), "cmg/viewer", nil).want(t, http.StatusOK).body
	if got["created_by"] != "editor@cmg.demo" {
		t.Fatalf("created_by = %v", got["created_by"])
	}
	if res := b.create("", len(data), b.meta("document", "x.pdf"), data, "Cookie", "session=forged"); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("unknown session = %d", res.StatusCode)
	}
}
