package avails

import (
	"bytes"
	"context"
	"strconv"
	"strings"

	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/rights"
)

// Offer is a part of a title that can be licensed (an availability answer):
// who can grant it and on what terms. The web's avails grid exports the
// available rows it shows as an avails sheet of offers.
type Offer struct {
	TitleID string
	Holder  string
	rights.Terms
}

// WriteOffers writes offers as an EMA Avails workbook (Movies and TV sheets,
// one row per medium), as viewer reads the titles. The Licensee column is
// left empty: an offer has none yet. Rows carry no AvailID, since an offer is
// no record; importing the sheet keys them by title, territory, licence type
// and start, as for any row without one.
func WriteOffers(ctx context.Context, titles TitleReader, viewer string, offers []Offer) ([]byte, error) {
	movies := &Sheet{Name: SheetMovies, Header: MoviesColumns}
	tv := &Sheet{Name: SheetTV, Header: TVColumns}
	cache := map[string]*catalog.Title{}
	title := func(id string) *catalog.Title {
		if t, ok := cache[id]; ok {
			return t
		}
		t, err := titles.Readable(ctx, viewer, id)
		if err != nil {
			t = nil
		}
		cache[id] = t
		return t
	}
	s := &Service{titles: titles}
	for _, o := range offers {
		t := title(o.TitleID)
		if t == nil {
			continue // no longer readable: offer nothing
		}
		for _, m := range o.Media {
			c := map[string]string{"Territory": strings.Join(o.Territories, ", "),
				"TerritoryExclusion": strings.Join(o.ExceptTerritories, ", "), "EntryType": "Full Extract",
				"LicenseType": licenseTypeOf[m], "Start": o.Start, "End": "Open", "Exclusive": "No",
				"ALID": alid(o.TitleID, t), "DisplayName": t.Localizations[pickLang(t, "en")].Title,
				"AssetLanguage": t.OriginalLanguage, "LicenseRightsDescription": "Offer by " + o.Holder}
			if o.End != nil {
				c["End"] = *o.End
			}
			if o.Exclusive {
				c["Exclusive"] = "Yes"
			}
			langs, use := splitUsage(o.Languages)
			c["AllowedLanguages"], c["LocalizationType"] = strings.Join(langs, ", "), use
			if t.ProductionYear != 0 {
				c["ReleaseYear"] = strconv.Itoa(t.ProductionYear)
			}
			switch t.Kind {
			case catalog.KindSeries, catalog.KindSeason, catalog.KindEpisode:
				s.fillTV(c, t, title)
				tv.Rows = append(tv.Rows, Row{Cells: c})
			default:
				c["WorkType"] = "Movie"
				c["ContentID"] = contentID(o.TitleID, t)
				orig := t.Localizations[pickLang(t, t.OriginalLanguage)].Title
				c["TitleInternalAlias"], c["TitleDisplayUnlimited"] = orig, orig
				movies.Rows = append(movies.Rows, Row{Cells: c})
			}
		}
	}
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, []*Sheet{movies, tv}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
