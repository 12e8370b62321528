package availstest

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// MovieLabs-style avails files, laid out exactly as MovieLabs' EMA
// templates are: row 1 the column classes (Avail, AvailTrans, AvailAsset,
// AvailMetadata, Disposition), row 2 the column names, row 3 the template
// version in A3 and //REQ or //Opt hints, data from row 4; a Movies and a TV
// sheet; the kinds of values MovieLabs' sample workbooks hold (EIDR and
// org-scoped ids, Immediate/Open/ESTStart/Theatrical windows, HD and SD rows
// of one AvailID, ZZ territories, Tier prices, Excel date cells, commented
// "//" rows and note rows without an ALID).

// Title identifiers the samples name; a test creates titles carrying them.
const (
	FilmEIDR      = "10.5240/7791-8534-2C23-9030-8610-5"
	FilmCID       = "md:cid:eidr-s:7791-8534-2C23-9030-8610-5"
	FilmALID      = "md:alid:eidr-s:7791-8534-2C23-9030-8610-5"
	Film2CID      = "md:cid:org:mgm:rocky_1976"
	Film2ALID     = "md:alid:org:mgm:rocky_1976"
	SeriesCID     = "md:cid:org:hbo:veep"
	SeasonCID     = "md:cid:org:hbo:veep_s5"
	EpisodeCID    = "md:cid:org:hbo:veep_s5_e5"
	EpisodeALID   = "md:alid:org:hbo:veep_s5_e5"
	SeasonALID    = "md:alid:org:hbo:veep_s5"
	SampleRecords = 7 // records the Movies and TV samples make together
)

// SampleVersions are the template versions the samples are written in.
var SampleVersions = []string{"1.7.2", "1.7.3", "1.8", "1.9"}

// moviesV19 and tvV19 are the v1.9 template columns (research notes on
// mddf-lib's Movies_v1.9.xlsx and TV_v1.9.xlsx).
var moviesV19 = strings.Fields(`DisplayName Licensee AssetLanguage Territory TerritoryExclusion StoreType WorkType EntryType
TitleInternalAlias TitleDisplayUnlimited LocalizationType CompanyDisplayCredit GroupIdentity Director LicenseType
LicenseRightsDescription FormatProfile HDR WCG HFR NGAudio Start StartLag End EndLag WindowDuration PriceType PriceValue
PriceCurrency SRP Description Download OtherTerms OtherInstructions TitleID EditID AltID ContentID AvailID UV_ID DMA_ID
ReportingID Metadata ALID SuppressionLiftDate SpecialPreOrderFulfillDate AnnounceDate ReleaseYear ReleaseHistoryOriginal
ReleaseHistoryPhysicalHV ExceptionFlag RatingSystem RatingValue RatingReason RentalDuration WatchDuration CaptionIncluded
CaptionExemption Any ContractID TitleStatus Exclusive ExclusiveAttributes BrandingRights BrandingRightsAttributes
ServiceProvider TotalRunTime HoldbackLanguage AllowedLanguages RequiredFulfillmentLanguages BundleALIDs RetailerID1
RetailerID2 RetailerID3 RetailerSpare1 RetailerSpare2 RetailerSpare3 PackageLabel`)

var tvExtra = strings.Fields(`SeriesTitleInternalAlias SeriesTitleDisplayUnlimited SeasonNumber EpisodeNumber
EpisodeTitleInternalAlias EpisodeTitleDisplayUnlimited SeasonTitleInternalAlias SeasonTitleDisplayUnlimited
EpisodeCount SeasonCount SeriesContentID SeasonContentID EpisodeContentID EpisodeAltID SeasonAltID SeriesAltID
EpisodeID SeasonID SeriesID`)

// newIn are the columns a version added, left out of older versions.
var newIn = map[string][]string{
	"1.8": {"StoreType", "HDR", "WCG", "HFR", "NGAudio", "BundleALIDs", "PackageLabel", "EndLag", "StartLag"},
	"1.9": {"RequiredFulfillmentLanguages", "RetailerSpare1", "RetailerSpare2", "RetailerSpare3", "TitleStatus"},
}

