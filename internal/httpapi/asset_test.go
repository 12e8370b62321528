package httpapi_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/audit"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/media"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// postAsset sends a file in one multipart request.
func (b *mediaBundle) postAsset(title, who, kind, filename string, data []byte) *response {
	b.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("kind", kind)
	if strings.ContainsAny(filename, "/\\\x00") {
		// Go's multipart reader reduces a part's file name to its base
		// name; the explicit field carries a name exactly.
		w.WriteField("filename", filename)
	}
	part, _ := w.CreateFormFile("file", filename)
	part.Write(data)
	w.Close()
	return b.do(http.MethodPost, "/api/v1/titles/"+title+"/assets", who, body.Bytes(), "Content-Type", w.FormDataContentType())
}

// blobFiles counts stored blobs of a file store.
func (b *mediaBundle) blobFiles(t *testing.T) int {
	t.Helper()
	root, _ := b.blobs.LocalPath("sha256")
	n := 0
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasSuffix(p, ".attrs") {
			n++
		}
		return nil
	})
	return n
}

// TestAssetDedupeAndDeletion: the same poster sent twice is stored once;
// the blob goes with the last asset referring to it.
func TestAssetDedupeAndDeletion(t *testing.T) {
	b := newMediaBundle(t, mediaSetups[0], media.Limits{})
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte("poster"), 1000)...)
	first := b.postAsset(b.title, "cmg/editor", "poster", "海报.png", png).want(t, http.StatusCreated).body
	second := b.postAsset(b.title, "cmg/editor", "poster", "Постер.png", png).want(t, http.StatusCreated).body
	if first["content_type"] != "image/png" || first["sha256"] != sumHex(png) || second["sha256"] != first["sha256"] ||
		second["filename"] != "Постер.png" {
		t.Fatalf("assets = %v / %v", first, second)
	}
	if n := b.blobFiles(t); n != 1 {
		t.Fatalf("%d blobs stored for one content", n)
	}
	b.do(http.MethodDelete, "/api/v1/assets/"+first["id"].(string), "cmg/viewer", nil).want(t, http.StatusForbidden)
	b.do(http.MethodDelete, "/api/v1/assets/"+first["id"].(string), "vgtrk/admin", nil).want(t, http.StatusForbidden)
	b.do(http.MethodDelete, "/api/v1/assets/"+first["id"].(string), "other/admin", nil).want(t, http.StatusNotFound)
	b.do(http.MethodDelete, "/api/v1/assets/"+first["id"].(string), "cmg/editor", nil).want(t, http.StatusNoContent)
	if n := b.blobFiles(t); n != 1 {
		t.Fatalf("blob deleted while another asset refers to it (%d left)", n)
	}
	b.do(http.MethodGet, "/api/v1/assets/"+second["id"].(string)+"/download", "cmg/viewer", nil).want(t, http.StatusOK)
	b.do(http.MethodDelete, "/api/v1/assets/"+second["id"].(string), "cmg/admin", nil).want(t, http.StatusNoContent)
	if n := b.blobFiles(t); n != 0 {
		t.Fatalf("%d blobs left after the last asset went", n)
	}
	b.do(http.MethodGet, "/api/v1/assets/"+second["id"].(string), "cmg/admin", nil).want(t, http.StatusNotFound)
}

// TestAssetMultipartRefusals: bad input to the multipart upload is a 4xx
// and stores nothing.
func TestAssetMultipartRefusals(t *testing.T) {
	b := newMediaBundle(t, mediaSetups[0], media.Limits{})
	data := []byte("%PDF-1.4")
	for _, c := range []struct {
		who, kind, name string
		status          int
	}{
		{"cmg/viewer", "document", "a.pdf", 403},
		{"vgtrk/editor", "document", "a.pdf", 403},
		{"cmg/editor", "document", "../a.pdf", 422},
		{"cmg/editor", "document", "a\x00.pdf", 422},
		{"cmg/editor", "brochure", "a.pdf", 422},
	} {
		res := b.postAsset(b.title, c.who, c.kind, c.name, data)
		if res.status != c.status {
			t.Errorf("%s %s %q = %d %s, want %d", c.who, c.kind, c.name, res.status, res.raw, c.status)
		}
	}
	b.postAsset("no-such-title", "cmg/editor", "document", "a.pdf", data).want(t, http.StatusNotFound)
	big := make([]byte, media.MaxMultipart+1)
	b.postAsset(b.title, "cmg/editor", "document", "big.pdf", big).want(t, http.StatusRequestEntityTooLarge)
	if n := b.blobFiles(t); n != 0 {
		t.Fatalf("%d blobs stored by refused requests", n)
	}
}

