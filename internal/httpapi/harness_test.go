package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/audit"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/avails"
	"github.com/silkbridge/silkbridge/internal/blobstore"
	"github.com/silkbridge/silkbridge/internal/httpapi"
	"github.com/silkbridge/silkbridge/internal/media"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/server"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
	"github.com/silkbridge/silkbridge/internal/webhook"
)

// testBundle is a running API over a seeded database with a token per org and role.
type testBundle struct {
	t      *testing.T
	url    string
	svc    *storetest.Services
	tokens map[string]string // "cmg/editor" -> token
}

func setup(t *testing.T, open func(testing.TB) *store.DB) *testBundle {
	t.Helper()
	svc := storetest.NewServices(open(t))
	storetest.SeedOrgs(t, svc)
	return serveAPI(t, svc, fullDeps(svc))
}

// fullDeps wires every API service over svc's database.
func fullDeps(svc *storetest.Services) httpapi.Deps {
	rs := rights.NewService(svc.DB, svc.Catalog)
	return httpapi.Deps{Orgs: svc.Orgs, Tokens: svc.Tokens, Catalog: svc.Catalog, Audit: audit.NewService(svc.DB),
		Webhooks: webhook.NewService(svc.DB, &webhook.Guard{}), Rights: rs, Avails: avails.NewService(rs, svc.Catalog).WithJobs(svc.DB)}
}

// mediaDeps opens a seeded database and a blob store in a temporary
// folder, and wires fullDeps with media (licences from rights) and preview
// link keys: the base of every bundle that serves assets.
func mediaDeps(t *testing.T, open func(testing.TB) *store.DB) (*store.DB, *storetest.Services, *blobstore.Store, httpapi.Deps) {
	t.Helper()
	db := open(t)
	svc := storetest.NewServices(db)
	storetest.SeedOrgs(t, svc)
	dir := t.TempDir()
	blobs, err := blobstore.Open(context.Background(), blobstore.DefaultURL(dir), dir)
	if err != nil {
		t.Fatal(err)
	}
	deps := fullDeps(svc)
	deps.Media = media.NewService(db, svc.Catalog, media.RightsLicences{Rights: deps.Rights}, blobs, media.Limits{}, nil)
	deps.PreviewKeys = auth.NewKeys(db)
	return db, svc, blobs, deps
}

// serveAPI issues a token per seeded organisation and role (b.tokens["cmg/editor"])
// and serves the API over deps behind the server's middleware.
func serveAPI(t *testing.T, svc *storetest.Services, deps httpapi.Deps) *testBundle {
	t.Helper()
	b := &testBundle{t: t, svc: svc, tokens: map[string]string{}}
	for _, o := range []string{"cmg", "vgtrk", "other"} {
		for _, r := range auth.Roles {
			_, plain, err := svc.Tokens.Issue(context.Background(), o, r, "test")
			if err != nil {
				t.Fatal(err)
			}
			b.tokens[o+"/"+string(r)] = plain
		}
	}
	srv := server.New(server.Config{RatePerSecond: 10000, RateBurst: 10000, Ready: svc.DB.Ping}, func(r chi.Router) {
		httpapi.New(r, deps)
	})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	b.url = ts.URL
	return b
}

// response is a decoded HTTP answer.
type response struct {
	status int
	header http.Header
	body   map[string]any
	raw    []byte
}

func (b *testBundle) do(method, path, who string, body any, headers ...string) *response {
	b.t.Helper()
	var rd io.Reader
	switch v := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(v)
	case string:
		rd = bytes.NewReader([]byte(v))
	default:
		raw, err := json.Marshal(v)
		if err != nil {
			b.t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, b.url+path, rd)
	if err != nil {
		b.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if who != "" {
		tok, ok := b.tokens[who]
		if !ok {
			tok = who // a raw token value
		}
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	out := &response{status: res.StatusCode, header: res.Header, raw: raw}
	if len(raw) > 0 && raw[0] == '{' {
		if err := json.Unmarshal(raw, &out.body); err != nil {
			b.t.Fatalf("%s %s: invalid JSON %q: %v", method, path, raw, err)
		}
	}
	return out
}

func (r *response) want(t *testing.T, status int) *response {
	t.Helper()
	if r.status != status {
		t.Fatalf("status = %d, want %d; body: %s", r.status, status, r.raw)
	}
	return r
}

func redSilk() map[string]any {
	return map[string]any{
		"kind": "film", "original_language": "ru", "production_year": 2025,
		"localizations": map[string]any{
			"ru": map[string]any{"title": "Красный шёлк"}, "zh-Hans": map[string]any{"title": "红丝绸"}, "en": map[string]any{"title": "Red Silk"},
		},
		"producers": []any{"vgtrk", "cmg"}, "countries": []any{"RU", "CN"}, "genres": []any{"drama"}, "visibility": "partners",
	}
}

// subscribe gives cmg, vgtrk and other a webhook endpoint each (on a port
// nothing listens on) for events, and returns their ids by organisation.
func (b *testBundle) subscribe(t *testing.T, events []string) map[string]string {
	t.Helper()
	hooks := map[string]string{}
	for _, org := range []string{"cmg", "vgtrk", "other"} {
		e, err := webhook.NewService(b.svc.DB, &webhook.Guard{AllowPrivate: true}).
			Create(storetest.As(org, auth.RoleAdmin), "http://127.0.0.1:9/"+org, events)
		if err != nil {
			t.Fatal(err)
		}
		hooks[org] = e.ID
	}
	return hooks
}
