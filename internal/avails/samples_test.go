package avails_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/avails"
	"github.com/silkbridge/silkbridge/internal/avails/availstest"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// sampleTitles creates the titles the MovieLabs-style samples name.
func sampleTitles(t *testing.T, b *bundle) (film2, series, season, episode string) {
	t.Helper()
	ctx := storetest.As("cmg", auth.RoleEditor)
	mk := func(f catalog.Fields, alt string) string {
		f.Identifiers.Alt = []catalog.AltID{{Scheme: "mddf-cid", Value: alt}}
		x, err := b.svc.Catalog.Create(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		return x.ID
	}
	film2 = mk(storetest.TitleFields("Rocky", catalog.VisibilityPartners), availstest.Film2CID)
	sf := storetest.TitleFields("Veep", catalog.VisibilityPartners)
	sf.Kind = catalog.KindSeries
	series = mk(sf, availstest.SeriesCID)
	ss := storetest.TitleFields("Veep season 5", catalog.VisibilityPartners)
	ss.Kind, ss.ParentID, ss.SeasonNumber = catalog.KindSeason, series, 5
	season = mk(ss, availstest.SeasonCID)
	ef := storetest.TitleFields("Thanksgiving", catalog.VisibilityPartners)
	ef.Kind, ef.ParentID, ef.EpisodeNumber = catalog.KindEpisode, season, 5
	episode = mk(ef, availstest.EpisodeCID)
	return
}

// TestMovieLabsSamplesImport: workbooks laid out as MovieLabs' templates
// (versions 1.7.2 to 1.9, Movies and TV sheets, rows 1–3 classes, names and
// hints) and the v1.6 TSV layout import with zero errors when their titles
// exist; importing them again replaces rather than duplicates.
func TestMovieLabsSamplesImport(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b := setup(t, open)
		film2, _, season, episode := sampleTitles(t, b)
		ctx := storetest.As("cmg", auth.RoleEditor)
		today := time.Now().UTC().Format("2006-01-02")
		for i, v := range availstest.SampleVersions {
			rep, err := b.avails.Import(ctx, availstest.SampleXLSX(t, v), avails.ImportOptions{Kind: rights.KindHoldings})
			if err != nil || !rep.Committed || len(rep.Errors) != 0 {
				t.Fatalf("v%s: import = %+v, %v", v, rep, err)
			}
			// 6 Movies rows (HD+SD of one avail) and 3 TV rows are data; the hints row, the "//" row and the note are not.
			if rep.Rows != 9 {
				t.Fatalf("v%s: %d data rows, want 9", v, rep.Rows)
			}
			if i == 0 && rep.Created != availstest.SampleRecords {
				t.Fatalf("v%s: created %d, want %d: %+v", v, rep.Created, availstest.SampleRecords, rep)
			}
			if i > 0 && (rep.Created != 0 || rep.Updated != availstest.SampleRecords) {
				t.Fatalf("v%s re-import: %+v", v, rep)
			}
		}
		hs, err := b.svc.DB.HoldingsOf(context.Background(), "cmg")
		if err != nil || len(hs) != availstest.SampleRecords {
			t.Fatalf("holdings = %d, %v", len(hs), err)
		}
		byKey := map[string]*rights.Holding{}
		var av1001 []*rights.Holding
		for _, h := range hs {
			byKey[h.AvailID] = h
			if strings.HasPrefix(h.AvailID, "AV-1001#sb:") {
				av1001 = append(av1001, h)
			}
		}
		// AV-1001: HD and SD merge; the exclusive Canadian row is its own record.
		if len(av1001) != 2 {
			t.Fatalf("AV-1001 records = %+v", av1001)
		}
		for _, h := range av1001 {
			switch h.Territories[0] {
			case "US":
				if h.Exclusive || h.Start != "2025-03-01" || h.End != nil || strings.Join(h.Avail.FormatProfiles, ",") != "HD,SD" {
					t.Errorf("AV-1001 US = %+v %+v", h.Terms, h.Avail)
				}
			case "CA":
				if !h.Exclusive || *h.End != "2027-02-28" {
					t.Errorf("AV-1001 CA = %+v", h.Terms)
				}
			default:
				t.Errorf("AV-1001 territory %v", h.Territories)
			}
		}
		if h := byKey["AV-1002"]; h == nil || h.Territories[0] != "WORLD" || h.ExceptTerritories[0] != "CN" || h.Start != today || h.Avail.StartCondition != "" {
			t.Errorf("AV-1002 (ZZ, Immediate) = %+v", h)
		}
		if h := byKey["AV-1003"]; h == nil || h.Start != "2025-01-15" || h.End != nil || h.Avail.EndCondition != "ESTStart" || h.Avail.EndLag != "P1D" || h.Media[0] != rights.EST {
			t.Errorf("AV-1003 (POEST to ESTStart) = %+v", h)
		}
		if h := byKey["AV-1004"]; h == nil || h.TitleID != film2 || h.Avail.StartCondition != "Theatrical" || h.Avail.StartLag != "P30D" || h.Start != today {
			t.Errorf("AV-1004 (from Theatrical) = %+v", h)
		} else if c := h.Conditional(); len(c) != 1 || c[0] != rights.StartConditional {
			t.Errorf("AV-1004 conditional = %v", c)
		}
		if h := byKey["VEEP-S5E5"]; h == nil || h.TitleID != episode || h.Avail.StartCondition != "Broadcast" || h.Languages[0] != "en:sub" {
			t.Errorf("episode = %+v", h)
		}
		if h := byKey["VEEP-S5"]; h == nil || h.TitleID != season || h.Start != "2016-06-01" || h.Avail.EndCondition != "Completed" {
			t.Errorf("season = %+v", h)
		}
		if _, ok := byKey["AV-9999"]; ok {
			t.Error("the commented-out row was imported")
		}
		// The v1.6 TSV layout: no ALID column, StoreLanguage, hints row.
		rep, err := b.avails.Import(ctx, availstest.SampleTSV16(), avails.ImportOptions{Kind: rights.KindHoldings})
		if err != nil || !rep.Committed || len(rep.Errors) != 0 || rep.Rows != 3 || rep.Created != availstest.SampleTSV16Records {
			t.Fatalf("v1.6 TSV import = %+v, %v", rep, err)
		}
	})
}

