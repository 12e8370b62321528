package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/store"
)

func init() { Register("RightsClaims", exerciseRightsClaims) }

// exerciseRightsClaims checks that a holding's status persists, that claims
// stay out of every family used to answer availability while a change sees
// them, and that imports and the upgrade make claims by the same rule.
func exerciseRightsClaims(t *testing.T, open func(t testing.TB) *store.DB) {
	t.Run("StatusPersistsAndAvailabilityFamiliesLeaveClaimsOut", func(t *testing.T) { claimsPersist(t, open(t)) })
	t.Run("OnlyClaimantAndKeepersSeeClaims", func(t *testing.T) { claimsVisibility(t, open(t)) })
	t.Run("ProducersHoldWithoutClaim", func(t *testing.T) { claimsProducers(t, open(t)) })
	t.Run("ImportedHoldingsOnOthersTitlesAreClaims", func(t *testing.T) { claimsImport(t, open(t)) })
	t.Run("UpgradeTurnsNonKeepersHoldingsIntoClaims", func(t *testing.T) { claimsUpgrade(t, open(t)) })
}

func holdingIDs(hs []*rights.Holding) string {
	out := ""
	for _, h := range hs {
		out += fmt.Sprintf("%s/%s:%s ", h.TitleID, h.Holder, h.Status)
	}
	return out
}

func claimsPersist(t *testing.T, db *store.DB) {
	x := newRightsFixture(t, db)
	ctx := context.Background()
	cm, vg := As("cmg", auth.RoleEditor), As("vgtrk", auth.RoleEditor)
	claim, err := x.Rights.AddHolding(cm, x.Film, rights.HoldingInput{Terms: terms([]string{"WORLD"}, nil, []rights.Media{svod}, "2025-01-01", "", true)})
	if err != nil || claim.Status != rights.HoldingClaimed {
		t.Fatalf("cmg's holding on vgtrk's film = %+v, %v", claim, err)
	}
	own, err := x.Rights.AddHolding(vg, x.Film, rights.HoldingInput{Terms: terms([]string{"RU"}, nil, []rights.Media{svod}, "2025-01-01", "2027-12-31", false)})
	if err != nil || own.Status != rights.HoldingConfirmed {
		t.Fatalf("the owner's holding = %+v, %v", own, err)
	}
	// A claim on the series reaches no episode's availability either.
	if _, err := x.Rights.AddHolding(cm, x.Series, rights.HoldingInput{Terms: terms([]string{"CN"}, nil, []rights.Media{freeTV}, "2025-01-01", "", true)}); err != nil {
		t.Fatal(err)
	}
	cs, err := db.HoldingClaims(ctx, x.Film)
	if err != nil || len(cs) != 1 || cs[0].ID != claim.ID || cs[0].Status != rights.HoldingClaimed || cs[0].Holder != "cmg" || cs[0].End != nil {
		t.Fatalf("claims = %s, %v", holdingIDs(cs), err)
	}
	onlyOwn := func(what string, fams []*rights.Family) {
		t.Helper()
		for _, f := range fams {
			for _, h := range f.Holdings {
				if !h.Counts() || h.Holder == "cmg" {
					t.Fatalf("%s: the availability family holds a claim: %s", what, holdingIDs(f.Holdings))
				}
			}
		}
	}
	f, err := db.RightsFamily(ctx, x.Film)
	if err != nil || len(f.Holdings) != 1 {
		t.Fatalf("family = %+v, %v", f, err)
	}
	onlyOwn("RightsFamily", []*rights.Family{f})
	fams, err := db.RightsFamilies(ctx, []string{x.Film, x.Series, x.Episode})
	if err != nil {
		t.Fatal(err)
	}
	onlyOwn("RightsFamilies", fams)
	fams, err = db.RightsFamiliesFor(ctx, "cmg", []string{x.Film, x.Episode})
	if err != nil {
		t.Fatal(err)
	}
	onlyOwn("RightsFamiliesFor", fams)
	if hs, err := db.HoldingsOf(ctx, "cmg"); err != nil || len(hs) != 0 {
		t.Fatalf("cmg's export holds its claims: %s, %v", holdingIDs(hs), err)
	}
	// A change sees claims, with the title's keepers.
	err = db.RightsChange(ctx, x.Film, func(f *rights.Family) (*rights.Change, error) {
		if fmt.Sprint(f.Keepers) != "[vgtrk]" || !f.Keeper("vgtrk") || f.Keeper("cmg") {
			t.Errorf("keepers = %v", f.Keepers)
		}
		if len(f.Holdings) != 2 {
			t.Errorf("change family = %s", holdingIDs(f.Holdings))
		}
		return nil, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Availability names the owner only.
	q := rights.Query{Titles: []string{x.Film}, Territories: []string{"RU"}, Media: []rights.Media{svod}, Start: "2026-01-01", End: sp("2026-12-31")}
	res, err := x.Rights.Query(As("cmg", auth.RoleViewer), q)
	if err != nil || !res.Results[0].Available || res.Results[0].Holder != "vgtrk" {
		t.Fatalf("availability = %+v, %v", res.Results[0], err)
	}
	// Rejected with a reason, which persists; confirmed later once nothing is in the way.
	if _, err := x.Rights.RejectClaim(vg, x.Film, claim.ID, "bad\x00reason"); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("a reason with a NUL: %v", err)
	}
	if _, err := x.Rights.RejectClaim(vg, x.Film, claim.ID, "  not yours  "); err != nil {
		t.Fatal(err)
	}
	cs, _ = db.HoldingClaims(ctx, x.Film)
	if len(cs) != 1 || cs[0].Status != rights.HoldingRejected || cs[0].StatusReason != "not yours" {
		t.Fatalf("rejected claim = %+v", cs)
	}
	if _, err := x.Rights.ConfirmClaim(vg, x.Film, claim.ID); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("confirming an exclusive claim over the owner's holding: %v", err)
	}
	if err := x.Rights.DeleteHolding(vg, x.Film, own.ID); err != nil {
		t.Fatal(err)
	}
	h, err := x.Rights.ConfirmClaim(As("vgtrk", auth.RoleAdmin), x.Film, claim.ID)
	if err != nil || h.Status != rights.HoldingConfirmed || h.StatusReason != "" {
		t.Fatalf("confirm = %+v, %v", h, err)
	}
	if cs, _ := db.HoldingClaims(ctx, x.Film); len(cs) != 0 {
		t.Fatalf("claims after confirmation = %s", holdingIDs(cs))
	}
	f, _ = db.RightsFamily(ctx, x.Film)
	if len(f.Holdings) != 1 || f.Holdings[0].ID != claim.ID || f.Holdings[0].Status != rights.HoldingConfirmed {
		t.Fatalf("family after confirmation = %s", holdingIDs(f.Holdings))
	}
	if res, _ := x.Rights.Query(As("cmg", auth.RoleViewer), q); res == nil || res.Results[0].Holder != "cmg" {
		t.Fatalf("availability after confirmation = %+v", res)
	}
	if hs, _ := db.HoldingsOf(ctx, "cmg"); len(hs) != 1 {
		t.Fatalf("cmg's export after confirmation = %s", holdingIDs(hs))
	}
}

