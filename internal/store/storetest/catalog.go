package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/store"
)

func exerciseMigrations(t *testing.T, open func(t testing.TB) *store.DB) {
	t.Run("ReachLatestVersionFromEmpty", func(t *testing.T) {
		db := open(t)
		v, err := db.SchemaVersion(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if v != store.LatestVersion() || v < 1 {
			t.Fatalf("schema version = %d, want %d", v, store.LatestVersion())
		}
		// Applying again is a no-op, as on every restart.
		if err := db.Migrate(context.Background()); err != nil {
			t.Fatalf("second migrate: %v", err)
		}
	})
	t.Run("UpgradeFromFirstVersionKeepsData", func(t *testing.T) {
		// Roll back to the first release's schema, write data as it would
		// have, then upgrade in place as a newer build does at start.
		db := open(t)
		ctx := context.Background()
		if err := db.MigrateDownTo(ctx, 1); err != nil {
			t.Fatalf("down to 1: %v", err)
		}
		// Rows exactly as the version-1 schema and code wrote them.
		for _, q := range []string{
			`INSERT INTO orgs (slug, country, names, created_at) VALUES ('cmg', 'CN', '{"en":"CMG"}', '2025-05-07T10:00:00.000000Z')`,
			`INSERT INTO titles (id, owner_org, kind, visibility, original_language, production_year, version, doc, created_at, updated_at)
			 VALUES ('old-1', 'cmg', 'film', 'private', 'zh', 2021, 1,
			 '{"id":"old-1","owner":"cmg","kind":"film","original_language":"zh","production_year":2021,"producers":["cmg"],"visibility":"private","localizations":{"zh-Hans":{"title":"我和我的父辈"}},"version":1}',
			 '2025-05-07T10:00:00.000000Z', '2025-05-07T10:00:00.000000Z')`,
			`INSERT INTO title_producers (title_id, org) VALUES ('old-1', 'cmg')`,
		} {
			if err := db.ExecForTest(ctx, q); err != nil {
				t.Fatalf("seed version-1 rows: %v", err)
			}
		}
		s := NewServices(db)
		ti := &catalog.Title{ID: "old-1"}
		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("upgrade: %v", err)
		}
		if v, _ := db.SchemaVersion(ctx); v != store.LatestVersion() {
			t.Fatalf("version after upgrade = %d", v)
		}
		if _, err := s.Catalog.Get(As("cmg", auth.RoleViewer), ti.ID, nil); err != nil {
			t.Fatalf("title lost in upgrade: %v", err)
		}
	})
}

func exerciseOrgs(t *testing.T, open func(t testing.TB) *store.DB) {
	ctx := context.Background()
	t.Run("PartnershipIsMutual", func(t *testing.T) {
		s := NewServices(open(t))
		SeedOrgs(t, s)
		cmg, err := s.Orgs.Get(ctx, "cmg")
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(cmg.Partners) != "[vgtrk]" {
			t.Fatalf("cmg partners = %v, want [vgtrk]", cmg.Partners)
		}
		if cmg.Names["zh-Hans"] != "中央广播电视总台" {
			t.Fatalf("names not kept: %v", cmg.Names)
		}
		all, err := s.Orgs.List(ctx)
		if err != nil || len(all) != 3 {
			t.Fatalf("list = %d orgs, %v", len(all), err)
		}
	})
	t.Run("DuplicateSlugConflicts", func(t *testing.T) {
		s := NewServices(open(t))
		SeedOrgs(t, s)
		dup := orgOf("cmg")
		err := s.Orgs.Create(ctx, &dup)
		if !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("err = %v, want conflict", err)
		}
	})
	t.Run("UnknownPartnerRefusedAndNothingStored", func(t *testing.T) {
		s := NewServices(open(t))
		o := orgOf("newco")
		o.Partners = []string{"nobody"}
		if err := s.Orgs.Create(ctx, &o); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("err = %v, want invalid", err)
		}
		if _, err := s.Orgs.Get(ctx, "newco"); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("org was stored: %v", err)
		}
	})
}

