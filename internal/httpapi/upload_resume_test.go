package httpapi_test

import (
	"context"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/silkbridge/silkbridge/internal/blobstore"
	"github.com/silkbridge/silkbridge/internal/blobstore/s3test"
	"github.com/silkbridge/silkbridge/internal/httpapi"
	"github.com/silkbridge/silkbridge/internal/media"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// TestUploadResumesAfterCrashMidChunk: bytes a killed process wrote past
// its last hash checkpoint are cut off; HEAD reports the checkpoint and the
// resumed upload ends with the right SHA-256 (file storage).
func TestUploadResumesAfterCrashMidChunk(t *testing.T) {
	b := newMediaBundle(t, mediaSetups[0], media.Limits{})
	data := content(200000)
	loc := b.create("cmg/editor", len(data), b.meta("mezzanine", "m.mov"), nil).Header.Get("Location")
	b.tus(http.MethodPatch, loc, "cmg/editor", data[:70000], "Upload-Offset", "0")
	id := loc[strings.LastIndex(loc, "/")+1:]
	bin, _ := b.blobs.LocalPath(".uploads/" + id)
	f, err := os.OpenFile(bin, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("bytes the hash never saw"))
	f.Close()
	if off := b.tus(http.MethodHead, loc, "cmg/editor", nil).Header.Get("Upload-Offset"); off != "70000" {
		t.Fatalf("HEAD after a crash = %s, want the checkpoint 70000", off)
	}
	res := b.tus(http.MethodPatch, loc, "cmg/editor", data[70000:], "Upload-Offset", "70000")
	if res.StatusCode != http.StatusNoContent {
		t.Fatalf("resume = %d %s", res.StatusCode, bodyOf(res))
	}
	got := b.do(http.MethodGet, "/api/v1/assets/"+res.Header.Get("Silkbridge-Asset-Id"), "cmg/editor", nil).want(t, http.StatusOK).body
	if got["sha256"] != sumHex(data) {
		t.Fatalf("sha256 = %v, want %s", got["sha256"], sumHex(data))
	}
}

// TestUploadHashRecomputedWhenStateLost: on S3, whose parts cannot be cut
// back, a hash state left behind by a crash is recomputed once from the
// completed object, and the asset still gets the right SHA-256.
func TestUploadHashRecomputedWhenStateLost(t *testing.T) {
	b := newMediaBundle(t, mediaSetups[1], media.Limits{})
	data := content(6<<20 + 5)
	loc := b.create("cmg/editor", len(data), b.meta("mezzanine", "m.mov"), nil).Header.Get("Location")
	b.tus(http.MethodPatch, loc, "cmg/editor", data[:5<<20], "Upload-Offset", "0")
	id := loc[strings.LastIndex(loc, "/")+1:]
	// As after a kill in the middle of a PATCH: the state covers fewer bytes.
	if err := b.media.Store().UploadSaveHash(context.Background(), id, 1000, nil, nil, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	res := b.tus(http.MethodPatch, loc, "cmg/editor", data[5<<20:], "Upload-Offset", itoa(5<<20))
	if res.StatusCode != http.StatusNoContent {
		t.Fatalf("resume = %d %s", res.StatusCode, bodyOf(res))
	}
	got := b.do(http.MethodGet, "/api/v1/assets/"+res.Header.Get("Silkbridge-Asset-Id"), "cmg/editor", nil).want(t, http.StatusOK).body
	if got["sha256"] != sumHex(data) {
		t.Fatalf("sha256 = %v, want %s", got["sha256"], sumHex(data))
	}
}

// TestUploadAcrossTwoProcesses: two server processes (independent stores,
// handlers and lockers) on one PostgreSQL database and one S3 bucket take
// the PATCHes of one upload in turn; the asset's SHA-256 is right.
func TestUploadAcrossTwoProcesses(t *testing.T) {
	url := storetest.NewPostgresSchema(t)
	srv := s3test.Start(t)
	var bundles []*mediaBundle
	for i := 0; i < 2; i++ {
		db, err := store.Open(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		svc := storetest.NewServices(db)
		if i == 0 {
			storetest.SeedOrgs(t, svc)
		}
		blobs, err := blobstore.Open(context.Background(), srv.URL(), t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		deps := fullDeps(svc)
		msvc := media.NewService(db, svc.Catalog, media.RightsLicences{Rights: deps.Rights}, blobs, media.Limits{}, nil)
		tus, err := httpapi.NewUploadStore(blobs, msvc, db.UploadLocker())
		if err != nil {
			t.Fatal(err)
		}
		deps.Media, deps.Uploads = msvc, tus
		b := &mediaBundle{testBundle: serveAPI(t, svc, deps), blobs: blobs, media: msvc, uploads: tus}
		bundles = append(bundles, b)
	}
	a, b := bundles[0], bundles[1]
	b.tokens = a.tokens
	ti := b.do(http.MethodPost, "/api/v1/titles", "cmg/editor", redSilkOwnedBy()).want(t, http.StatusCreated).body
	a.title = ti["id"].(string)
	data := content(17<<20 + 99)
	loc := a.create("cmg/editor", len(data), a.meta("mezzanine", "唐探.mov"), nil).Header.Get("Location")
	path := loc[strings.Index(loc, "/api/"):]
	cuts := []int{0, 6 << 20, 7<<20 + 1, 13 << 20, len(data)}
	var asset string
	for i := 0; i+1 < len(cuts); i++ {
		via := []*mediaBundle{b, a}[i%2]
		res := via.tus(http.MethodPatch, via.url+path, "cmg/editor", data[cuts[i]:cuts[i+1]], "Upload-Offset", itoa(cuts[i]))
		if res.StatusCode != http.StatusNoContent {
			t.Fatalf("PATCH %d via process %d = %d %s", i, i%2, res.StatusCode, bodyOf(res))
		}
		if off := []*mediaBundle{a, b}[i%2].tus(http.MethodHead, []*mediaBundle{a, b}[i%2].url+path, "cmg/editor", nil); i+2 < len(cuts) &&
			off.Header.Get("Upload-Offset") != itoa(cuts[i+1]) {
			t.Fatalf("the other process reports offset %s after PATCH %d", off.Header.Get("Upload-Offset"), i)
		}
		asset = res.Header.Get("Silkbridge-Asset-Id")
	}
	got := a.do(http.MethodGet, "/api/v1/assets/"+asset, "cmg/viewer", nil).want(t, http.StatusOK).body
	if got["sha256"] != sumHex(data) || got["size"] != float64(len(data)) {
		t.Fatalf("asset = %v, want sha256 %s", got, sumHex(data))
	}
}

// redSilkOwnedBy is a film for cmg, visible to partners.
func redSilkOwnedBy() map[string]any {
	f := redSilk()
	f["producers"] = []any{"cmg"}
	return f
}