// TestTemplateRowsAreNotData: the reader starts at row 4 of a template
// laid out workbook; the hints row ("1.9" in A3) and rows whose ALID is
// empty or starts with "//" are not avails.
func TestTemplateRowsAreNotData(t *testing.T) {
	sheets, err := avails.ReadXLSX(availstest.SampleXLSX(t, "1.9"))
	if err != nil {
		t.Fatal(err)
	}
	if len(sheets) != 2 || sheets[0].Name != "Movies" || sheets[1].Name != "TV" {
		t.Fatalf("sheets = %d", len(sheets))
	}
	m := sheets[0]
	if len(m.Rows) != 6 || m.Rows[0].Line != 4 || m.Rows[0].Get("Start") != "2025-03-01" {
		t.Fatalf("Movies rows = %d, first %+v", len(m.Rows), m.Rows[0])
	}
	for _, r := range m.Rows {
		if r.Get("ALID") == "" || strings.HasPrefix(r.Get("ALID"), "//") {
			t.Errorf("row %d read as an avail: %v", r.Line, r.Cells)
		}
	}
	s, err := avails.ReadTSV(availstest.SampleTSV16(), "")
	if err != nil || len(s.Rows) != 3 || s.Rows[0].Line != 4 {
		t.Fatalf("v1.6 TSV = %+v, %v", s, err)
	}
	// A TSV without the template rows reads as before.
	s, err = avails.ReadTSV([]byte("Territory\tLicenseType\tALID\nRU\tSVOD\ta\n\tSVOD\t\n"), "")
	if err != nil || len(s.Rows) != 1 || s.Rows[0].Line != 2 {
		t.Fatalf("plain TSV = %+v, %v", s, err)
	}
}

