package httpapi_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/blobstore"
	"github.com/silkbridge/silkbridge/internal/blobstore/s3test"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/httpapi"
	"github.com/silkbridge/silkbridge/internal/media"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
	"github.com/silkbridge/silkbridge/internal/tusclient"
)

// mediaBundle is a running API with assets over one engine and one blob store.
type mediaBundle struct {
	*testBundle
	blobs    *blobstore.Store
	media    *media.Service
	uploads  *blobstore.Tus
	s3       *s3test.Server // nil for file storage
	title    string         // a partners-visible film owned by cmg
	mu       sync.Mutex
	enqueued []string
}

// mediaSetup is one storage combination the upload tests run on.
type mediaSetup struct {
	name string
	open func(testing.TB) *store.DB
	s3   bool
}

// mediaSetups pairs SQLite with file storage and PostgreSQL with S3, as deployed.
var mediaSetups = []mediaSetup{{"SQLiteFile", storetest.OpenSQLite, false}, {"PostgresS3", storetest.OpenPostgres, true}}

// allMediaSetups adds the other two pairings, for the end-to-end test.
var allMediaSetups = append(mediaSetups[:2:2], mediaSetup{"SQLiteS3", storetest.OpenSQLite, true}, mediaSetup{"PostgresFile", storetest.OpenPostgres, false})

func forEachMediaSetup(t *testing.T, fn func(t *testing.T, b *mediaBundle)) {
	forMediaSetups(t, mediaSetups, fn)
}

func forMediaSetups(t *testing.T, setups []mediaSetup, fn func(t *testing.T, b *mediaBundle)) {
	for _, m := range setups {
		t.Run(m.name, func(t *testing.T) { fn(t, newMediaBundle(t, m, media.Limits{})) })
	}
}

func newMediaBundle(t *testing.T, m mediaSetup, limits media.Limits, opts ...func(*httpapi.Deps)) *mediaBundle {
	t.Helper()
	db := m.open(t)
	svc := storetest.NewServices(db)
	storetest.SeedOrgs(t, svc)
	b := &mediaBundle{}
	url, data := blobstore.DefaultURL(t.TempDir()), t.TempDir()
	if m.s3 {
		b.s3 = s3test.Start(t)
		url = b.s3.URL()
	}
	blobs, err := blobstore.Open(context.Background(), url, data)
	if err != nil {
		t.Fatal(err)
	}
	b.blobs = blobs
	deps := fullDeps(svc)
	msvc := media.NewService(db, svc.Catalog, media.RightsLicences{Rights: deps.Rights}, blobs, limits, nil)
	tus, err := httpapi.NewUploadStore(blobs, msvc, db.UploadLocker())
	if err != nil {
		t.Fatal(err)
	}
	deps.Media, deps.Uploads = msvc, tus
	b.media, b.uploads = msvc, tus
	db.SetAssetEnqueuer(func(ctx context.Context, tx *sql.Tx, id string) error {
		b.mu.Lock()
		defer b.mu.Unlock()
		b.enqueued = append(b.enqueued, id)
		return nil
	})
	for _, o := range opts {
		o(&deps)
	}
	b.testBundle = serveAPI(t, svc, deps)
	ti, err := svc.Catalog.Create(storetest.As("cmg", auth.RoleEditor), storetest.TitleFields("Detective Chinatown 1900", catalog.VisibilityPartners))
	if err != nil {
		t.Fatal(err)
	}
	b.title = ti.ID
	return b
}

func (b *mediaBundle) client(who string) *tusclient.Client {
	return &tusclient.Client{Server: b.url, Token: b.tokens[who]}
}

// tus sends one raw tus request.
func (b *mediaBundle) tus(method, url, who string, body []byte, headers ...string) *http.Response {
	b.t.Helper()
	if !strings.HasPrefix(url, "http") {
		url = b.url + url
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Tus-Resumable", "1.0.0")
	if who != "" {
		req.Header.Set("Authorization", "Bearer "+b.tokens[who])
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/offset+octet-stream")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	raw, _ := io.ReadAll(res.Body)
	res.Body.Close()
	res.Body = io.NopCloser(bytes.NewReader(raw))
	return res
}

// create starts an upload as who and returns the response.
func (b *mediaBundle) create(who string, size int, meta map[string]string, body []byte, headers ...string) *http.Response {
	h := append([]string{"Upload-Length", strconv.Itoa(size), "Upload-Metadata", tusclient.EncodeMetadata(meta)}, headers...)
	return b.tus(http.MethodPost, "/api/v1/uploads/", who, body, h...)
}

func (b *mediaBundle) meta(kind, filename string) map[string]string {
	return map[string]string{"title": b.title, "kind": kind, "filename": filename, "language": "zh"}
}

func bodyOf(res *http.Response) string {
	raw, _ := io.ReadAll(res.Body)
	return string(raw)
}

func sumHex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func checksumHeader(b []byte) string {
	s := sha256.Sum256(b)
	return "sha256 " + base64.StdEncoding.EncodeToString(s[:])
}

// content returns n bytes that start like a QuickTime file.
func content(n int) []byte {
	b := make([]byte, n)
	copy(b, []byte("\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  "))
	for i := 20; i < n; i++ {
		b[i] = byte(i*7 + i/251)
	}
	return b
}

// grantLicence records cmg's holding on the title and a licence to vgtrk
// over [start, end].
func (b *mediaBundle) grantLicence(t *testing.T, titleID, start, end string) {
	t.Helper()
	rs := rights.NewService(b.svc.DB, b.svc.Catalog)
	ctx := storetest.As("cmg", auth.RoleEditor)
	perpetual := rights.Terms{Territories: []string{"WORLD"}, Media: []rights.Media{"free_tv"}, Start: "2000-01-01"}
	if _, err := rs.AddHolding(ctx, titleID, rights.HoldingInput{Terms: perpetual}); err != nil {
		t.Fatal(err)
	}
	lt := rights.Terms{Territories: []string{"RU"}, Media: []rights.Media{"free_tv"}, Start: start, End: &end}
	if _, err := rs.AddLicence(ctx, titleID, rights.LicenceInput{Licensee: "vgtrk", Terms: lt}); err != nil {
		t.Fatal(err)
	}
}
