package httpapi_test

import (
	"context"
	"encoding/json"
	"github.com/silkbridge/silkbridge/internal/exchange"
	"github.com/silkbridge/silkbridge/internal/people"
	"net/http/httptest"
	"testing"

	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/blobstore"
	"github.com/silkbridge/silkbridge/internal/httpapi"
	"github.com/silkbridge/silkbridge/internal/media"
	"github.com/silkbridge/silkbridge/internal/search"
	"github.com/silkbridge/silkbridge/internal/server"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
	"github.com/silkbridge/silkbridge/internal/subtitles"
	"github.com/silkbridge/silkbridge/internal/translation"
)

// wideBundle serves the API with every optional service wired (licensing,
// media, uploads, previews, subtitles, search), so tests that walk the
// router or the document see every operation registered today, and any
// added later, without naming them.
type wideBundle struct {
	*testBundle
	router chi.Routes
	x      *storetest.LicensingFixture
}

func setupWide(t *testing.T, open func(testing.TB) *store.DB, tune ...func(*server.Config)) *wideBundle {
	t.Helper()
	db := open(t)
	x := storetest.NewLicensingFixture(t, db)
	deps := fullDeps(x.Services)
	deps.Rights, deps.Licensing = x.Rights, x.Licensing
	dir := t.TempDir()
	blobs, err := blobstore.Open(context.Background(), blobstore.DefaultURL(dir), dir)
	if err != nil {
		t.Fatal(err)
	}
	deps.Media = media.NewService(db, x.Catalog, media.RightsLicences{Rights: deps.Rights}, blobs, media.Limits{}, nil)
	if deps.Uploads, err = httpapi.NewUploadStore(blobs, deps.Media, db.UploadLocker()); err != nil {
		t.Fatal(err)
	}
	deps.PreviewKeys = auth.NewKeys(db)
	deps.Subtitles = subtitles.NewService(db, x.Catalog, db, media.RightsLicences{Rights: deps.Rights}, deps.Media)
	deps.Search = search.NewService(db)
	deps.Translations = translation.NewService(db, deps.Subtitles, db, nil)
	deps.Events = storetest.NewEvents(db, x.Catalog, x.Licensing)
	deps.People = people.NewService(db, x.Catalog, exchange.Hosts{Store: db})
	deps.Exchanges, deps.ExchangeOrgs = exchange.NewService(db, deps.People), db

	b := &wideBundle{testBundle: &testBundle{t: t, svc: x.Services, tokens: map[string]string{}}, x: x}
	for _, o := range []string{"cmg", "vgtrk", "other"} {
		for _, r := range auth.Roles {
			_, plain, err := x.Tokens.Issue(context.Background(), o, r, "test")
			if err != nil {
				t.Fatal(err)
			}
			b.tokens[o+"/"+string(r)] = plain
		}
	}
	cfg := server.Config{RatePerSecond: 10000, RateBurst: 10000, Ready: db.Ping}
	for _, f := range tune {
		f(&cfg)
	}
	srv := server.New(cfg, func(r chi.Router) {
		httpapi.New(r, deps)
		b.router = r
	})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	b.url = ts.URL
	return b
}

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }
