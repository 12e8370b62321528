package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"

	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/avails"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/demo"
	"github.com/silkbridge/silkbridge/internal/events"
	"github.com/silkbridge/silkbridge/internal/exchange"
	"github.com/silkbridge/silkbridge/internal/httpapi"
	"github.com/silkbridge/silkbridge/internal/licensing"
	"github.com/silkbridge/silkbridge/internal/media"
	"github.com/silkbridge/silkbridge/internal/mt"
	"github.com/silkbridge/silkbridge/internal/org"
	"github.com/silkbridge/silkbridge/internal/people"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/search"
	"github.com/silkbridge/silkbridge/internal/server"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
	"github.com/silkbridge/silkbridge/internal/subtitles"
	"github.com/silkbridge/silkbridge/internal/translation"
	"github.com/silkbridge/silkbridge/internal/web"
)

// fullSite is the demo hub with every page of the web interface wired, as
// serve wires them (no job queue and no media store: pages only), with the
// services tests seed it through.
type fullSite struct {
	*site
	rights       *rights.Service
	licensing    *licensing.Service
	media        *media.Service
	subtitles    *subtitles.Service
	translations *translation.Service
	events       *events.Service
	people       *people.Service
	exchanges    *exchange.Service
	avails       *avails.Service
}

func newFullSite(t *testing.T) *fullSite {
	t.Helper()
	db := storetest.OpenSQLite(t)
	if _, err := demo.Load(context.Background(), db); err != nil {
		t.Fatalf("load demo: %v", err)
	}
	if err := search.NewIndexer(db, search.IndexerConfig{}).Sync(context.Background()); err != nil {
		t.Fatalf("index demo: %v", err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	orgs, tokens, cat := org.NewService(db), auth.NewTokenService(db), catalog.NewService(db)
	rs, ls := rights.NewService(db, cat), licensing.NewService(db, cat)
	msvc := media.NewService(db, cat, media.RightsLicences{Rights: rs}, nil, media.Limits{}, log)
	keys := auth.NewKeys(db)
	subs := subtitles.NewService(db, cat, db, media.RightsLicences{Rights: rs}, msvc)
	client, err := mt.New("http://127.0.0.1:1", "")
	if err != nil {
		t.Fatal(err)
	}
	ps := people.NewService(db, cat, exchange.Hosts{Store: db})
	fs := &fullSite{rights: rs, licensing: ls, media: msvc, subtitles: subs,
		translations: translation.NewService(db, subs, db, client), events: storetest.NewEvents(db, cat, ls),
		people: ps, exchanges: exchange.NewService(db, ps), avails: avails.NewService(rs, cat).WithJobs(db)}
	h, err := web.New(web.Deps{Catalog: cat, Orgs: orgs, Tokens: tokens, Users: auth.NewUserService(db),
		Sessions: auth.NewSessionService(db, db), Logger: log, Rights: rs, Search: search.NewService(db), Licensing: ls,
		Avails: fs.avails, Media: msvc, Links: media.NewLinks(msvc, db, keys),
		Subtitles: subs, Translations: fs.translations,
		Events: fs.events, People: ps, Exchanges: fs.exchanges})
	if err != nil {
		t.Fatal(err)
	}
	deps := httpapi.Deps{Orgs: orgs, Tokens: tokens, Catalog: cat, Rights: rs, Licensing: ls, Logger: log, Media: msvc,
		PreviewKeys: keys, Subtitles: subs, People: ps, Authenticators: []httpapi.Authenticator{h.Authenticator()}}
	srv := server.New(server.Config{Logger: log, RatePerSecond: 100000, RateBurst: 100000},
		func(r chi.Router) { httpapi.New(r, deps) }, h.Mount)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	fs.site = &site{Server: ts, db: db, catalog: cat, tokens: tokens}
	return fs
}
