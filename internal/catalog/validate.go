package catalog

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/langtag"
	"github.com/silkbridge/silkbridge/internal/org"
	"github.com/silkbridge/silkbridge/internal/textrule"
)

// ShortSynopsisMax is the limit on a short synopsis, in characters: the length
// EPG and catalogue feeds commonly allow.
const ShortSynopsisMax = 190

var partialDateRE = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)

// Normalize validates f and rewrites it into canonical form (language tags,
// country codes, identifiers, sorted de-duplicated lists). Field errors use
// JSON paths. Rules needing the store (parents, producers) live in Service.
func (f *Fields) Normalize() error {
	var errs apperr.Fields
	if !contains(Kinds, f.Kind) {
		errs.Add("kind", "must be one of film, series, season, episode, programme")
	}
	f.normalizeHierarchy(&errs)
	if tag, err := langtag.Canonical(f.OriginalLanguage); err != nil {
		errs.Add("original_language", "%v", err)
	} else {
		f.OriginalLanguage = tag
	}
	if maxYear := time.Now().Year() + 10; f.ProductionYear != 0 && (f.ProductionYear < 1870 || f.ProductionYear > maxYear) {
		errs.Add("production_year", "must be between 1870 and %d", maxYear)
	}
	if f.RuntimeMinutes < 0 || f.RuntimeMinutes > 100000 {
		errs.Add("runtime_minutes", "must be between 0 and 100000")
	}
	f.Countries = normalizeCountries(f.Countries, "countries", &errs)
	f.Genres = normalizeSet(f.Genres, "genres", Genres, &errs)
	f.normalizeIdentifiers(&errs)
	f.normalizeCredits(&errs)
	f.Producers = normalizeProducers(f.Producers, &errs)
	f.normalizeReleases(&errs)
	if f.Visibility == "" {
		f.Visibility = VisibilityPrivate
	} else if !contains(Visibilities, f.Visibility) {
		errs.Add("visibility", "must be private, partners or public")
	}
	f.normalizeLocalizations(&errs)
	return errs.Err()
}

func (f *Fields) normalizeHierarchy(errs *apperr.Fields) {
	switch f.Kind {
	case KindSeason:
		if f.ParentID == "" {
			errs.Add("parent_id", "a season needs its series as parent")
		}
		if f.SeasonNumber < 1 {
			errs.Add("season_number", "a season needs a season number of 1 or more")
		}
	case KindEpisode:
		if f.ParentID == "" {
			errs.Add("parent_id", "an episode needs its season or series as parent")
		}
		if f.EpisodeNumber < 1 {
			errs.Add("episode_number", "an episode needs an episode number of 1 or more")
		}
	default:
		if f.ParentID != "" {
			errs.Add("parent_id", "only seasons and episodes have a parent")
		}
		if f.SeasonNumber != 0 || f.EpisodeNumber != 0 {
			errs.Add("season_number", "only seasons and episodes are numbered")
		}
	}
	if f.Kind == KindSeason && f.EpisodeNumber != 0 {
		errs.Add("episode_number", "a season has no episode number")
	}
}

func normalizeCountries(in []string, field string, errs *apperr.Fields) []string {
	out := make([]string, 0, len(in))
	for i, c := range in {
		cc, ok := langtag.Country(c)
		if !ok {
			errs.Add(fmt.Sprintf("%s[%d]", field, i), "%q is not an ISO 3166-1 alpha-2 country code", c)
			continue
		}
		out = append(out, cc)
	}
	return dedupe(out)
}

func normalizeSet(in []string, field string, allowed []string, errs *apperr.Fields) []string {
	out := make([]string, 0, len(in))
	for i, v := range in {
		v = strings.ToLower(strings.TrimSpace(v))
		if !contains(allowed, v) {
			errs.Add(fmt.Sprintf("%s[%d]", field, i), "%q is not in the controlled list", in[i])
			continue
		}
		out = append(out, v)
	}
	return dedupe(out)
}

func normalizeProducers(in []string, errs *apperr.Fields) []string {
	out := make([]string, 0, len(in))
	for i, p := range in {
		p = strings.TrimSpace(p)
		if !org.ValidSlug(p) {
			errs.Add(fmt.Sprintf("producers[%d]", i), "%q is not an organisation slug", in[i])
			continue
		}
		out = append(out, p)
	}
	// Order is meaningful (lead producer first), so keep it; drop repeats.
	seen := map[string]bool{}
	kept := out[:0]
	for _, p := range out {
		if !seen[p] {
			seen[p] = true
			kept = append(kept, p)
		}
	}
	return kept
}

