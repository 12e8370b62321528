package storetest

import (
	"encoding/json"
	"testing"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/audit"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/store"
)

func init() { Register("RightsAudit", exerciseRightsAudit) }

// auditCounts counts the entries of org's log about id, by action.
func auditCounts(t *testing.T, db *store.DB, org, id string) map[string]int {
	t.Helper()
	es, err := audit.NewService(db).List(As(org, auth.RoleAdmin), audit.ListParams{EntityID: id, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, e := range es {
		out[e.Action]++
	}
	return out
}

func wantCounts(t *testing.T, what string, got, want map[string]int) {
	t.Helper()
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s: %d %s, want %d (all: %v)", what, got[k], k, n, got)
		}
	}
	for k, n := range got {
		if _, ok := want[k]; !ok && n > 0 {
			t.Errorf("%s: unexpected %d %s (all: %v)", what, n, k, got)
		}
	}
}

// exerciseRightsAudit checks that every holding and licence change, whichever
// path makes it (the API's service calls, an avails import), is in the
// parties' audit logs exactly once, and that each new licence is announced
// exactly once to each party's endpoint, in the same transaction.
func exerciseRightsAudit(t *testing.T, open func(t testing.TB) *store.DB) {
	t.Run("EveryChangeIsAuditedAndEachLicencePublishedOnce", func(t *testing.T) {
		db := open(t)
		x := newRightsFixture(t, db)
		eps := hooks(t, db)
		vg := As("vgtrk", auth.RoleEditor)
		h, err := x.Rights.AddHolding(vg, x.Film, rights.HoldingInput{Terms: terms([]string{"WORLD"}, nil,
			[]rights.Media{svod, freeTV}, "2025-01-01", "2030-12-31", true)})
		if err != nil {
			t.Fatal(err)
		}
		wantCounts(t, "vgtrk on its holding", auditCounts(t, db, "vgtrk", h.ID), map[string]int{"holding.created": 1})
		es, err := audit.NewService(db).List(As("vgtrk", auth.RoleAdmin), audit.ListParams{EntityID: h.ID, Limit: 5})
		if err != nil || len(es) != 1 {
			t.Fatalf("audit = %v, %v", es, err)
		}
		var ch map[string]any
		if err := json.Unmarshal(es[0].Changes, &ch); err != nil || ch["holder"] != "vgtrk" || ch["start"] != "2025-01-01" ||
			es[0].Actor != "vgtrk-editor" || es[0].Entity != "holding" {
			t.Fatalf("holding.created entry = %+v (changes %v, %v)", es[0], ch, err)
		}

		// A licence to a partner of the hub: both logs, both endpoints, once.
		l, err := x.Rights.AddLicence(vg, x.Film, rights.LicenceInput{Licensee: "cmg",
			Terms: terms([]string{"CN"}, nil, []rights.Media{svod}, "2025-06-01", "2026-05-31", false)})
		if err != nil {
			t.Fatal(err)
		}
		// A licence to an outside name: the licensor's log only.
		out, err := x.Rights.AddLicence(vg, x.Film, rights.LicenceInput{Licensee: "Кинопоиск",
			Terms: terms([]string{"RU"}, nil, []rights.Media{svod}, "2025-06-01", "2026-05-31", true)})
		if err != nil {
			t.Fatal(err)
		}
		// A refused licence leaves no trace.
		if _, err := x.Rights.AddLicence(vg, x.Film, rights.LicenceInput{Licensee: "cmg",
			Terms: terms([]string{"RU"}, nil, []rights.Media{svod}, "2025-07-01", "2025-08-31", false)}); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("overlapping an exclusive licence: %v", err)
		}
		for _, org := range []string{"vgtrk", "cmg"} {
			wantCounts(t, org+" on the partner's licence", auditCounts(t, db, org, l.ID), map[string]int{"licence.created": 1})
		}
		wantCounts(t, "vgtrk on the outside licence", auditCounts(t, db, "vgtrk", out.ID), map[string]int{"licence.created": 1})
		wantCounts(t, "cmg on the outside licence", auditCounts(t, db, "cmg", out.ID), map[string]int{})
		wantCounts(t, "cmg's endpoint", deliveredTypes(t, db, eps["cmg"]), map[string]int{"licence.created": 1})
		wantCounts(t, "vgtrk's endpoint", deliveredTypes(t, db, eps["vgtrk"]), map[string]int{"licence.created": 2})
		wantCounts(t, "other's endpoint", deliveredTypes(t, db, eps["other"]), map[string]int{})

		// An avails import replacing the licence under its key is one
		// update, not a new licence: audited, not announced again.
		imp := func(items ...rights.ImportItem) {
			t.Helper()
			rep, err := x.Rights.Import(vg, rights.KindLicences, items, false)
			if err != nil || !rep.Committed || len(rep.Errors) > 0 {
				t.Fatalf("import = %+v, %v", rep, err)
			}
		}
		item := rights.ImportItem{Key: "A-1", TitleRef: x.Film, Licensee: "cmg",
			Terms: terms([]string{"CN"}, nil, []rights.Media{freeTV}, "2025-06-01", "2025-12-31", false)}
		imp(item)
		ls, err := x.Rights.Licences(vg, x.Film)
		if err != nil {
			t.Fatal(err)
		}
		var imported string
		for _, il := range ls {
			if il.AvailID == "A-1" {
				imported = il.ID
			}
		}
		if imported == "" {
			t.Fatalf("imported licence missing: %+v", ls)
		}
		item.Terms.End = sp("2026-03-31")
		imp(item)
		item.Delete = true
		imp(item)
		imp(item) // deleting what is gone is a no-op, and records nothing
		for _, org := range []string{"vgtrk", "cmg"} {
			wantCounts(t, org+" on the imported licence", auditCounts(t, db, org, imported),
				map[string]int{"licence.created": 1, "licence.updated": 1, "licence.deleted": 1})
		}
		wantCounts(t, "cmg's endpoint after the import", deliveredTypes(t, db, eps["cmg"]), map[string]int{"licence.created": 2})

		// Deletions through the service.
		if err := x.Rights.DeleteLicence(vg, x.Film, l.ID); err != nil {
			t.Fatal(err)
		}
		if err := x.Rights.DeleteLicence(vg, x.Film, out.ID); err != nil {
			t.Fatal(err)
		}
		if err := x.Rights.DeleteHolding(vg, x.Film, h.ID); err != nil {
			t.Fatal(err)
		}
		for _, org := range []string{"vgtrk", "cmg"} {
			wantCounts(t, org+" on the deleted licence", auditCounts(t, db, org, l.ID),
				map[string]int{"licence.created": 1, "licence.deleted": 1})
		}
		wantCounts(t, "vgtrk on the deleted holding", auditCounts(t, db, "vgtrk", h.ID),
			map[string]int{"holding.created": 1, "holding.deleted": 1})
		wantCounts(t, "other's log", auditCounts(t, db, "other", l.ID), map[string]int{})
	})
}