func claimsVisibility(t *testing.T, db *store.DB) {
	x := newRightsFixture(t, db)
	vg := As("vgtrk", auth.RoleEditor)
	if _, err := x.Catalog.Patch(vg, x.Film, map[string]any{"visibility": "public"}, ""); err != nil {
		t.Fatal(err)
	}
	mine, err := x.Rights.AddHolding(As("other", auth.RoleEditor), x.Film, rights.HoldingInput{Terms: terms([]string{"DE"}, nil, []rights.Media{svod}, "2025-01-01", "", false)})
	if err != nil || mine.Status != rights.HoldingClaimed {
		t.Fatalf("other's claim = %+v, %v", mine, err)
	}
	if _, err := x.Rights.AddHolding(As("cmg", auth.RoleEditor), x.Film, rights.HoldingInput{Terms: terms([]string{"CN"}, nil, []rights.Media{svod}, "2025-01-01", "", false)}); err != nil {
		t.Fatal(err)
	}
	see := func(org string) string {
		cs, err := x.Rights.Claims(As(org, auth.RoleViewer), x.Film)
		if err != nil {
			t.Fatal(err)
		}
		out := ""
		for _, c := range cs {
			out += c.Holder + " "
		}
		return out
	}
	if got := see("vgtrk"); got != "other cmg " && got != "cmg other " {
		t.Fatalf("the owner sees claims of %q", got)
	}
	if got := see("other"); got != "other " {
		t.Fatalf("a claimant sees claims of %q", got)
	}
	if got := see("cmg"); got != "cmg " {
		t.Fatalf("a claimant sees claims of %q", got)
	}
	// Another organisation can neither decide nor withdraw it, and is told it does not exist.
	if _, err := x.Rights.RejectClaim(As("cmg", auth.RoleAdmin), x.Film, mine.ID, ""); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("a third organisation rejected a claim: %v", err)
	}
	if err := x.Rights.DeleteHolding(As("cmg", auth.RoleAdmin), x.Film, mine.ID); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("a third organisation deleted a claim: %v", err)
	}
	if _, err := x.Rights.ConfirmClaim(As("other", auth.RoleAdmin), x.Film, mine.ID); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("a claimant confirmed its own claim: %v", err)
	}
	if _, err := x.Rights.ConfirmClaim(As("vgtrk", auth.RoleViewer), x.Film, mine.ID); !apperr.Is(err, apperr.Forbidden) {
		t.Fatalf("the owner's viewer confirmed a claim: %v", err)
	}
	if err := x.Rights.DeleteHolding(As("other", auth.RoleEditor), x.Film, mine.ID); err != nil {
		t.Fatalf("withdraw: %v", err)
	}
	if got := see("other"); got != "" {
		t.Fatalf("withdrawn claim still listed: %q", got)
	}
}