func exerciseTokens(t *testing.T, open func(t testing.TB) *store.DB) {
	ctx := context.Background()
	t.Run("IssueAuthenticateRevoke", func(t *testing.T) {
		s := NewServices(open(t))
		SeedOrgs(t, s)
		tok, plain, err := s.Tokens.Issue(ctx, "cmg", auth.RoleEditor, "ci")
		if err != nil {
			t.Fatal(err)
		}
		p, err := s.Tokens.Authenticate(ctx, plain)
		if err != nil || p.Org != "cmg" || p.Role != auth.RoleEditor {
			t.Fatalf("authenticate = %+v, %v", p, err)
		}
		if _, err := s.Tokens.Authenticate(ctx, plain+"x"); !apperr.Is(err, apperr.Unauthenticated) {
			t.Fatalf("tampered token: %v", err)
		}
		list, err := s.Tokens.List(ctx, "cmg")
		if err != nil || len(list) != 1 || list[0].SecretHash == plain {
			t.Fatalf("list = %+v, %v", list, err)
		}
		if err := s.Tokens.Revoke(ctx, "cmg", tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Tokens.Authenticate(ctx, plain); !apperr.Is(err, apperr.Unauthenticated) {
			t.Fatalf("revoked token still works: %v", err)
		}
		if err := s.Tokens.Revoke(ctx, "vgtrk", tok.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("another org revoked the token: %v", err)
		}
	})
	t.Run("UnknownOrgRefused", func(t *testing.T) {
		s := NewServices(open(t))
		if _, _, err := s.Tokens.Issue(ctx, "ghost", auth.RoleViewer, "x"); err == nil {
			t.Fatal("token issued for unknown org")
		}
	})
}

func exerciseTitles(t *testing.T, open func(t testing.TB) *store.DB) {
	t.Run("CreateGetRoundTrip", func(t *testing.T) {
		s := NewServices(open(t))
		SeedOrgs(t, s)
		f := TitleFields("Red Silk", catalog.VisibilityPartners)
		f.Localizations["zh-hans"] = catalog.Localization{Title: "红丝绸"}
		f.Producers = []string{"vgtrk", "cmg"}
		f.Identifiers.EIDR = "10.5240/7791-8534-2C23-9030-8610-5"
		f.Releases = []catalog.Release{{Territory: "ru", Type: "theatrical", Date: "2025-02-20"}, {Territory: "CN", Type: "theatrical", Date: "2025-09"}}
		created, err := s.Catalog.Create(As("vgtrk", auth.RoleEditor), f)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Catalog.Get(As("vgtrk", auth.RoleViewer), created.ID, []string{"zh-Hans"})
		if err != nil {
			t.Fatal(err)
		}
		if got.Localizations["zh-Hans"].Title != "红丝绸" || got.DisplayTitle != "红丝绸" {
			t.Fatalf("zh-Hans not canonicalised or displayed: %+v", got.Localizations)
		}
		if got.Releases[0].Territory != "RU" || got.Version != 1 || !within(got.CreatedAt, created.CreatedAt) {
			t.Fatalf("round trip lost data: %+v", got)
		}
	})
	t.Run("AccessMatrix", func(t *testing.T) { exerciseTitleAccess(t, open) })
	t.Run("InvalidInputStoresNothing", func(t *testing.T) {
		s := NewServices(open(t))
		SeedOrgs(t, s)
		ctx := As("cmg", auth.RoleAdmin)
		f := TitleFields("Bad", catalog.VisibilityPublic)
		f.Countries = []string{"XX"}
		if _, err := s.Catalog.Create(ctx, f); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("err = %v, want invalid", err)
		}
		f = TitleFields("Bad", catalog.VisibilityPublic)
		f.Producers = []string{"cmg", "ghost"}
		if _, err := s.Catalog.Create(ctx, f); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("unknown producer: err = %v", err)
		}
		items, _, err := s.Catalog.List(ctx, catalog.ListParams{}, nil)
		if err != nil || len(items) != 0 {
			t.Fatalf("something was stored: %d items, %v", len(items), err)
		}
	})
	t.Run("StaleVersionIsPreconditionFailed", func(t *testing.T) {
		s := NewServices(open(t))
		SeedOrgs(t, s)
		ctx := As("cmg", auth.RoleEditor)
		ti, err := s.Catalog.Create(ctx, TitleFields("Versioned", catalog.VisibilityPrivate))
		if err != nil {
			t.Fatal(err)
		}
		etag := catalog.ETag(ti.Version)
		if _, err := s.Catalog.Patch(ctx, ti.ID, map[string]any{"production_year": 2024.0}, etag); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Catalog.Patch(ctx, ti.ID, map[string]any{"production_year": 2023.0}, etag); !apperr.Is(err, apperr.PreconditionFailed) {
			t.Fatalf("stale patch: %v", err)
		}
		got, _ := s.Catalog.Get(ctx, ti.ID, nil)
		if got.ProductionYear != 2024 || got.Version != 2 {
			t.Fatalf("after stale patch: year %d version %d", got.ProductionYear, got.Version)
		}
		// A concurrent writer that read version 1 loses at the store too.
		stale := *got
		stale.Version = 2
		if err := s.DB.TitleUpdate(context.Background(), &stale); !apperr.Is(err, apperr.PreconditionFailed) {
			t.Fatalf("store-level stale update: %v", err)
		}
	})
	t.Run("PatchMergesLocalizations", func(t *testing.T) {
		s := NewServices(open(t))
		SeedOrgs(t, s)
		ctx := As("cmg", auth.RoleEditor)
		ti, _ := s.Catalog.Create(ctx, TitleFields("Merge", catalog.VisibilityPrivate))
		got, err := s.Catalog.Patch(ctx, ti.ID, map[string]any{"localizations": map[string]any{"ru": nil, "zh-Hans": map[string]any{"title": "合并"}}}, "")
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := got.Localizations["ru"]; ok || got.Localizations["zh-Hans"].Title != "合并" || got.Localizations["en"].Title != "Merge" {
			t.Fatalf("merge patch result: %+v", got.Localizations)
		}
		if _, err := s.Catalog.Patch(ctx, ti.ID, map[string]any{"colour": "red"}, ""); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("unknown field: %v", err)
		}
		if _, err := s.Catalog.Patch(ctx, ti.ID, map[string]any{"localizations": nil}, ""); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("removing every localization: %v", err)
		}
	})
	t.Run("PaginationVisitsEveryTitleOnce", func(t *testing.T) {
		s := NewServices(open(t))
		SeedOrgs(t, s)
		ctx := As("cmg", auth.RoleEditor)
		for i := range 7 {
			if _, err := s.Catalog.Create(ctx, TitleFields(fmt.Sprintf("T%d", i), catalog.VisibilityPrivate)); err != nil {
				t.Fatal(err)
			}
		}
		seen := map[string]bool{}
		cursor := ""
		for pages := 0; pages < 10; pages++ {
			items, next, err := s.Catalog.List(ctx, catalog.ListParams{Limit: 3, After: cursor}, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range items {
				if seen[it.ID] {
					t.Fatalf("title %s seen twice", it.ID)
				}
				seen[it.ID] = true
			}
			if next == "" {
				break
			}
			cursor = next
		}
		if len(seen) != 7 {
			t.Fatalf("pages covered %d titles, want 7", len(seen))
		}
	})
	t.Run("SeasonsAndEpisodes", func(t *testing.T) {
		s := NewServices(open(t))
		SeedOrgs(t, s)
		ctx := As("cmg", auth.RoleEditor)
		series := TitleFields("Series", catalog.VisibilityPrivate)
		series.Kind = catalog.KindSeries
		sr, err := s.Catalog.Create(ctx, series)
		if err != nil {
			t.Fatal(err)
		}
		season := TitleFields("Season 1", catalog.VisibilityPrivate)
		season.Kind, season.ParentID, season.SeasonNumber = catalog.KindSeason, sr.ID, 1
		se, err := s.Catalog.Create(ctx, season)
		if err != nil {
			t.Fatal(err)
		}
		bad := TitleFields("Ep", catalog.VisibilityPrivate)
		bad.Kind, bad.ParentID, bad.EpisodeNumber = catalog.KindSeason, se.ID, 0
		if _, err := s.Catalog.Create(ctx, bad); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("season under season: %v", err)
		}
		if err := s.Catalog.Delete(ctx, sr.ID, ""); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("deleting a series with seasons: %v", err)
		}
		items, _, err := s.Catalog.List(ctx, catalog.ListParams{ParentID: sr.ID}, nil)
		if err != nil || len(items) != 1 || items[0].ID != se.ID {
			t.Fatalf("children of series = %v, %v", items, err)
		}
	})
	t.Run("ImportIsAllOrNothing", func(t *testing.T) {
		s := NewServices(open(t))
		SeedOrgs(t, s)
		ok := &catalog.Title{ID: catalog.NewID(), Owner: "cmg", Fields: TitleFields("A", catalog.VisibilityPrivate), Version: 1}
		dup := &catalog.Title{ID: ok.ID, Owner: "cmg", Fields: TitleFields("B", catalog.VisibilityPrivate), Version: 1}
		for _, ti := range []*catalog.Title{ok, dup} {
			ti.Producers = []string{"cmg"}
			if err := ti.Normalize(); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.DB.TitleImport(context.Background(), []*catalog.Title{ok, dup}); err == nil {
			t.Fatal("import with a duplicate id succeeded")
		}
		if _, err := s.DB.TitleGet(context.Background(), ok.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("first title of a failed import was kept: %v", err)
		}
	})
}

