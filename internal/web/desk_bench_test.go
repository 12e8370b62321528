package web_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/demo"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// BenchmarkDeskAvailsGrid times one page of the avails grid (50 titles,
// every cell asked of the rights service) against its baseline, the one
// catalogue-wide query of the API that chooses the page's titles. The hub is
// the demo plus 200 public films, each held worldwide in all media by CMG
// with one exclusive SVOD licence for Russia, so every title is partly
// available and every cell has reasons. Results in docs/benchmarks.md.
func BenchmarkDeskAvailsGrid(b *testing.B) {
	s := newDeskSite(b, storetest.OpenSQLite)
	cmg := storetest.As("cmg", auth.RoleEditor)
	end := "2026-12-31"
	for i := range 200 {
		t, err := s.catalogSvc.Create(cmg, catalog.Fields{Kind: catalog.KindFilm, OriginalLanguage: "zh",
			ProductionYear: 2000 + i%25, Visibility: catalog.VisibilityPublic,
			Localizations: map[string]catalog.Localization{"en": {Title: fmt.Sprintf("Film %03d", i)}}})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.rights.AddHolding(cmg, t.ID, rights.HoldingInput{Terms: rights.Terms{Territories: []string{"WORLD"},
			Media: rights.AllMedia, Start: "2025-01-01", Exclusive: true}}); err != nil {
			b.Fatal(err)
		}
		if _, err := s.rights.AddLicence(cmg, t.ID, rights.LicenceInput{Licensee: "vgtrk", Terms: rights.Terms{
			Territories: []string{"RU"}, Media: []rights.Media{rights.SVOD}, Start: "2026-01-01", End: &end, Exclusive: true}}); err != nil {
			b.Fatal(err)
		}
	}
	c := (&site{Server: s.Server}).client(b)
	c.signIn(demo.UserEmail("vgtrk", auth.RoleViewer))
	vg := storetest.As("vgtrk", auth.RoleViewer)
	q := rights.Query{Territories: []string{"WORLD"}, Media: rights.AllMedia, Start: "2026-01-01", End: &end,
		Match: rights.Overlap, Limit: 50}
	b.Run("baseline-catalogue-query", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.rights.Query(vg, q); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, bc := range []struct{ name, query string }{
		{"grid-2-media", "media=svod&media=free_tv"},
		{"grid-12-media", ""},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if r := c.get("/rights/avails?territories=WORLD&start=2026-01-01&end=2026-12-31&match=overlap&" + bc.query); r.StatusCode != http.StatusOK {
					b.Fatalf("grid: %d", r.StatusCode)
				}
			}
		})
	}
}