func columns(version string, tv bool) []string {
	drop := map[string]bool{}
	for v, cols := range newIn {
		if version < v {
			for _, c := range cols {
				drop[c] = true
			}
		}
	}
	var out []string
	for _, c := range moviesV19 {
		if drop[c] || (tv && (c == "TitleInternalAlias" || c == "TitleDisplayUnlimited" || c == "ContentID")) {
			continue
		}
		out = append(out, c)
		if tv && c == "EntryType" {
			out = append(out, tvExtra...)
		}
	}
	return out
}

// class is the template's row-1 class of a column.
func class(col string) string {
	switch col {
	case "DisplayName", "Licensee", "ServiceProvider", "ALID", "BundleALIDs":
		return "Avail"
	case "EntryType":
		return "Disposition"
	case "WorkType", "ContentID", "SeriesContentID", "SeasonContentID", "EpisodeContentID", "EditID", "TitleID", "AltID":
		return "AvailAsset"
	case "AssetLanguage", "Territory", "TerritoryExclusion", "LicenseType", "LicenseRightsDescription", "FormatProfile",
		"HDR", "WCG", "HFR", "NGAudio", "Start", "StartLag", "End", "EndLag", "WindowDuration", "PriceType", "PriceValue",
		"PriceCurrency", "SRP", "Description", "OtherTerms", "OtherInstructions", "AvailID", "ContractID", "Exclusive",
		"ExclusiveAttributes", "HoldbackLanguage", "AllowedLanguages", "RequiredFulfillmentLanguages", "RentalDuration", "WatchDuration":
		return "AvailTrans"
	}
	return "AvailMetadata"
}

func hint(col string) string {
	switch col {
	case "Territory", "WorkType", "EntryType", "LicenseType", "FormatProfile", "Start", "End", "ALID", "AvailID", "ContentID", "EpisodeContentID":
		return "//REQ"
	}
	return "//Opt"
}

// MoviesRows are the sample Movies rows (column → value; a time.Time is
// written as an Excel date cell, the way the samples hold dates).
func MoviesRows() []map[string]any {
	base := func(kv ...any) map[string]any {
		r := map[string]any{"DisplayName": "Sample Studio", "Licensee": "Sample Retailer", "AssetLanguage": "en", "WorkType": "Movie",
			"EntryType": "Full Extract", "TitleInternalAlias": "Detective Chinatown 1900", "TitleDisplayUnlimited": "Detective Chinatown 1900",
			"LicenseRightsDescription": "New Release", "PriceType": "Tier", "PriceValue": "Tier 1", "ContentID": FilmCID, "ALID": FilmALID,
			"ReleaseYear": "2025", "RatingSystem": "MPAA", "RatingValue": "PG-13", "CaptionIncluded": "Yes", "Exclusive": "No", "TotalRunTime": "02:16:00"}
		for i := 0; i+1 < len(kv); i += 2 {
			r[kv[i].(string)] = kv[i+1]
		}
		return r
	}
	return []map[string]any{
		// One AvailID, HD and SD rows: one record with two format profiles.
		base("Territory", "US", "LicenseType", "EST", "FormatProfile", "HD", "Start", time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), "End", "Open", "AvailID", "AV-1001"),
		base("Territory", "US", "LicenseType", "EST", "FormatProfile", "SD", "Start", time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), "End", "Open", "AvailID", "AV-1001", "PriceValue", "Tier 2"),
		// The same AvailID, exclusive in Canada: a second record.
		base("Territory", "CA", "LicenseType", "EST", "FormatProfile", "HD", "Start", "2025-03-01", "End", "2027-02-28", "AvailID", "AV-1001", "Exclusive", "Yes"),
		// ZZ (worldwide), from the import on.
		base("Territory", "ZZ", "TerritoryExclusion", "CN", "LicenseType", "SVOD", "FormatProfile", "UHD", "Start", "Immediate", "End", "2027-12-31", "AvailID", "AV-1002", "PriceType", "", "PriceValue", ""),
		// Pre-order EST that ends the day after EST starts.
		base("Territory", "US", "LicenseType", "POEST", "FormatProfile", "HD", "Start", "2025-01-15T00:00:00", "End", "ESTStart", "EndLag", "P1D", "AvailID", "AV-1003", "SuppressionLiftDate", "2025-01-20"),
		// A second film, opening 30 days after its theatrical release.
		base("Territory", "GB", "LicenseType", "VOD", "FormatProfile", "HD", "Start", "Theatrical", "StartLag", "P30D", "End", "Open", "AvailID", "AV-1004",
			"ContentID", Film2CID, "ALID", Film2ALID, "TitleInternalAlias", "Rocky", "TitleDisplayUnlimited", "Rocky", "PriceType", "WSP", "PriceValue", "4.99", "PriceCurrency", "GBP"),
		// A commented-out row and a note row without an ALID are not avails.
		base("Territory", "FR", "LicenseType", "EST", "FormatProfile", "HD", "Start", "2025-03-01", "End", "Open", "AvailID", "AV-9999", "ALID", "//"+FilmALID, "DisplayName", "//example"),
		{"DisplayName": "Note: prices are Tier 1 unless stated", "Territory": "", "LicenseType": ""},
	}
}