// TestDownloadAccessMatrix: the owner and an active licensee download; an
// expired licensee and a partner without licence get 403; an organisation
// that may not read the title gets 404.
func TestDownloadAccessMatrix(t *testing.T) {
	forEachMediaSetup(t, func(t *testing.T, b *mediaBundle) {
		ctx := storetest.As("cmg", auth.RoleEditor)
		expiredTitle, err := b.svc.Catalog.Create(ctx, storetest.TitleFields("Expired", catalog.VisibilityPartners))
		if err != nil {
			t.Fatal(err)
		}
		b.grantLicence(t, b.title, "2020-01-01", "2099-12-31")
		b.grantLicence(t, expiredTitle.ID, "2020-01-01", "2020-12-31")
		data := content(5000)
		active := b.create("cmg/editor", len(data), b.meta("mezzanine", "a.mov"), data).Header.Get("Silkbridge-Asset-Id")
		m := b.meta("mezzanine", "b.mov")
		m["title"] = expiredTitle.ID
		expired := b.create("cmg/editor", len(data), m, data).Header.Get("Silkbridge-Asset-Id")
		if active == "" || expired == "" {
			t.Fatal("uploads did not complete")
		}
		for _, c := range []struct {
			who, asset string
			status     int
		}{
			{"cmg/viewer", active, 200},    // owner, any role
			{"vgtrk/viewer", active, 200},  // active licensee
			{"vgtrk/viewer", expired, 403}, // licence ended
			{"other/admin", active, 404},   // may not read the title
			{"cmg/viewer", "nope", 404},    // no such asset
			{"vgtrk/admin", "nope", 404},   // no such asset
			{"vgtrk/editor", expired, 403}, // role does not help
			{"cmg/admin", expired, 200},    // owner
		} {
			res := b.do(http.MethodGet, "/api/v1/assets/"+c.asset+"/download", c.who, nil)
			if res.status != c.status {
				t.Errorf("%s downloading %s = %d %s, want %d", c.who, c.asset, res.status, res.raw, c.status)
			}
			if c.status == 200 && !bytes.Equal(res.raw, data) {
				t.Errorf("%s got %d bytes, not the original", c.who, len(res.raw))
			}
		}
		// A partner without any licence on a third title.
		third, _ := b.svc.Catalog.Create(ctx, storetest.TitleFields("Unlicensed", catalog.VisibilityPartners))
		m["title"] = third.ID
		unlicensed := b.create("cmg/editor", len(data), m, data).Header.Get("Silkbridge-Asset-Id")
		b.do(http.MethodGet, "/api/v1/assets/"+unlicensed+"/download", "vgtrk/admin", nil).want(t, http.StatusForbidden)
		b.do(http.MethodGet, "/api/v1/assets/"+unlicensed, "vgtrk/admin", nil).want(t, http.StatusOK)
		b.do(http.MethodGet, "/api/v1/assets/"+unlicensed+"/download", "", nil).want(t, http.StatusUnauthorized)
	})
}

