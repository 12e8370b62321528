package storetest

import (
	"sort"
	"testing"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/media"
	"github.com/silkbridge/silkbridge/internal/store"
)

func init() { Register("AssetCovers", exerciseAssetCovers) }

func exerciseAssetCovers(t *testing.T, open func(t testing.TB) *store.DB) {
	db := open(t)
	s := NewServices(db)
	SeedOrgs(t, s)
	ctx := As("cmg", auth.RoleEditor)
	title := func(name string) string {
		ti, err := s.Catalog.Create(ctx, TitleFields(name, catalog.VisibilityPartners))
		if err != nil {
			t.Fatal(err)
		}
		return ti.ID
	}
	film, series, bare := title("Film"), title("Series"), title("Bare")
	add := func(titleID string, kind media.Kind, ctype string, status media.Status, poster bool) *media.Asset {
		a := NewAsset(titleID, "cmg", string(kind)+ctype+string(status)+titleID)
		a.Kind, a.ContentType = kind, ctype
		if _, err := db.AssetRegister(ctx, a, "k-"+a.ID); err != nil {
			t.Fatal(err)
		}
		u := media.ProcessingUpdate{Status: status}
		if poster {
			u.Preview = &media.Preview{HLS: "derived/x/hls/master.m3u8", Poster: "derived/x/poster.jpg"}
		}
		if err := db.AssetUpdateProcessing(ctx, a.ID, u); err != nil {
			t.Fatal(err)
		}
		return a
	}
	trailer := add(film, media.KindTrailer, "video/mp4", media.StatusReady, true)
	still := add(film, media.KindStill, "image/jpeg", media.StatusReady, false)
	poster := add(film, media.KindPoster, "image/png", media.StatusReady, false)
	add(film, media.KindPoster, "image/png", media.StatusProcessing, false)    // not ready
	add(film, media.KindDocument, "application/pdf", media.StatusReady, false) // not a picture
	add(film, media.KindMezzanine, "video/mp4", media.StatusReady, false)      // no preview
	seriesTrailer := add(series, media.KindTrailer, "video/mp4", media.StatusReady, true)
	add(series, media.KindPoster, "image/svg+xml", media.StatusReady, false) // never shown inline
	add(bare, media.KindMezzanine, "video/quicktime", media.StatusFailed, false)

	got, err := db.AssetCovers(ctx, []string{film, series, bare, "unknown"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range got {
		ids = append(ids, a.ID)
	}
	want := []string{trailer.ID, still.ID, poster.ID, seriesTrailer.ID}
	if len(got) != 5 { // the four, plus the SVG poster the store cannot judge
		t.Fatalf("covers %v, want %v and the SVG", ids, want)
	}
	if sorted := sort.StringsAreSorted(ids); !sorted {
		t.Errorf("not oldest first: %v", ids)
	}
	if none, err := db.AssetCovers(ctx, nil); err != nil || len(none) != 0 {
		t.Errorf("no titles: %v, %v", none, err)
	}
	svc := media.NewService(db, s.Catalog, nil, nil, media.Limits{}, nil)
	covers, err := svc.Covers(ctx, []string{film, series, bare})
	if err != nil {
		t.Fatal(err)
	}
	if len(covers) != 2 || covers[film].ID != poster.ID || covers[series].ID != seriesTrailer.ID {
		t.Errorf("covers: film %v, series %v, %d in all", covers[film], covers[series], len(covers))
	}
}