// TestSampleRoundTrip: what silkbridge exports imports again with no
// changes, and exporting again gives the same rows; the export carries the
// template's row-1 classes, FormatProfile, the stored conditions and the
// licensor's name.
func TestSampleRoundTrip(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		b := setup(t, open)
		b.avails.WithOrgs(b.svc.DB)
		sampleTitles(t, b)
		ctx := storetest.As("cmg", auth.RoleEditor)
		if rep, err := b.avails.Import(ctx, availstest.SampleXLSX(t, "1.9"), avails.ImportOptions{Kind: rights.KindHoldings}); err != nil || len(rep.Errors) != 0 {
			t.Fatalf("import = %+v, %v", rep, err)
		}
		export := func(f avails.Format, sheet string) []byte {
			data, _, err := b.avails.Export(ctx, avails.ExportOptions{Kind: rights.KindHoldings, Format: f, Sheet: sheet})
			if err != nil {
				t.Fatal(err)
			}
			return data
		}
		for _, f := range []avails.Format{avails.XLSX, avails.TSV} {
			before := string(export(avails.TSV, "movies")) + string(export(avails.TSV, "tv"))
			files := [][]byte{export(f, "movies")}
			if f == avails.TSV {
				files = append(files, export(f, "tv"))
			}
			for _, data := range files {
				rep, err := b.avails.Import(ctx, data, avails.ImportOptions{Kind: rights.KindHoldings})
				if err != nil || !rep.Committed || len(rep.Errors) != 0 || rep.Created != 0 {
					t.Fatalf("%s re-import = %+v, %v", f, rep, err)
				}
			}
			after := string(export(avails.TSV, "movies")) + string(export(avails.TSV, "tv"))
			if before != after {
				t.Fatalf("%s round trip changed the records:\n%s\n---\n%s", f, before, after)
			}
			if hs, _ := b.svc.DB.HoldingsOf(context.Background(), "cmg"); len(hs) != availstest.SampleRecords {
				t.Fatalf("%s round trip: %d holdings", f, len(hs))
			}
		}
		sheets, err := avails.ReadXLSX(export(avails.XLSX, ""))
		if err != nil {
			t.Fatal(err)
		}
		var theatrical, lagged, hdsd bool
		for _, r := range sheets[0].Rows {
			if r.Get("FormatProfile") == "" || r.Get("DisplayName") != "China Media Group" {
				t.Errorf("row %d: FormatProfile %q, DisplayName %q", r.Line, r.Get("FormatProfile"), r.Get("DisplayName"))
			}
			theatrical = theatrical || r.Get("Start") == "Theatrical"
			lagged = lagged || (r.Get("Start") == "Theatrical" && r.Get("StartLag") == "P30D")
			hdsd = hdsd || (strings.HasPrefix(r.Get("AvailID"), "AV-1001") && r.Get("FormatProfile") == "SD")
			if strings.Contains(r.Get("AvailID"), "#") {
				t.Errorf("row %d exports the internal key %q", r.Line, r.Get("AvailID"))
			}
		}
		if !theatrical || !lagged || !hdsd {
			t.Errorf("export lost the Theatrical start (%v), its lag (%v) or the SD row (%v)", theatrical, lagged, hdsd)
		}
	})
}

// TestExportRowOneClasses: row 1 holds the template's classes.
func TestExportRowOneClasses(t *testing.T) {
	var buf bytes.Buffer
	s := &avails.Sheet{Name: avails.SheetMovies, Header: avails.MoviesColumns}
	if err := avails.WriteXLSX(&buf, []*avails.Sheet{s}); err != nil {
		t.Fatal(err)
	}
	classes := readRow(t, buf.Bytes(), 1)
	names := readRow(t, buf.Bytes(), 2)
	want := map[string]string{"AssetLanguage": "AvailTrans", "LocalizationType": "AvailMetadata", "Territory": "AvailTrans",
		"FormatProfile": "AvailTrans", "EntryType": "Disposition", "ContentID": "AvailAsset", "ALID": "Avail", "PriceType": "AvailTrans", "PriceValue": "AvailTrans"}
	for i, n := range names {
		if w, ok := want[n]; ok && classes[i] != w {
			t.Errorf("%s is in class %q, want %q", n, classes[i], w)
		}
		delete(want, n)
	}
	if len(want) > 0 {
		t.Errorf("columns missing: %v", want)
	}
}