// TVRows are the sample TV rows: an episode in HD and SD, and a season.
func TVRows() []map[string]any {
	ep := func(kv ...any) map[string]any {
		r := map[string]any{"DisplayName": "Sample Studio", "Licensee": "Sample Retailer", "AssetLanguage": "en", "Territory": "US",
			"WorkType": "Episode", "EntryType": "Full Extract", "SeriesTitleInternalAlias": "Veep", "SeriesTitleDisplayUnlimited": "Veep",
			"SeasonNumber": "5", "EpisodeNumber": "5", "EpisodeTitleInternalAlias": "Thanksgiving", "EpisodeTitleDisplayUnlimited": "Thanksgiving",
			"LicenseType": "EST", "Start": "Broadcast", "End": "Open", "PriceType": "Tier", "PriceValue": "Tier 3",
			"SeriesContentID": SeriesCID, "SeasonContentID": SeasonCID, "EpisodeContentID": EpisodeCID, "AvailID": "VEEP-S5E5", "ALID": EpisodeALID,
			"ReleaseYear": "2016", "Exclusive": "No", "AllowedLanguages": "en", "LocalizationType": "sub"}
		for i := 0; i+1 < len(kv); i += 2 {
			r[kv[i].(string)] = kv[i+1]
		}
		return r
	}
	return []map[string]any{
		ep("FormatProfile", "HD"),
		ep("FormatProfile", "SD", "PriceValue", "Tier 4"),
		ep("WorkType", "Season", "EpisodeNumber", "", "EpisodeContentID", "", "EpisodeTitleInternalAlias", "", "EpisodeTitleDisplayUnlimited", "",
			"EpisodeCount", "10", "FormatProfile", "HD", "Start", time.Date(2016, 6, 1, 0, 0, 0, 0, time.UTC), "End", "Completed", "AvailID", "VEEP-S5", "ALID", SeasonALID),
	}
}

