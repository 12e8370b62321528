package avails

import (
	"fmt"
	"strings"

	"github.com/silkbridge/silkbridge/internal/rights"
)

// Version is the EMA Avails template version silkbridge writes. It reads
// 1.7, 1.8 and 1.9 sheets: the columns it uses are the same in all three.
const Version = "v1.9"

// Sheet names, as in the EMA templates.
const (
	SheetMovies = "Movies"
	SheetTV     = "TV"
)

// MoviesColumns and TVColumns are the columns silkbridge writes, in template
// order. Columns it does not use (ratings, ...) are accepted on
// import and ignored.
var (
	MoviesColumns = []string{"DisplayName", "Licensee", "AssetLanguage", "Territory", "TerritoryExclusion", "WorkType",
		"EntryType", "TitleInternalAlias", "TitleDisplayUnlimited", "LocalizationType", "LicenseType",
		"LicenseRightsDescription", "FormatProfile", "Start", "StartLag", "End", "EndLag", "PriceType", "PriceValue", "PriceCurrency", "OtherTerms",
		"ContentID", "AvailID", "ALID", "ReleaseYear",
		"Exclusive", "AllowedLanguages"}
	TVColumns = []string{"DisplayName", "Licensee", "AssetLanguage", "Territory", "TerritoryExclusion", "WorkType",
		"EntryType", "SeriesTitleInternalAlias", "SeriesTitleDisplayUnlimited", "SeasonNumber", "EpisodeNumber",
		"EpisodeTitleInternalAlias", "EpisodeTitleDisplayUnlimited", "LocalizationType", "LicenseType",
		"LicenseRightsDescription", "FormatProfile", "Start", "StartLag", "End", "EndLag", "PriceType", "PriceValue", "PriceCurrency", "OtherTerms",
		"SeriesContentID", "SeasonContentID",
		"EpisodeContentID", "AvailID", "ALID", "ReleaseYear", "Exclusive", "AllowedLanguages"}
)

// columnClass is the template's row-1 class of a column.
func columnClass(col string) string {
	switch col {
	case "EntryType":
		return "Disposition"
	case "Territory", "TerritoryExclusion", "LicenseType", "LicenseRightsDescription", "FormatProfile", "Start", "StartLag", "End", "EndLag",
		"Exclusive", "AllowedLanguages", "AssetLanguage", "PriceType", "PriceValue", "PriceCurrency", "OtherTerms":
		return "AvailTrans"
	case "WorkType", "ContentID", "SeriesContentID", "SeasonContentID", "EpisodeContentID":
		return "AvailAsset"
	case "DisplayName", "Licensee", "AvailID", "ALID":
		return "Avail"
	}
	return "AvailMetadata"
}

// licenseTypes maps EMA LicenseType values to media. EMA's own vocabulary
// (EST, VOD, SVOD, POEST, Pre-Release) covers only digital retail, so
// broadcast and cinema media use the documented silkbridge extension values
// (FreeTV, PayTV, AVOD, FAST, Theatrical, ...). The medium names themselves
// (free_tv, ...) are accepted too. Library is refused: it names a catalogue
// tier, not a medium.
var licenseTypes = map[string]rights.Media{
	"est": rights.EST, "poest": rights.EST, "vod": rights.TVOD, "tvod": rights.TVOD, "pre-release": rights.TVOD,
	"svod": rights.SVOD, "avod": rights.AVOD, "fast": rights.FAST,
	"freetv": rights.FreeTV, "free_tv": rights.FreeTV, "free-tv": rights.FreeTV,
	"paytv": rights.PayTV, "pay_tv": rights.PayTV, "pay-tv": rights.PayTV,
	"theatrical": rights.Theatrical, "festival": rights.Festival,
	"nontheatrical": rights.NonTheatrical, "non_theatrical": rights.NonTheatrical, "non-theatrical": rights.NonTheatrical,
	"airline": rights.Airline, "educational": rights.Educational,
}