func exerciseTitleAccess(t *testing.T, open func(t testing.TB) *store.DB) {
	s := NewServices(open(t))
	SeedOrgs(t, s)
	owner := As("cmg", auth.RoleEditor)
	ids := map[catalog.Visibility]string{}
	for _, v := range catalog.Visibilities {
		ti, err := s.Catalog.Create(owner, TitleFields(string(v), v))
		if err != nil {
			t.Fatal(err)
		}
		ids[v] = ti.ID
	}
	cases := []struct {
		viewer string
		vis    catalog.Visibility
		read   bool
	}{
		{"cmg", catalog.VisibilityPrivate, true},
		{"vgtrk", catalog.VisibilityPrivate, false},
		{"vgtrk", catalog.VisibilityPartners, true},
		{"other", catalog.VisibilityPartners, false},
		{"other", catalog.VisibilityPublic, true},
		{"other", catalog.VisibilityPrivate, false},
	}
	for _, c := range cases {
		ctx := As(c.viewer, auth.RoleAdmin)
		_, err := s.Catalog.Get(ctx, ids[c.vis], nil)
		if c.read && err != nil {
			t.Errorf("%s reading %s title: %v", c.viewer, c.vis, err)
		}
		if !c.read && !apperr.Is(err, apperr.NotFound) {
			t.Errorf("%s reading %s title: err = %v, want not_found", c.viewer, c.vis, err)
		}
		// The list must agree with Get: the SQL visibility rule mirrors CanRead.
		items, _, err := s.Catalog.List(ctx, catalog.ListParams{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		listed := false
		for _, it := range items {
			listed = listed || it.ID == ids[c.vis]
		}
		if listed != c.read {
			t.Errorf("%s listing %s title: listed=%v, want %v", c.viewer, c.vis, listed, c.read)
		}
	}
	viewer := As("cmg", auth.RoleViewer)
	if _, err := s.Catalog.Create(viewer, TitleFields("x", catalog.VisibilityPrivate)); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("viewer create: %v", err)
	}
	if _, err := s.Catalog.Patch(viewer, ids[catalog.VisibilityPrivate], map[string]any{"production_year": 2020.0}, ""); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("viewer patch: %v", err)
	}
	partnerAdmin := As("vgtrk", auth.RoleAdmin)
	if err := s.Catalog.Delete(partnerAdmin, ids[catalog.VisibilityPartners], ""); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("partner delete: %v", err)
	}
	coProduced := TitleFields("co", catalog.VisibilityPrivate)
	coProduced.Producers = []string{"cmg", "vgtrk"}
	co, err := s.Catalog.Create(owner, coProduced)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Catalog.Get(As("vgtrk", auth.RoleViewer), co.ID, nil); err != nil {
		t.Errorf("co-producer cannot read a private co-production: %v", err)
	}
}
