package avails_test

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/avails"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/rights"
	"github.com/silkbridge/silkbridge/internal/store"
	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

type bundle struct {
	svc    *storetest.Services
	rights *rights.Service
	avails *avails.Service
	film   string
	ep     string
}

func setup(t *testing.T, open func(testing.TB) *store.DB) *bundle {
	t.Helper()
	s := storetest.NewServices(open(t))
	storetest.SeedOrgs(t, s)
	r := rights.NewService(s.DB, s.Catalog)
	b := &bundle{svc: s, rights: r, avails: avails.NewService(r, s.Catalog)}
	ctx := storetest.As("cmg", auth.RoleEditor)
	f := storetest.TitleFields("Detective Chinatown 1900", catalog.VisibilityPartners)
	f.OriginalLanguage = "zh-Hans"
	f.Localizations["zh-Hans"] = catalog.Localization{Title: "唐探1900"}
	f.Identifiers.EIDR = "10.5240/7791-8534-2C23-9030-8610-5"
	film, err := s.Catalog.Create(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	b.film = film.ID
	sf := storetest.TitleFields("Серии", catalog.VisibilityPartners)
	sf.Kind = catalog.KindSeries
	series, err := s.Catalog.Create(ctx, sf)
	if err != nil {
		t.Fatal(err)
	}
	ef := storetest.TitleFields("Серия 1", catalog.VisibilityPartners)
	ef.Kind, ef.ParentID, ef.EpisodeNumber = catalog.KindEpisode, series.ID, 1
	ep, err := s.Catalog.Create(ctx, ef)
	if err != nil {
		t.Fatal(err)
	}
	b.ep = ep.ID
	return b
}

const header = "Licensee\tTerritory\tTerritoryExclusion\tWorkType\tEntryType\tLicenseType\tStart\tEnd\tContentID\tAvailID\tExclusive\tAllowedLanguages\tLocalizationType\n"

func TestAvailsImportExport(t *testing.T) {
	storetest.ForEachEngine(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		t.Run("RoundTripKeepsChineseAndCyrillic", func(t *testing.T) { testRoundTrip(t, setup(t, open)) })
		t.Run("ErrorsNameRowAndColumnAndStoreNothing", func(t *testing.T) { testRowErrors(t, setup(t, open)) })
		t.Run("FullDeleteAndUpdate", func(t *testing.T) { testEntryTypes(t, setup(t, open)) })
	})
}

func testRoundTrip(t *testing.T, b *bundle) {
	ctx := storetest.As("cmg", auth.RoleEditor)
	tsv := header +
		"ntv\tWORLD\tCN\tMovie\tFull Extract\tFreeTV\t2025-09-01\t2027-08-31\tmd:cid:eidr-s:7791-8534-2C23-9030-8610-5\tA-1\tYes\tru\tdub\n" +
		"ntv\tWORLD\tCN\tMovie\tFull Extract\tSVOD\t2025-09-01\t2027-08-31\tmd:cid:eidr-s:7791-8534-2C23-9030-8610-5\tA-1\tYes\tru\tdub\n" +
		"ntv\tCIS\t\tEpisode\tCreate\tAVOD\t2025-01-01\tOpen\t" + b.ep + "\t\tNo\t\t\n"
	rep, err := b.avails.Import(ctx, []byte(tsv), avails.ImportOptions{Kind: rights.KindHoldings})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Committed || rep.Created != 2 || len(rep.Errors) != 0 || rep.Rows != 3 {
		t.Fatalf("report = %+v", rep)
	}
	hs, _ := b.rights.Holdings(ctx, b.film)
	if len(hs) != 1 || len(hs[0].Media) != 2 || hs[0].Languages[0] != "ru:dub" || hs[0].AvailID != "A-1" || !hs[0].Exclusive {
		t.Fatalf("film holdings = %+v", hs)
	}
	// Licences to a Cyrillic-named licensee, then both formats out and back in.
	lic := rights.LicenceInput{Licensee: "Первый канал", Terms: rights.Terms{Territories: []string{"RU"}, Media: []rights.Media{rights.FreeTV},
		Languages: []string{"ru:dub"}, Start: "2025-10-01", End: sp("2026-09-30"), Exclusive: true}}
	if _, err := b.rights.AddLicence(ctx, b.film, lic); err != nil {
		t.Fatal(err)
	}
	for _, format := range []avails.Format{avails.TSV, avails.XLSX} {
		data, _, err := b.avails.Export(ctx, avails.ExportOptions{Kind: rights.KindLicences, Format: format})
		if err != nil {
			t.Fatal(err)
		}
		if format == avails.TSV && (!bytes.Contains(data, []byte("Первый канал")) || !bytes.Contains(data, []byte("唐探1900"))) {
			t.Fatalf("TSV lost zh/ru text:\n%s", data)
		}
		sheets := readAny(t, data, format)
		row := sheets[0].Rows[0]
		if row.Get("Licensee") != "Первый канал" || row.Get("TitleInternalAlias") != "唐探1900" || row.Get("LicenseType") != "FreeTV" {
			t.Fatalf("%s row = %v", format, row.Cells)
		}
		// Importing the export again updates the same licence in place.
		rep, err := b.avails.Import(ctx, data, avails.ImportOptions{Kind: rights.KindLicences})
		if err != nil || !rep.Committed || rep.Updated != 1 || rep.Created != 0 {
			t.Fatalf("%s re-import = %+v, %v", format, rep, err)
		}
		ls, _ := b.rights.Licences(ctx, b.film)
		if len(ls) != 1 || ls[0].Licensee != "Первый канал" || *ls[0].End != "2026-09-30" || ls[0].Languages[0] != "ru:dub" {
			t.Fatalf("%s after re-import: %+v", format, ls)
		}
	}
	// The TV sheet carries the episode.
	data, _, err := b.avails.Export(ctx, avails.ExportOptions{Kind: rights.KindHoldings, Format: avails.TSV, Sheet: "tv"})
	if err != nil {
		t.Fatal(err)
	}
	tv := readAny(t, data, avails.TSV)[0]
	if len(tv.Rows) != 1 || tv.Rows[0].Get("EpisodeContentID") != b.ep || tv.Rows[0].Get("SeriesTitleInternalAlias") != "Серии (ru)" || tv.Rows[0].Get("End") != "Open" {
		t.Fatalf("TV sheet = %+v", tv.Rows)
	}
}

