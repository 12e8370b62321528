package storetest

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/audit"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/media"
	"github.com/silkbridge/silkbridge/internal/store"
)

func init() { Register("AssetLinks", exerciseAssetLinks) }

func exerciseAssetLinks(t *testing.T, open func(t testing.TB) *store.DB) {
	// setup registers an asset of cmg's and returns it with a link vgtrk
	// made to it (max downloads, expiring in an hour).
	setup := func(t *testing.T, max int) (*store.DB, *media.Asset, *media.Link) {
		db := open(t)
		s := NewServices(db)
		SeedOrgs(t, s)
		ti, err := s.Catalog.Create(As("cmg", auth.RoleEditor), TitleFields("Detective Chinatown 1900", catalog.VisibilityPartners))
		if err != nil {
			t.Fatal(err)
		}
		a := NewAsset(ti.ID, "cmg", "a film "+t.Name())
		if _, err := db.AssetRegister(As("cmg", auth.RoleEditor), a, "k-"+a.ID); err != nil {
			t.Fatal(err)
		}
		return db, a, newLink(t, db, a, "vgtrk", max, time.Hour, "hash-"+a.ID)
	}
	vgtrk := As("vgtrk", auth.RoleEditor)

	t.Run("CreateListFindRevoke", func(t *testing.T) {
		db, a, l := setup(t, 3)
		list, err := db.AssetLinkList(vgtrk, a.ID, "vgtrk")
		if err != nil || len(list) != 1 {
			t.Fatalf("list = %v, %v", list, err)
		}
		got := list[0]
		if got.ID != l.ID || got.AssetID != a.ID || got.Org != "vgtrk" || got.CreatedBy != "vgtrk-editor" || got.MaxDownloads != 3 ||
			got.Downloads != 0 || got.RevokedAt != nil || !within(got.ExpiresAt, l.ExpiresAt) || !within(got.CreatedAt, l.CreatedAt) {
			t.Fatalf("stored %+v, listed %+v", l, got)
		}
		if list, _ := db.AssetLinkList(vgtrk, a.ID, "cmg"); len(list) != 0 {
			t.Errorf("cmg sees vgtrk's links: %v", list)
		}
		if byHash, err := db.AssetLinkByHash(vgtrk, "hash-"+a.ID); err != nil || byHash.ID != l.ID {
			t.Fatalf("by hash = %v, %v", byHash, err)
		}
		if _, err := db.AssetLinkByHash(vgtrk, "no such hash"); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("unknown hash: %v", err)
		}
		// Only the organisation that made a link revokes it.
		if err := db.AssetLinkRevoke(As("cmg", auth.RoleAdmin), a.ID, "cmg", l.ID, time.Now()); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("cmg revoking vgtrk's link: %v", err)
		}
		if err := db.AssetLinkRevoke(vgtrk, "another asset", "vgtrk", l.ID, time.Now()); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("revoking through another asset: %v", err)
		}
		first := time.Now().UTC().Add(-time.Minute)
		if err := db.AssetLinkRevoke(vgtrk, a.ID, "vgtrk", l.ID, first); err != nil {
			t.Fatal(err)
		}
		if err := db.AssetLinkRevoke(vgtrk, a.ID, "vgtrk", l.ID, time.Now()); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.AssetLinkByHash(vgtrk, "hash-"+a.ID); got.RevokedAt == nil || !within(*got.RevokedAt, first) {
			t.Errorf("revoked at %v, want the first revocation %v", got.RevokedAt, first)
		}
		if _, err := db.AssetLinkUse(vgtrk, l.ID, use(a, media.UseHead, "head")); !apperr.Is(err, media.CodeLinkRevoked) {
			t.Errorf("using a revoked link: %v", err)
		}
		actions := auditActions(t, db, "vgtrk", "asset_link", l.ID)
		if len(actions) != 2 || actions[0] != "asset_link.created" || actions[1] != "asset_link.revoked" {
			t.Errorf("vgtrk's log of the link: %v", actions)
		}
	})

	t.Run("StartsCountContinuationsAndHeadsDoNot", func(t *testing.T) {
		db, a, l := setup(t, 2)
		steps := []struct {
			kind      media.LinkUseKind
			downloads int
			refused   apperr.Code
		}{
			{media.UseHead, 0, ""},
			{media.UseStart, 1, ""},
			{media.UseResume, 1, ""},
			{media.UseStart, 2, ""},
			{media.UseStart, 2, media.CodeLinkUsedUp},
			{media.UseResume, 2, ""}, // a broken last download may still finish
			{media.UseHead, 2, ""},
		}
		for i, st := range steps {
			got, err := db.AssetLinkUse(vgtrk, l.ID, use(a, st.kind, "r"))
			if st.refused != "" {
				if !apperr.Is(err, st.refused) {
					t.Fatalf("step %d: want %s, got %v", i, st.refused, err)
				}
				continue
			}
			if err != nil || got.Downloads != st.downloads || got.LastUsedAt == nil {
				t.Fatalf("step %d: %+v, %v (want %d downloads)", i, got, err, st.downloads)
			}
		}
		if got, _ := db.AssetLinkByHash(vgtrk, "hash-"+a.ID); got.Downloads != 2 {
			t.Errorf("after the refused start: %d downloads", got.Downloads)
		}
		// Every use served is audited in the owner's log and the link's
		// organisation's; the refused one is not.
		if n := len(auditActions(t, db, "cmg", "asset", a.ID)); n != 1+6 { // asset.created + 6 uses
			t.Errorf("cmg's log of the asset has %d entries, want 7", n)
		}
		if used := countOf(auditActions(t, db, "vgtrk", "asset_link", l.ID), "asset_link.used"); used != 6 {
			t.Errorf("vgtrk's log has %d uses, want 6", used)
		}
	})

	t.Run("AContinuationOfNoDownloadCounts", func(t *testing.T) {
		db, a, l := setup(t, 1)
		if got, err := db.AssetLinkUse(vgtrk, l.ID, use(a, media.UseResume, "bytes=100-")); err != nil || got.Downloads != 1 {
			t.Fatalf("first use from byte 100: %+v, %v", got, err)
		}
		if _, err := db.AssetLinkUse(vgtrk, l.ID, use(a, media.UseStart, "all")); !apperr.Is(err, media.CodeLinkUsedUp) {
			t.Errorf("second download: %v", err)
		}
	})

	t.Run("ExpiredLinkServesNothing", func(t *testing.T) {
		db, a, _ := setup(t, 5)
		old := newLink(t, db, a, "vgtrk", 5, -time.Minute, "expired-"+a.ID)
		for _, k := range []media.LinkUseKind{media.UseStart, media.UseResume, media.UseHead} {
			if _, err := db.AssetLinkUse(vgtrk, old.ID, use(a, k, "r")); !apperr.Is(err, media.CodeLinkExpired) {
				t.Errorf("use %d of an expired link: %v", k, err)
			}
		}
	})

	t.Run("LastDownloadGoesToOneOfRacingRequests", func(t *testing.T) {
		db, a, l := setup(t, 3)
		const racers = 8
		var wg sync.WaitGroup
		var mu sync.Mutex
		served, usedUp := 0, 0
		for range racers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := db.AssetLinkUse(vgtrk, l.ID, use(a, media.UseStart, "all"))
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					served++
				case apperr.Is(err, media.CodeLinkUsedUp):
					usedUp++
				default:
					t.Errorf("racing use: %v", err)
				}
			}()
		}
		wg.Wait()
		if served != 3 || usedUp != racers-3 {
			t.Fatalf("served %d, used up %d; want 3 and %d", served, usedUp, racers-3)
		}
		if got, _ := db.AssetLinkByHash(vgtrk, "hash-"+a.ID); got.Downloads != 3 {
			t.Errorf("downloads = %d", got.Downloads)
		}
	})

	t.Run("DeletingTheAssetDeletesItsLinks", func(t *testing.T) {
		db, a, _ := setup(t, 1)
		if _, err := db.AssetDelete(As("cmg", auth.RoleEditor), a.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AssetLinkByHash(vgtrk, "hash-"+a.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("link of a deleted asset: %v", err)
		}
	})

	t.Run("LinkToUnknownAssetRefused", func(t *testing.T) {
		db, _, _ := setup(t, 1)
		l := &media.Link{ID: media.NewID(), AssetID: "no-such-asset", Org: "vgtrk", CreatedBy: "x", CreatedAt: time.Now(),
			ExpiresAt: time.Now().Add(time.Hour), MaxDownloads: 1}
		if err := db.AssetLinkCreate(vgtrk, l, "h"); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("link to an unknown asset: %v", err)
		}
	})
}

