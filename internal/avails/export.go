package avails

import (
	"bytes"
	"context"
	"strconv"
	"strings"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/licensing"
	"github.com/silkbridge/silkbridge/internal/rights"
)

// ExportOptions control an export.
type ExportOptions struct {
	Kind   rights.Kind
	Format Format
	// Sheet picks Movies or TV for TSV, which holds one sheet; XLSX holds both.
	Sheet string
}

// record is a holding or licence as export sees it.
type record struct {
	id, availID, titleID, licensee string
	terms                          rights.Terms
	deal                           *licensing.Deal // a licence's deal terms, when it has any
}

// Export writes the caller's holdings or licences as an avails file and
// returns it with its content type.
func (s *Service) Export(ctx context.Context, opt ExportOptions) ([]byte, string, error) {
	p, err := auth.Require(ctx)
	if err != nil {
		return nil, "", err
	}
	hs, ls, err := s.rights.Export(ctx, opt.Kind)
	if err != nil {
		return nil, "", err
	}
	var recs []record
	for _, h := range hs {
		recs = append(recs, record{h.ID, h.AvailID, h.TitleID, h.Holder, h.Terms, nil})
	}
	deals, err := s.licenceDeals(ctx, ls)
	if err != nil {
		return nil, "", err
	}
	for _, l := range ls {
		recs = append(recs, record{l.ID, l.AvailID, l.TitleID, l.Licensee, l.Terms, deals[l.ID]})
	}
	movies := &Sheet{Name: SheetMovies, Header: MoviesColumns}
	tv := &Sheet{Name: SheetTV, Header: TVColumns}
	titles := map[string]*catalog.Title{}
	title := func(id string) *catalog.Title {
		if t, ok := titles[id]; ok {
			return t
		}
		t, err := s.titles.Readable(ctx, p.Org, id)
		if err != nil {
			t = nil
		}
		titles[id] = t
		return t
	}
	display := s.licensorName(ctx, p.Org)
	for _, r := range recs {
		t := title(r.titleID)
		for _, cell := range mediaFormats(r.terms) {
			m := cell.media
			row := Row{Cells: map[string]string{}}
			c := row.Cells
			c["FormatProfile"] = cell.format
			c["Licensee"] = r.licensee
			c["Territory"] = strings.Join(r.terms.Territories, ", ")
			c["TerritoryExclusion"] = strings.Join(r.terms.ExceptTerritories, ", ")
			c["EntryType"] = "Full Extract"
			c["LicenseType"] = licenseTypeOf[m]
			c["Start"], c["StartLag"], c["End"], c["EndLag"] = windowOut(r.terms)
			priceCells(c, r.deal)
			c["Exclusive"] = "No"
			if r.terms.Exclusive {
				c["Exclusive"] = "Yes"
			}
			langs, use := splitUsage(r.terms.Languages)
			c["AllowedLanguages"], c["LocalizationType"] = strings.Join(langs, ", "), use
			c["AvailID"] = baseAvailID(r.availID)
			if c["AvailID"] == "" {
				c["AvailID"] = r.id
			}
			c["ALID"] = alid(r.titleID, t)
			c["DisplayName"] = display
			isTV := t != nil && (t.Kind == catalog.KindSeries || t.Kind == catalog.KindSeason || t.Kind == catalog.KindEpisode)
			if t != nil {
				c["AssetLanguage"] = t.OriginalLanguage
				if t.ProductionYear != 0 {
					c["ReleaseYear"] = strconv.Itoa(t.ProductionYear)
				}
			}
			if !isTV {
				c["WorkType"] = "Movie"
				c["ContentID"] = contentID(r.titleID, t)
				if t != nil {
					orig := t.Localizations[pickLang(t, t.OriginalLanguage)].Title
					c["TitleInternalAlias"], c["TitleDisplayUnlimited"] = orig, orig
				}
				movies.Rows = append(movies.Rows, row)
				continue
			}
			s.fillTV(c, t, title)
			tv.Rows = append(tv.Rows, row)
		}
	}
	var buf bytes.Buffer
	switch opt.Format {
	case XLSX:
		if err := WriteXLSX(&buf, []*Sheet{movies, tv}); err != nil {
			return nil, "", err
		}
		return buf.Bytes(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", nil
	case TSV, "":
		sh := movies
		switch strings.ToLower(opt.Sheet) {
		case "", "movies":
		case "tv":
			sh = tv
		default:
			return nil, "", apperr.New(apperr.Invalid, "sheet must be movies or tv, not %q", opt.Sheet)
		}
		if err := WriteTSV(&buf, sh); err != nil {
			return nil, "", err
		}
		return buf.Bytes(), "text/tab-separated-values; charset=utf-8", nil
	}
	return nil, "", apperr.New(apperr.Invalid, "format must be tsv or xlsx, not %q", opt.Format)
}

// fillTV writes the series, season and episode columns of a TV row.
func (s *Service) fillTV(c map[string]string, t *catalog.Title, title func(string) *catalog.Title) {
	var series, season, episode *catalog.Title
	switch t.Kind {
	case catalog.KindSeries:
		series = t
		c["WorkType"] = "Series"
	case catalog.KindSeason:
		season = t
		c["WorkType"] = "Season"
	case catalog.KindEpisode:
		episode = t
		c["WorkType"] = "Episode"
	}
	if episode != nil && episode.ParentID != "" {
		if p := title(episode.ParentID); p != nil && p.Kind == catalog.KindSeason {
			season = p
		} else if p != nil {
			series = p
		}
	}
	if season != nil && series == nil && season.ParentID != "" {
		series = title(season.ParentID)
	}
	if series != nil {
		orig := series.Localizations[pickLang(series, series.OriginalLanguage)].Title
		c["SeriesTitleInternalAlias"], c["SeriesTitleDisplayUnlimited"] = orig, orig
		c["SeriesContentID"] = contentID(series.ID, series)
	}
	if season != nil {
		c["SeasonNumber"] = strconv.Itoa(season.SeasonNumber)
		c["SeasonContentID"] = contentID(season.ID, season)
	}
	if episode != nil {
		orig := episode.Localizations[pickLang(episode, episode.OriginalLanguage)].Title
		c["EpisodeTitleInternalAlias"], c["EpisodeTitleDisplayUnlimited"] = orig, orig
		c["EpisodeNumber"] = strconv.Itoa(episode.EpisodeNumber)
		c["EpisodeContentID"] = contentID(episode.ID, episode)
	}
}

func pickLang(t *catalog.Title, want string) string {
	if _, ok := t.Localizations[want]; ok {
		return want
	}
	c := *t
	catalog.Localize(&c, []string{want})
	return c.DisplayLanguage
}

// contentID is the title's EIDR in MDDF form, or its silkbridge id.
func contentID(id string, t *catalog.Title) string {
	if t != nil && strings.HasPrefix(t.Identifiers.EIDR, "10.5240/") {
		return "md:cid:eidr-s:" + strings.TrimPrefix(t.Identifiers.EIDR, "10.5240/")
	}
	return id
}

// alid is the title's ALID: an ema-alid alternative id, or one made from its id.
func alid(id string, t *catalog.Title) string {
	if t != nil {
		for _, a := range t.Identifiers.Alt {
			if a.Scheme == "ema-alid" {
				return a.Value
			}
		}
	}
	return "md:alid:org:silkbridge:" + id
}

// splitUsage separates tags from their usage for AllowedLanguages and
// LocalizationType. The sheet has one LocalizationType per row, so when the
// usages differ each tag keeps its own suffix ("ru:dub, zh-Hans:sub"), which
// silkbridge reads back exactly (other tools may not).
func splitUsage(langs []string) ([]string, string) {
	var tags []string
	uses := map[string]bool{}
	for _, l := range langs {
		tag, use, _ := strings.Cut(l, ":")
		tags = append(tags, tag)
		uses[use] = true
	}
	if len(uses) <= 1 {
		for u := range uses {
			return tags, u
		}
		return tags, ""
	}
	return langs, ""
}