// TestDownloadRanges: byte-exact single and multiple ranges, If-Range, the
// ETag and a Content-Disposition keeping the Chinese name; every download
// is audited with its range.
func TestDownloadRanges(t *testing.T) {
	forEachMediaSetup(t, func(t *testing.T, b *mediaBundle) {
		data := content(6<<20 + 777)
		name := "唐探1900 母版.mov"
		id := b.create("cmg/editor", len(data), b.meta("mezzanine", name), data).Header.Get("Silkbridge-Asset-Id")
		url := "/api/v1/assets/" + id + "/download"
		etag := `"` + sumHex(data) + `"`

		full := b.do(http.MethodGet, url, "cmg/viewer", nil).want(t, http.StatusOK)
		if !bytes.Equal(full.raw, data) || full.header.Get("ETag") != etag || full.header.Get("Accept-Ranges") != "bytes" {
			t.Fatalf("full download: %d bytes, ETag %s", len(full.raw), full.header.Get("ETag"))
		}
		cd := full.header.Get("Content-Disposition")
		if !strings.Contains(cd, `filename*=UTF-8''%E5%94%90%E6%8E%A21900%20%E6%AF%8D%E7%89%88.mov`) || !strings.Contains(cd, `filename="`) {
			t.Fatalf("Content-Disposition = %s", cd)
		}
		r := b.do(http.MethodGet, url, "cmg/viewer", nil, "Range", "bytes=5242870-5242899").want(t, http.StatusPartialContent)
		if !bytes.Equal(r.raw, data[5242870:5242900]) {
			t.Fatalf("range bytes differ")
		}
		tail := b.do(http.MethodGet, url, "cmg/viewer", nil, "Range", "bytes=-100").want(t, http.StatusPartialContent)
		if !bytes.Equal(tail.raw, data[len(data)-100:]) {
			t.Fatal("suffix range differs")
		}
		multi := b.do(http.MethodGet, url, "cmg/viewer", nil, "Range", "bytes=0-9,1000-1009").want(t, http.StatusPartialContent)
		if !strings.HasPrefix(multi.header.Get("Content-Type"), "multipart/byteranges") ||
			!bytes.Contains(multi.raw, data[0:10]) || !bytes.Contains(multi.raw, data[1000:1010]) {
			t.Fatalf("multiple ranges: %s", multi.header.Get("Content-Type"))
		}
		b.do(http.MethodGet, url, "cmg/viewer", nil, "Range", "bytes=100-199", "If-Range", etag).want(t, http.StatusPartialContent)
		stale := b.do(http.MethodGet, url, "cmg/viewer", nil, "Range", "bytes=100-199", "If-Range", `"0000"`).want(t, http.StatusOK)
		if !bytes.Equal(stale.raw, data) {
			t.Fatal("If-Range with another ETag did not send the whole file")
		}
		b.do(http.MethodGet, url, "cmg/viewer", nil, "Range", "bytes=99999999-").want(t, http.StatusRequestedRangeNotSatisfiable)
		head := b.do(http.MethodHead, url, "cmg/viewer", nil).want(t, http.StatusOK)
		if head.header.Get("Content-Length") != itoa(len(data)) || head.header.Get("ETag") != etag {
			t.Fatalf("HEAD headers: %v", head.header)
		}

		entries, err := audit.NewService(b.svc.DB).List(storetest.As("cmg", auth.RoleAdmin), audit.ListParams{Entity: "asset", EntityID: id})
		if err != nil {
			t.Fatal(err)
		}
		var ranges []string
		for _, e := range entries {
			if e.Action == "asset.downloaded" {
				ranges = append(ranges, string(e.Changes))
			}
		}
		if len(ranges) != 7 || !strings.Contains(ranges[1], "bytes=5242870-5242899") || !strings.Contains(ranges[0], `"range":"all"`) {
			t.Fatalf("audited downloads: %v", ranges)
		}
	})
}

// TestAssetReadRules: readers of the title list and get; others do not.
func TestAssetReadRules(t *testing.T) {
	b := newMediaBundle(t, mediaSetups[0], media.Limits{})
	b.postAsset(b.title, "cmg/editor", "document", "a.pdf", []byte("%PDF-1.4")).want(t, http.StatusCreated)
	list := b.do(http.MethodGet, "/api/v1/titles/"+b.title+"/assets", "vgtrk/viewer", nil).want(t, http.StatusOK).body
	if len(list["items"].([]any)) != 1 {
		t.Fatalf("partner list = %v", list)
	}
	b.do(http.MethodGet, "/api/v1/titles/"+b.title+"/assets", "other/admin", nil).want(t, http.StatusNotFound)
	b.do(http.MethodGet, "/api/v1/titles/"+b.title+"/assets", "", nil).want(t, http.StatusUnauthorized)
	_ = context.Background()
	_ = io.EOF
}
