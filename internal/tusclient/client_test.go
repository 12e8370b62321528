package tusclient_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/blobstore"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/httpapi"
	"github.com/silkbridge/silkbridge/internal/media"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/server"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
	"github.com/silkbridge/silkbridge/internal/tusclient"
)

// serve runs the API with uploads over SQLite and file storage and returns
// its URL, a cmg editor token and a cmg title.
func serve(t *testing.T) (string, string, string) {
	t.Helper()
	svc := storetest.NewServices(storetest.OpenSQLite(t))
	storetest.SeedOrgs(t, svc)
	dir := t.TempDir()
	blobs, err := blobstore.Open(context.Background(), blobstore.DefaultURL(dir), dir)
	if err != nil {
		t.Fatal(err)
	}
	rs := rights.NewService(svc.DB, svc.Catalog)
	msvc := media.NewService(svc.DB, svc.Catalog, media.RightsLicences{Rights: rs}, blobs, media.Limits{}, nil)
	tus, err := httpapi.NewUploadStore(blobs, msvc, nil)
	if err != nil {
		t.Fatal(err)
	}
	deps := httpapi.Deps{Orgs: svc.Orgs, Tokens: svc.Tokens, Catalog: svc.Catalog, Rights: rs, Media: msvc, Uploads: tus}
	srv := server.New(server.Config{RatePerSecond: 1000, RateBurst: 1000}, func(r chi.Router) { httpapi.New(r, deps) })
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	_, token, err := svc.Tokens.Issue(context.Background(), "cmg", auth.RoleEditor, "cli")
	if err != nil {
		t.Fatal(err)
	}
	ti, err := svc.Catalog.Create(storetest.As("cmg", auth.RoleEditor), storetest.TitleFields("Film", catalog.VisibilityPartners))
	if err != nil {
		t.Fatal(err)
	}
	return ts.URL, token, ti.ID
}

func writeFile(t *testing.T, name string, n int) (string, string) {
	t.Helper()
	data := make([]byte, n)
	for i := range data {
		data[i] = byte(i*31 + i/977)
	}
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	s := sha256.Sum256(data)
	return p, hex.EncodeToString(s[:])
}

// TestUploadResumesFromState: an upload cut off after its first chunk is
// continued by the next UploadFile from the offset the server reports.
func TestUploadResumesFromState(t *testing.T) {
	url, token, title := serve(t)
	path, sum := writeFile(t, "Трейлер 预告片.mp4", 3<<20+17)
	state := t.TempDir()
	cut := &tusclient.Client{Server: url, Token: token, StateDir: state, ChunkSize: 1 << 20, Checksum: true,
		HTTP: &http.Client{Transport: failAfter(2)}}
	meta := map[string]string{"title": title, "kind": "trailer", "language": "ru"}
	if _, err := cut.UploadFile(context.Background(), path, meta, nil); err == nil {
		t.Fatal("the cut-off upload succeeded")
	}
	c := &tusclient.Client{Server: url, Token: token, StateDir: state, ChunkSize: 1 << 20, Checksum: true}
	var first int64 = -1
	id, err := c.UploadFile(context.Background(), path, meta, func(done, _ int64) {
		if first < 0 {
			first = done
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if first != 2<<20 {
		t.Fatalf("resumed from %d, want %d (two chunks went through)", first, 2<<20)
	}
	a, err := c.GetAsset(context.Background(), id)
	if err != nil || a.SHA256 != sum || a.Filename != "Трейлер 预告片.mp4" {
		t.Fatalf("asset %+v (%v), want sha256 %s", a, err, sum)
	}
	if entries, _ := os.ReadDir(state); len(entries) != 0 {
		t.Fatalf("state left after completion: %v", entries)
	}
	// Download: whole, then a resumed partial one.
	out := filepath.Join(t.TempDir(), "out")
	if _, err := c.Download(context.Background(), id, out, nil); err != nil {
		t.Fatal(err)
	}
	full, _ := os.ReadFile(out)
	os.WriteFile(out, full[:12345], 0o644)
	if got, err := c.Download(context.Background(), id, out, nil); err != nil || got.SHA256 != sum {
		t.Fatalf("resumed download: %v", err)
	}
	if again, _ := os.ReadFile(out); len(again) != len(full) {
		t.Fatalf("resumed download is %d bytes, want %d", len(again), len(full))
	}
}

// TestUploadRefusalIsReadable: the server's problem reaches the caller.
func TestUploadRefusalIsReadable(t *testing.T) {
	url, token, title := serve(t)
	path, _ := writeFile(t, "x.mov", 10)
	c := &tusclient.Client{Server: url, Token: token}
	_, err := c.UploadFile(context.Background(), path, map[string]string{"title": title, "kind": "film"}, nil)
	var e *tusclient.Error
	if !errors.As(err, &e) || e.Status != 422 || e.Code != "invalid" {
		t.Fatalf("err = %v", err)
	}
}

// failAfter lets n PATCH requests through and fails the rest.
func failAfter(n int) http.RoundTripper {
	return rtFunc(func(r *http.Request) (*http.Response, error) {
		if r.Method == http.MethodPatch {
			if n == 0 {
				return nil, errors.New("network down")
			}
			n--
		}
		return http.DefaultTransport.RoundTrip(r)
	})
}

type rtFunc func(*http.Request) (*http.Response, error)

func (f rtFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