func readAny(t *testing.T, data []byte, f avails.Format) []*avails.Sheet {
	t.Helper()
	if f == avails.XLSX {
		s, err := avails.ReadXLSX(data)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	s, err := avails.ReadTSV(data, "")
	if err != nil {
		t.Fatal(err)
	}
	return []*avails.Sheet{s}
}

func testRowErrors(t *testing.T, b *bundle) {
	ctx := storetest.As("cmg", auth.RoleEditor)
	tsv := header +
		"ntv\tRU\t\tMovie\t\tFreeTV\t2025-09-01\t2027-08-31\t" + b.film + "\t\tYes\t\t\n" + // line 2: good
		"ntv\tUK\t\tMovie\t\tCableTV\t2025-09-31\t\t" + b.film + "\t\tMaybe\t\t\n" + // line 3: four bad cells
		"ntv\tRU\t\tMovie\t\tSVOD\t2025-09-01\t\tno-such-title\t\t\t\t\n" // line 4: unknown title
	rep, err := b.avails.Import(ctx, []byte(tsv), avails.ImportOptions{Kind: rights.KindHoldings})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, e := range rep.Errors {
		got[strconv.Itoa(e.Row)+":"+e.Column] = true
	}
	for _, want := range []string{"3:Territory", "3:LicenseType", "3:Start", "3:Exclusive", "4:ContentID"} {
		if !got[want] {
			t.Errorf("no error at %s; got %+v", want, rep.Errors)
		}
	}
	if rep.Committed || len(rep.Errors) != 5 {
		t.Fatalf("report = %+v", rep)
	}
	if hs, _ := b.rights.Holdings(ctx, b.film); len(hs) != 0 {
		t.Fatalf("a refused import stored %d holdings", len(hs))
	}
	rep, err = b.avails.Import(ctx, []byte(tsv), avails.ImportOptions{Kind: rights.KindHoldings, KeepGoodRows: true})
	if err != nil || !rep.Committed || rep.Created != 1 {
		t.Fatalf("keep-good-rows = %+v, %v", rep, err)
	}
	if _, err := b.avails.Import(ctx, []byte("\xff\xfe\x00garbage"), avails.ImportOptions{Kind: rights.KindHoldings}); err == nil {
		t.Fatal("damaged UTF-16 accepted")
	}
	if _, err := b.avails.Import(ctx, []byte("a\tb\n\x80\x81\n"), avails.ImportOptions{Kind: rights.KindHoldings}); err == nil || !strings.Contains(err.Error(), "UTF-8") {
		t.Fatalf("non-UTF-8 file: %v", err)
	}
}

func testEntryTypes(t *testing.T, b *bundle) {
	ctx := storetest.As("cmg", auth.RoleEditor)
	row := func(entry, end string) string {
		return "ntv\tRU\t\tMovie\t" + entry + "\tSVOD\t2025-09-01\t" + end + "\t" + b.film + "\tK-9\tNo\t\t\n"
	}
	imp := func(tsv string) *avails.Report {
		rep, err := b.avails.Import(ctx, []byte(tsv), avails.ImportOptions{Kind: rights.KindHoldings})
		if err != nil || !rep.Committed {
			t.Fatalf("import = %+v, %v", rep, err)
		}
		return rep
	}
	if rep := imp(header + row("Full Extract", "2026-01-01")); rep.Created != 1 {
		t.Fatalf("create = %+v", rep)
	}
	if rep := imp(header + row("Update", "2026-06-30")); rep.Updated != 1 {
		t.Fatalf("update = %+v", rep)
	}
	hs, _ := b.rights.Holdings(ctx, b.film)
	if len(hs) != 1 || *hs[0].End != "2026-06-30" {
		t.Fatalf("after update: %+v", hs)
	}
	if rep := imp(header + row("Full Delete", "")); rep.Deleted != 1 {
		t.Fatalf("delete = %+v", rep)
	}
	if rep := imp(header + row("Full Delete", "")); rep.Deleted != 0 {
		t.Fatalf("deleting again is a no-op: %+v", rep)
	}
	if hs, _ := b.rights.Holdings(ctx, b.film); len(hs) != 0 {
		t.Fatalf("after delete: %+v", hs)
	}
}

func sp(s string) *string { return &s }