// SampleXLSX is a workbook of the given template version with a Movies and
// a TV sheet holding MoviesRows and TVRows.
func SampleXLSX(t testing.TB, version string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	date, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		t.Fatal(err)
	}
	// The templates open with an instructions sheet, which readers skip.
	if err := f.SetSheetName("Sheet1", "Instructions"); err != nil {
		t.Fatal(err)
	}
	f.SetCellValue("Instructions", "A1", "EMA Avails template v"+version+": fill one row per avail from row 4.")
	for _, sh := range []struct {
		name string
		tv   bool
		rows []map[string]any
	}{{"Movies", false, MoviesRows()}, {"TV", true, TVRows()}} {
		if _, err := f.NewSheet(sh.name); err != nil {
			t.Fatal(err)
		}
		cols := columns(version, sh.tv)
		for j, c := range cols {
			cell := func(row int) string { n, _ := excelize.CoordinatesToCellName(j+1, row); return n }
			f.SetCellValue(sh.name, cell(1), class(c))
			f.SetCellValue(sh.name, cell(2), c)
			if j == 0 {
				f.SetCellValue(sh.name, cell(3), version)
			} else {
				f.SetCellValue(sh.name, cell(3), hint(c))
			}
			for i, r := range sh.rows {
				v, ok := r[c]
				if !ok || v == "" {
					continue
				}
				f.SetCellValue(sh.name, cell(i+4), v)
				if _, isDate := v.(time.Time); isDate {
					f.SetCellStyle(sh.name, cell(i+4), cell(i+4), date)
				}
			}
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// v16Columns are the v1.6 Movies template columns (pivotshare/avails
// schema/headers-movie.tsv): no ALID, Licensee, Exclusive or
// AllowedLanguages yet, StoreLanguage instead of AssetLanguage.
var v16Columns = strings.Fields(`DisplayName StoreLanguage Territory WorkType EntryType TitleInternalAlias TitleDisplay19
TitleDisplay340 LocalizationType LicenseType LicenseRightsDescription FormatProfile Start End PriceType PriceValue SRP
Description OtherTerms OtherInstructions ContentID ProductID EncodeID AvailID Metadata AltID SuppressionLiftDate
SpecialPreOrderFulfillDate ReleaseYear ReleaseHistoryOriginal ReleaseHistoryPhysicalHV ExceptionFlag RatingSystem
RatingValue RatingReason RentalDuration WatchDuration CaptionIncluded CaptionExemption Any ContractID ServiceProvider
TotalRunTime HoldbackLanguage HoldbackExclusionLanguage`)

// SampleTSV16 is a v1.6 Movies sheet saved as tab-separated text, its
// three template rows kept (classes, names, "1.6" and hints).
func SampleTSV16() []byte {
	rows := []map[string]string{
		{"DisplayName": "Sample Studio", "StoreLanguage": "en", "Territory": "US", "WorkType": "Movie", "EntryType": "Full Extract",
			"TitleInternalAlias": "Detective Chinatown 1900", "LicenseType": "EST", "FormatProfile": "HD", "Start": "2025-03-01", "End": "Open",
			"PriceType": "Tier", "PriceValue": "Tier 1", "ContentID": FilmCID, "AvailID": "AV16-1", "ReleaseYear": "2025"},
		{"DisplayName": "Sample Studio", "StoreLanguage": "en", "Territory": "US", "WorkType": "Movie", "EntryType": "Full Extract",
			"TitleInternalAlias": "Detective Chinatown 1900", "LicenseType": "EST", "FormatProfile": "SD", "Start": "2025-03-01", "End": "Open",
			"PriceType": "Tier", "PriceValue": "Tier 2", "ContentID": FilmCID, "AvailID": "AV16-1", "ReleaseYear": "2025"},
		{"DisplayName": "Sample Studio", "StoreLanguage": "en", "Territory": "ZZ", "WorkType": "Movie", "EntryType": "Full Extract",
			"TitleInternalAlias": "Rocky", "LicenseType": "VOD", "FormatProfile": "HD", "Start": "Immediate", "End": "EST",
			"ContentID": Film2CID, "AvailID": "AV16-2", "ReleaseYear": "1976"},
		{"DisplayName": "//commented out", "Territory": "US", "LicenseType": "EST", "ContentID": FilmCID},
	}
	var b strings.Builder
	line := func(cell func(c string) string) {
		for j, c := range v16Columns {
			if j > 0 {
				b.WriteByte('\t')
			}
			b.WriteString(cell(c))
		}
		b.WriteString("\r\n")
	}
	line(class)
	line(func(c string) string { return c })
	line(func(c string) string {
		if c == v16Columns[0] {
			return "1.6"
		}
		return hint(c)
	})
	for _, r := range rows {
		line(func(c string) string { return r[c] })
	}
	return []byte(b.String())
}

// SampleTSV16Records is how many records SampleTSV16 makes.
const SampleTSV16Records = 2
