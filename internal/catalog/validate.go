package catalog

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
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
		errs.AddCode("kind", "catalog.kind", nil, "must be one of film, series, season, episode, programme")
	}
	f.normalizeHierarchy(&errs)
	if tag, err := langtag.Canonical(f.OriginalLanguage); err != nil {
		addLanguageError(&errs, "original_language", f.OriginalLanguage, err)
	} else {
		f.OriginalLanguage = tag
	}
	if maxYear := time.Now().Year() + 10; f.ProductionYear != 0 && (f.ProductionYear < 1870 || f.ProductionYear > maxYear) {
		errs.AddCode("production_year", "catalog.year", map[string]any{"Min": "1870", "Max": strconv.Itoa(maxYear)},
			"must be between 1870 and %d", maxYear)
	}
	if f.RuntimeMinutes < 0 || f.RuntimeMinutes > 100000 {
		errs.AddCode("runtime_minutes", "catalog.runtime", map[string]any{"Max": 100000}, "must be between 0 and 100000")
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
		errs.AddCode("visibility", "catalog.visibility", nil, "must be private, partners or public")
	}
	f.normalizeLocalizations(&errs)
	return errs.Err()
}

func (f *Fields) normalizeHierarchy(errs *apperr.Fields) {
	switch f.Kind {
	case KindSeason:
		if f.ParentID == "" {
			errs.AddCode("parent_id", "catalog.season_parent", nil, "a season needs its series as parent")
		}
		if f.SeasonNumber < 1 {
			errs.AddCode("season_number", "catalog.season_number", nil, "a season needs a season number of 1 or more")
		}
	case KindEpisode:
		if f.ParentID == "" {
			errs.AddCode("parent_id", "catalog.episode_parent", nil, "an episode needs its season or series as parent")
		}
		if f.EpisodeNumber < 1 {
			errs.AddCode("episode_number", "catalog.episode_number", nil, "an episode needs an episode number of 1 or more")
		}
	default:
		if f.ParentID != "" {
			errs.AddCode("parent_id", "catalog.no_parent", nil, "only seasons and episodes have a parent")
		}
		if f.SeasonNumber != 0 || f.EpisodeNumber != 0 {
			errs.AddCode("season_number", "catalog.not_numbered", nil, "only seasons and episodes are numbered")
		}
	}
	if f.Kind == KindSeason && f.EpisodeNumber != 0 {
		errs.AddCode("episode_number", "catalog.season_episode", nil, "a season has no episode number")
	}
}

func normalizeCountries(in []string, field string, errs *apperr.Fields) []string {
	out := make([]string, 0, len(in))
	for i, c := range in {
		cc, ok := langtag.Country(c)
		if !ok {
			errs.AddCode(fmt.Sprintf("%s[%d]", field, i), "country.invalid", map[string]any{"Value": c}, "%q is not an ISO 3166-1 alpha-2 country code", c)
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
			errs.AddCode(fmt.Sprintf("%s[%d]", field, i), "catalog.controlled", map[string]any{"Value": in[i]}, "%q is not in the controlled list", in[i])
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
			errs.AddCode(fmt.Sprintf("producers[%d]", i), "catalog.producer", map[string]any{"Value": in[i]}, "%q is not an organisation slug", in[i])
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
			errs.AddCode("identifiers.eidr", "catalog.eidr", map[string]any{"Value": id.EIDR}, "%q is not a valid EIDR ID (10.5240/XXXX-XXXX-XXXX-XXXX-XXXX-C with a correct check character)", id.EIDR)
		}
	}
	if id.ISAN != "" {
		if v, ok := NormalizeISAN(id.ISAN); ok {
			id.ISAN = v
		} else {
			errs.AddCode("identifiers.isan", "catalog.isan", map[string]any{"Value": id.ISAN}, "%q is not a valid ISAN (check characters must match)", id.ISAN)
		}
	}
	if id.IMDb != "" && !ValidIMDb(id.IMDb) {
		errs.AddCode("identifiers.imdb", "catalog.imdb", map[string]any{"Value": id.IMDb}, "%q is not an IMDb title id (tt and 7-8 digits)", id.IMDb)
	}
	for i, a := range id.Alt {
		if !altSchemeRE.MatchString(a.Scheme) {
			errs.AddCode(fmt.Sprintf("identifiers.alt[%d].scheme", i), "catalog.alt_scheme", nil, "must be 1-40 lowercase letters, digits, '.', '_' or '-'")
		}
		if v := strings.TrimSpace(a.Value); v == "" || len(v) > 200 {
			errs.AddCode(fmt.Sprintf("identifiers.alt[%d].value", i), "text.length", map[string]any{"Min": 1, "Max": 200}, "must be 1 to 200 characters")
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
			errs.AddCode(path+".role", "catalog.credit_role", map[string]any{"Value": c.Role}, "%q is not a documented credit role", c.Role)
		}
		if len(c.Name) == 0 {
			errs.AddCode(path+".name", "catalog.credit_name", nil, "at least one localized name is required")
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
			errs.AddCode(path+".territory", "country.invalid", map[string]any{"Value": r.Territory}, "%q is not an ISO 3166-1 alpha-2 country code", r.Territory)
		}
		if !contains(ReleaseTypes, r.Type) {
			errs.AddCode(path+".type", "catalog.release_type", nil, "must be theatrical, festival, tv or online")
		}
		if !validPartialDate(r.Date) {
			errs.AddCode(path+".date", "date.partial", map[string]any{"Value": r.Date}, "%q is not a date (YYYY-MM-DD, YYYY-MM or YYYY)", r.Date)
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
		errs.AddCode("localizations", "catalog.localization_required", nil, "at least one localization is required")
		return
	}
	out := make(map[string]Localization, len(f.Localizations))
	for tag, l := range f.Localizations {
		path := "localizations." + tag
		canon, err := langtag.Canonical(tag)
		if err != nil {
			addLanguageError(errs, path, tag, err)
			continue
		}
		if _, dup := out[canon]; dup {
			errs.AddCode(path, "catalog.localization_duplicate", map[string]any{"Value": canon}, "duplicates localization %q", canon)
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
			addLanguageError(errs, path+"."+tag, tag, err)
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
		errs.AddCode(field, "text.required", nil, "is required")
	case n < min || n > max:
		errs.AddCode(field, "text.length", map[string]any{"Min": min, "Max": max, "Length": n}, "must be %d to %d characters, not %d", min, max, n)
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

// addLanguageError records a language tag langtag refused: empty, or not a
// BCP-47 tag, each under its own code with the tag typed.
func addLanguageError(errs *apperr.Fields, field, tag string, err error) {
	if strings.TrimSpace(tag) == "" {
		errs.AddCode(field, "langtag.empty", nil, "%v", err)
		return
	}
	errs.AddCode(field, "langtag.invalid", map[string]any{"Value": tag}, "%v", err)
}