func claimsProducers(t *testing.T, db *store.DB) {
	x := newRightsFixture(t, db)
	vg := As("vgtrk", auth.RoleEditor)
	f := TitleFields("Co-production", catalog.VisibilityPartners)
	f.Producers = []string{"vgtrk", "cmg"}
	co, err := x.Catalog.Create(vg, f)
	if err != nil {
		t.Fatal(err)
	}
	h, err := x.Rights.AddHolding(As("cmg", auth.RoleEditor), co.ID, rights.HoldingInput{Terms: terms([]string{"CN"}, nil, []rights.Media{svod}, "2025-01-01", "", true)})
	if err != nil || h.Status != rights.HoldingConfirmed {
		t.Fatalf("a producer's holding = %+v, %v", h, err)
	}
	err = db.RightsChange(context.Background(), co.ID, func(f *rights.Family) (*rights.Change, error) {
		if fmt.Sprint(f.Keepers) != "[vgtrk cmg]" {
			t.Errorf("keepers = %v, want the owner first, then the other producer", f.Keepers)
		}
		return nil, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func claimsImport(t *testing.T, db *store.DB) {
	x := newRightsFixture(t, db)
	ctx := context.Background()
	item := rights.ImportItem{Key: "cmg-1", TitleRef: x.Film, Terms: terms([]string{"CN"}, nil, []rights.Media{svod}, "2025-01-01", "", true)}
	rep, err := x.Rights.Import(As("cmg", auth.RoleEditor), rights.KindHoldings, []rights.ImportItem{item}, false)
	if err != nil || !rep.Committed || rep.Created != 1 {
		t.Fatalf("import = %+v, %v", rep, err)
	}
	cs, _ := db.HoldingClaims(ctx, x.Film)
	if len(cs) != 1 || cs[0].AvailID != "cmg-1" || cs[0].Status != rights.HoldingClaimed {
		t.Fatalf("imported claim = %s", holdingIDs(cs))
	}
	if f, _ := db.RightsFamily(ctx, x.Film); len(f.Holdings) != 0 {
		t.Fatalf("an imported claim counts: %s", holdingIDs(f.Holdings))
	}
	// Imported again unchanged it stays one claim; once confirmed, an
	// unchanged re-import keeps it confirmed, a changed one claims anew.
	rep, err = x.Rights.Import(As("cmg", auth.RoleEditor), rights.KindHoldings, []rights.ImportItem{item}, false)
	if err != nil || rep.Updated != 1 {
		t.Fatalf("re-import = %+v, %v", rep, err)
	}
	if cs, _ := db.HoldingClaims(ctx, x.Film); len(cs) != 1 {
		t.Fatalf("claims after re-import = %s", holdingIDs(cs))
	}
	if _, err := x.Rights.ConfirmClaim(As("vgtrk", auth.RoleEditor), x.Film, cs[0].ID); err != nil {
		t.Fatal(err)
	}
	if _, err = x.Rights.Import(As("cmg", auth.RoleEditor), rights.KindHoldings, []rights.ImportItem{item}, false); err != nil {
		t.Fatal(err)
	}
	if f, _ := db.RightsFamily(ctx, x.Film); len(f.Holdings) != 1 || f.Holdings[0].Status != rights.HoldingConfirmed {
		t.Fatalf("unchanged re-import lost the confirmation: %s", holdingIDs(f.Holdings))
	}
	item.Terms = terms([]string{"CN", "HK"}, nil, []rights.Media{svod}, "2025-01-01", "", true)
	if _, err = x.Rights.Import(As("cmg", auth.RoleEditor), rights.KindHoldings, []rights.ImportItem{item}, false); err != nil {
		t.Fatal(err)
	}
	if cs, _ := db.HoldingClaims(ctx, x.Film); len(cs) != 1 || cs[0].Status != rights.HoldingClaimed {
		t.Fatalf("a changed record is not claimed anew: %s", holdingIDs(cs))
	}
	// The owner's own import is confirmed.
	own := rights.ImportItem{Key: "vg-1", TitleRef: x.Film, Terms: terms([]string{"RU"}, nil, []rights.Media{svod}, "2025-01-01", "", false)}
	if _, err := x.Rights.Import(As("vgtrk", auth.RoleEditor), rights.KindHoldings, []rights.ImportItem{own}, false); err != nil {
		t.Fatal(err)
	}
	if f, _ := db.RightsFamily(ctx, x.Film); len(f.Holdings) != 1 || f.Holdings[0].Holder != "vgtrk" {
		t.Fatalf("owner's import = %s", holdingIDs(f.Holdings))
	}
}

func claimsUpgrade(t *testing.T, db *store.DB) {
	ctx := context.Background()
	if err := db.MigrateDownTo(ctx, 25); err != nil {
		t.Fatalf("down to 25: %v", err)
	}
	now := "'2025-05-07T10:00:00.000000Z'"
	title := func(id string) string {
		return `INSERT INTO titles (id, owner_org, kind, visibility, original_language, production_year, version, doc, created_at, updated_at)
			VALUES ('` + id + `', 'cmg', 'film', 'public', 'zh', 2021, 1, '{"id":"` + id + `","owner":"cmg","kind":"film"}', ` + now + `, ` + now + `)`
	}
	holding := func(id, title, holder string) string {
		return `INSERT INTO holdings (id, title_id, holder, doc, media_mask, t0, t1, t2, t3, start_date, end_date, exclusive, created_at, created_by)
			VALUES ('` + id + `', '` + title + `', '` + holder + `', '{"territories":["CN"],"media":["svod"],"start":"2025-01-01","exclusive":false}',
			1, 0, 0, 0, 0, '2025-01-01', NULL, 0, ` + now + `, 'test')`
	}
	for _, q := range []string{
		`INSERT INTO orgs (slug, country, names, created_at) VALUES ('cmg', 'CN', '{"en":"CMG"}', ` + now + `)`,
		`INSERT INTO orgs (slug, country, names, created_at) VALUES ('vgtrk', 'RU', '{"en":"VGTRK"}', ` + now + `)`,
		`INSERT INTO orgs (slug, country, names, created_at) VALUES ('squat', 'DE', '{"en":"Squatter"}', ` + now + `)`,
		title("solo"), title("co"),
		`INSERT INTO title_producers (title_id, org) VALUES ('solo', 'cmg')`,
		`INSERT INTO title_producers (title_id, org) VALUES ('co', 'cmg')`,
		`INSERT INTO title_producers (title_id, org) VALUES ('co', 'vgtrk')`,
		holding("h-owner", "solo", "cmg"), holding("h-squat", "solo", "squat"),
		holding("h-producer", "co", "vgtrk"), holding("h-vgtrk", "solo", "vgtrk"),
	} {
		if err := db.ExecForTest(ctx, q); err != nil {
			t.Fatalf("seed: %v", err)
		}
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	status := map[string]rights.HoldingStatus{}
	for _, id := range []string{"solo", "co"} {
		err := db.RightsChange(ctx, id, func(f *rights.Family) (*rights.Change, error) {
			for _, h := range f.Holdings {
				status[h.ID] = h.Status
			}
			return nil, nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]rights.HoldingStatus{"h-owner": rights.HoldingConfirmed, "h-producer": rights.HoldingConfirmed,
		"h-squat": rights.HoldingClaimed, "h-vgtrk": rights.HoldingClaimed}
	if fmt.Sprint(status) != fmt.Sprint(want) {
		t.Fatalf("statuses after upgrade = %v, want %v", status, want)
	}
}
