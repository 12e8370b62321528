//go:build linux

package httpapi_test

import (
	"context"
	"net/http"
	"os/exec"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/blobstore"
	"github.com/silkbridge/silkbridge/internal/httpapi"
	"github.com/silkbridge/silkbridge/internal/media"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// TestUploadFullDisk: when the storage fills up mid-upload the chunk fails
// with 507 storage_full, its bytes are taken back, nothing is registered,
// and the server goes on accepting what fits. The storage is a 2 MiB tmpfs
// (needs root to mount; skipped otherwise).
func TestUploadFullDisk(t *testing.T) {
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a small tmpfs (needs root): %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })

	svc := storetest.NewServices(storetest.OpenSQLite(t))
	storetest.SeedOrgs(t, svc)
	blobs, err := blobstore.Open(context.Background(), "file://"+dir, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	deps := fullDeps(svc)
	msvc := media.NewService(svc.DB, svc.Catalog, media.RightsLicences{Rights: deps.Rights}, blobs, media.Limits{}, nil)
	tus, err := httpapi.NewUploadStore(blobs, msvc, nil)
	if err != nil {
		t.Fatal(err)
	}
	deps.Media, deps.Uploads = msvc, tus
	b := &mediaBundle{testBundle: serveAPI(t, svc, deps), blobs: blobs, media: msvc, uploads: tus}
	b.title = b.do(http.MethodPost, "/api/v1/titles", "cmg/editor", redSilkOwnedBy()).want(t, http.StatusCreated).body["id"].(string)

	data := content(3 << 20)
	loc := b.create("cmg/editor", len(data), b.meta("mezzanine", "big.mov"), nil).Header.Get("Location")
	res := b.tus(http.MethodPatch, loc, "cmg/editor", data, "Upload-Offset", "0")
	if body := bodyOf(res); res.StatusCode != http.StatusInsufficientStorage || !strings.Contains(body, `"code":"storage_full"`) {
		t.Fatalf("PATCH onto a full disk = %d %s", res.StatusCode, body)
	}
	if off := b.tus(http.MethodHead, loc, "cmg/editor", nil).Header.Get("Upload-Offset"); off != "0" {
		t.Fatalf("offset after the failed chunk = %s, want 0 (its bytes taken back)", off)
	}
	list := b.do(http.MethodGet, "/api/v1/titles/"+b.title+"/assets", "cmg/editor", nil).want(t, http.StatusOK).body
	if len(list["items"].([]any)) != 0 {
		t.Fatalf("a failed upload registered an asset: %v", list)
	}
	small := content(100 << 10)
	res = b.create("cmg/editor", len(small), b.meta("poster", "small.mov"), small)
	if res.StatusCode != http.StatusCreated || res.Header.Get("Silkbridge-Asset-Id") == "" {
		t.Fatalf("a small upload after the failure = %d %s", res.StatusCode, bodyOf(res))
	}
}