func newLink(t *testing.T, db *store.DB, a *media.Asset, org string, max int, life time.Duration, hash string) *media.Link {
	t.Helper()
	now := time.Now().UTC()
	l := &media.Link{ID: media.NewID(), AssetID: a.ID, Org: org, CreatedBy: org + "-editor", CreatedAt: now,
		ExpiresAt: now.Add(life), MaxDownloads: max}
	if err := db.AssetLinkCreate(As(org, auth.RoleEditor), l, hash); err != nil {
		t.Fatal(err)
	}
	return l
}

func use(a *media.Asset, kind media.LinkUseKind, r string) media.LinkUse {
	return media.LinkUse{Kind: kind, At: time.Now().UTC(), Range: r, Asset: a}
}

func auditActions(t *testing.T, db *store.DB, org, entity, id string) []string {
	t.Helper()
	es, err := db.AuditList(context.Background(), audit.ListParams{Org: org, Entity: entity, EntityID: id, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Action)
		if e.Action == "asset.downloaded" || e.Action == "asset_link.used" {
			var ch map[string]any
			if err := json.Unmarshal([]byte(e.Changes), &ch); err != nil || ch["link"] == nil || ch["range"] == nil {
				t.Errorf("%s entry without its link and range: %s", e.Action, e.Changes)
			}
		}
	}
	return out
}

func countOf(ss []string, s string) int {
	n := 0
	for _, x := range ss {
		if x == s {
			n++
		}
	}
	return n
}