// licenseTypeOf is the LicenseType written for a medium.
var licenseTypeOf = map[rights.Media]string{
	rights.EST: "EST", rights.TVOD: "VOD", rights.SVOD: "SVOD", rights.AVOD: "AVOD", rights.FAST: "FAST",
	rights.FreeTV: "FreeTV", rights.PayTV: "PayTV", rights.Theatrical: "Theatrical", rights.Festival: "Festival",
	rights.NonTheatrical: "NonTheatrical", rights.Airline: "Airline", rights.Educational: "Educational",
}

// ParseLicenseType maps a LicenseType cell to a medium.
func ParseLicenseType(v string) (rights.Media, error) {
	key := strings.ToLower(strings.TrimSpace(v))
	if m, ok := licenseTypes[key]; ok {
		return m, nil
	}
	if key == "library" {
		return "", fmt.Errorf("LicenseType Library names a catalogue tier, not a medium; use SVOD, VOD, EST or a silkbridge extension value")
	}
	return "", fmt.Errorf("%q is not a LicenseType silkbridge knows (EST, VOD, SVOD, POEST, Pre-Release, or FreeTV, PayTV, AVOD, FAST, Theatrical, Festival, NonTheatrical, Airline, Educational)", v)
}

// splitList splits a cell holding several values ("RU, BY" or "RU;BY").
func splitList(v string) []string {
	f := strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\t' })
	out := make([]string, 0, len(f))
	for _, x := range f {
		if x != "" {
			out = append(out, x)
		}
	}
	return out
}

// parseExclusive reads the Exclusive column; empty means non-exclusive.
func parseExclusive(v string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "no", "n", "false", "0":
		return false, nil
	case "yes", "y", "true", "1":
		return true, nil
	}
	return false, fmt.Errorf("%q is not Yes or No", v)
}

// parseDate reads Start or End: YYYY-MM-DD, or a timestamp starting with
// one. For End, empty or "Open" means perpetual.
func parseDate(v string) string {
	v = strings.TrimSpace(v)
	if len(v) > 10 && (v[10] == 'T' || v[10] == ' ') {
		v = v[:10]
	}
	return v
}

// usage suffix for AllowedLanguages from LocalizationType.
func usageSuffix(v string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "any", "subdub":
		return "", nil
	case "sub":
		return ":sub", nil
	case "dub":
		return ":dub", nil
	}
	return "", fmt.Errorf("%q is not sub, dub, subdub or any", v)
}

// titleRef turns an MDDF identifier into what silkbridge looks titles up by.
func titleRef(v string) string {
	v = strings.TrimSpace(v)
	switch {
	case strings.HasPrefix(v, "md:cid:eidr-s:"):
		return "10.5240/" + strings.TrimPrefix(v, "md:cid:eidr-s:")
	case strings.HasPrefix(v, "urn:eidr:10.5240:"):
		return "10.5240/" + strings.TrimPrefix(v, "urn:eidr:10.5240:")
	case strings.HasPrefix(v, "md:alid:org:silkbridge:"):
		return strings.TrimPrefix(v, "md:alid:org:silkbridge:")
	case strings.HasPrefix(v, "md:cid:org:silkbridge:"):
		return strings.TrimPrefix(v, "md:cid:org:silkbridge:")
	}
	return v
}

// columnOf maps a rights field path to the avails column it came from.
func columnOf(field string, tv bool, workType string) string {
	base, _, _ := strings.Cut(field, "[")
	switch base {
	case "territories":
		return "Territory"
	case "except_territories":
		return "TerritoryExclusion"
	case "media":
		return "LicenseType"
	case "languages":
		return "AllowedLanguages"
	case "start":
		return "Start"
	case "end":
		return "End"
	case "licensee":
		return "Licensee"
	case "title":
		if tv {
			return tvIDColumn(workType)
		}
		return "ContentID"
	}
	return field
}

func tvIDColumn(workType string) string {
	switch strings.ToLower(workType) {
	case "series":
		return "SeriesContentID"
	case "season":
		return "SeasonContentID"
	}
	return "EpisodeContentID"
}