func (f *Fields) normalizeIdentifiers(errs *apperr.Fields) {
	id := &f.Identifiers
	if id.EIDR != "" {
		if v, ok := NormalizeEIDR(id.EIDR); ok {
			id.EIDR = v
		} else {
			errs.Add("identifiers.eidr", "%q is not a valid EIDR ID (10.5240/XXXX-XXXX-XXXX-XXXX-XXXX-C with a correct check character)", id.EIDR)
		}
	}
	if id.ISAN != "" {
		if v, ok := NormalizeISAN(id.ISAN); ok {
			id.ISAN = v
		} else {
			errs.Add("identifiers.isan", "%q is not a valid ISAN (check characters must match)", id.ISAN)
		}
	}
	if id.IMDb != "" && !ValidIMDb(id.IMDb) {
		errs.Add("identifiers.imdb", "%q is not an IMDb title id (tt and 7-8 digits)", id.IMDb)
	}
	for i, a := range id.Alt {
		if !altSchemeRE.MatchString(a.Scheme) {
			errs.Add(fmt.Sprintf("identifiers.alt[%d].scheme", i), "must be 1-40 lowercase letters, digits, '.', '_' or '-'")
		}
		if v := strings.TrimSpace(a.Value); v == "" || len(v) > 200 {
			errs.Add(fmt.Sprintf("identifiers.alt[%d].value", i), "must be 1 to 200 characters")
		} else if textrule.Field(errs, fmt.Sprintf("identifiers.alt[%d].value", i), v, textrule.SingleLine) {
			id.Alt[i].Value = v
		}
	}
}

func (f *Fields) normalizeCredits(errs *apperr.Fields) {
	for i := range f.Credits {
		c := &f.Credits[i]
		path := fmt.Sprintf("credits[%d]", i)
		if !contains(CreditRoles, c.Role) {
			errs.Add(path+".role", "%q is not a documented credit role", c.Role)
		}
		if len(c.Name) == 0 {
			errs.Add(path+".name", "at least one localized name is required")
		}
		c.Name = normalizeTextMap(c.Name, path+".name", 300, errs)
	}
}

func (f *Fields) normalizeReleases(errs *apperr.Fields) {
	for i := range f.Releases {
		r := &f.Releases[i]
		path := fmt.Sprintf("releases[%d]", i)
		if cc, ok := langtag.Country(r.Territory); ok {
			r.Territory = cc
		} else {
			errs.Add(path+".territory", "%q is not an ISO 3166-1 alpha-2 country code", r.Territory)
		}
		if !contains(ReleaseTypes, r.Type) {
			errs.Add(path+".type", "must be theatrical, festival, tv or online")
		}
		if !validPartialDate(r.Date) {
			errs.Add(path+".date", "%q is not a date (YYYY-MM-DD, YYYY-MM or YYYY)", r.Date)
		}
		checkLen(errs, path+".note", r.Note, 0, 300)
	}
	sort.SliceStable(f.Releases, func(a, b int) bool { return f.Releases[a].Date < f.Releases[b].Date })
}

func validPartialDate(s string) bool {
	if !partialDateRE.MatchString(s) {
		return false
	}
	layout := map[int]string{4: "2006", 7: "2006-01", 10: "2006-01-02"}[len(s)]
	_, err := time.Parse(layout, s)
	return err == nil
}

func (f *Fields) normalizeLocalizations(errs *apperr.Fields) {
	if len(f.Localizations) == 0 {
		errs.Add("localizations", "at least one localization is required")
		return
	}
	out := make(map[string]Localization, len(f.Localizations))
	for tag, l := range f.Localizations {
		path := "localizations." + tag
		canon, err := langtag.Canonical(tag)
		if err != nil {
			errs.Add(path, "%v", err)
			continue
		}
		if _, dup := out[canon]; dup {
			errs.Add(path, "duplicates localization %q", canon)
			continue
		}
		l.Title = strings.TrimSpace(l.Title)
		l.SortTitle = strings.TrimSpace(l.SortTitle)
		checkLen(errs, path+".title", l.Title, 1, 500)
		checkLen(errs, path+".sort_title", l.SortTitle, 0, 500)
		checkText(errs, path+".short_synopsis", l.ShortSynopsis, 0, ShortSynopsisMax, textrule.MultiLine)
		checkText(errs, path+".long_synopsis", l.LongSynopsis, 0, 20000, textrule.MultiLine)
		checkLen(errs, path+".tagline", l.Tagline, 0, 300)
		checkLen(errs, path+".note", l.Note, 0, 300)
		out[canon] = l
	}
	f.Localizations = out
}

func normalizeTextMap(in map[string]string, path string, max int, errs *apperr.Fields) map[string]string {
	out := make(map[string]string, len(in))
	for tag, v := range in {
		canon, err := langtag.Canonical(tag)
		if err != nil {
			errs.Add(path+"."+tag, "%v", err)
			continue
		}
		v = strings.TrimSpace(v)
		checkLen(errs, path+"."+tag, v, 1, max)
		out[canon] = v
	}
	return out
}

// checkLen checks a single-line text field.
func checkLen(errs *apperr.Fields, field, v string, min, max int) {
	checkText(errs, field, v, min, max, textrule.SingleLine)
}

func checkText(errs *apperr.Fields, field, v string, min, max int, lines textrule.Lines) {
	if !textrule.Field(errs, field, v, lines) {
		return
	}
	n := utf8.RuneCountInString(v)
	switch {
	case n < min && min == 1:
		errs.Add(field, "is required")
	case n < min || n > max:
		errs.Add(field, "must be %d to %d characters, not %d", min, max, n)
	}
}

func dedupe(in []string) []string {
	sort.Strings(in)
	out := in[:0]
	for i, v := range in {
		if i == 0 || v != in[i-1] {
			out = append(out, v)
		}
	}
	return out
}
