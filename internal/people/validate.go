package people

import (
	"net/mail"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/langtag"
	"github.com/silkbridge/silkbridge/internal/textrule"
)

// Limits on free text, in characters.
const (
	NameMax      = 300
	BiographyMax = 5000
	NeedsMax     = 2000
)

var (
	dateRE  = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	phoneRE = regexp.MustCompile(`^\+?[0-9 ()\-]{3,40}$`)
)

// Normalize validates f and rewrites it into canonical form. Field errors
// name JSON paths.
func (f *PersonFields) Normalize() error {
	var errs apperr.Fields
	f.normalizeLocalizations(&errs)
	f.Org = strings.TrimSpace(f.Org)
	seen := map[PersonRole]bool{}
	roles := f.Roles[:0:0]
	for i, r := range f.Roles {
		if !slices.Contains(Roles, r) {
			errs.Add(path("roles", i), "unknown role %q; see docs/people.md for the list", truncate(string(r)))
			continue
		}
		if !seen[r] {
			seen[r] = true
			roles = append(roles, r)
		}
	}
	f.Roles = roles
	langs := f.Languages[:0:0]
	for i, l := range f.Languages {
		c, err := langtag.Canonical(l)
		if err != nil {
			errs.Add(path("languages", i), "%v", err)
			continue
		}
		if !slices.Contains(langs, c) {
			langs = append(langs, c)
		}
	}
	f.Languages = langs
	if f.Visibility == "" {
		f.Visibility = catalog.VisibilityPrivate
	} else if !slices.Contains(catalog.Visibilities, f.Visibility) {
		errs.Add("visibility", "must be private, partners or public")
	}
	f.Private.normalize(&errs)
	if f.Private.Empty() {
		f.Private = nil
	}
	coords := f.Coordinators[:0:0]
	for i, c := range f.Coordinators {
		a, err := mail.ParseAddress(strings.TrimSpace(c))
		if err != nil || len(c) > 254 {
			errs.Add(path("coordinators", i), "must be an e-mail address")
			continue
		}
		if e := strings.ToLower(a.Address); !slices.Contains(coords, e) {
			coords = append(coords, e)
		}
	}
	sort.Strings(coords)
	f.Coordinators = coords
	return errs.Err()
}

func (f *PersonFields) normalizeLocalizations(errs *apperr.Fields) {
	if len(f.Localizations) == 0 {
		errs.Add("localizations", "at least one name is required")
		return
	}
	out := make(map[string]PersonName, len(f.Localizations))
	for tag, l := range f.Localizations {
		p := "localizations." + truncate(tag)
		canon, err := langtag.Canonical(tag)
		if err != nil {
			errs.Add(p, "%v", err)
			continue
		}
		if _, dup := out[canon]; dup {
			errs.Add(p, "duplicates localization %q", canon)
			continue
		}
		l.Name = strings.TrimSpace(l.Name)
		l.Biography = strings.TrimSpace(l.Biography)
		text(errs, p+".name", l.Name, 1, NameMax, textrule.SingleLine)
		text(errs, p+".biography", l.Biography, 0, BiographyMax, textrule.MultiLine)
		out[canon] = l
	}
	f.Localizations = out
}

func (p *PrivateData) normalize(errs *apperr.Fields) {
	if p == nil {
		return
	}
	trim := func(s *string) { *s = strings.TrimSpace(*s) }
	trim(&p.DateOfBirth)
	trim(&p.PassportNumber)
	trim(&p.PassportExpiry)
	trim(&p.Phone)
	trim(&p.Email)
	trim(&p.Needs)
	date(errs, "private.date_of_birth", p.DateOfBirth)
	date(errs, "private.passport_expiry", p.PassportExpiry)
	text(errs, "private.passport_number", p.PassportNumber, 0, 40, textrule.SingleLine)
	if p.Phone != "" && !phoneRE.MatchString(p.Phone) {
		errs.Add("private.phone", "must be digits, spaces, ( ) - and an optional leading +")
	}
	if p.Email != "" {
		if a, err := mail.ParseAddress(p.Email); err != nil || a.Address != p.Email || len(p.Email) > 254 {
			errs.Add("private.email", "must be a plain e-mail address")
		}
	}
	text(errs, "private.needs", p.Needs, 0, NeedsMax, textrule.MultiLine)
}

func date(errs *apperr.Fields, field, v string) {
	if v == "" {
		return
	}
	if _, err := time.Parse(time.DateOnly, v); err != nil || !dateRE.MatchString(v) {
		errs.Add(field, "must be a date YYYY-MM-DD")
	}
}

func text(errs *apperr.Fields, field, v string, min, max int, lines textrule.Lines) {
	n := utf8.RuneCountInString(v)
	switch {
	case n < min:
		errs.Add(field, "is required")
	case n > max:
		errs.Add(field, "must be at most %d characters, not %d", max, n)
	default:
		textrule.Field(errs, field, v, lines)
	}
}

func path(field string, i int) string { return field + "[" + itoa(i) + "]" }

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

// truncate keeps error messages short when the input is huge.
func truncate(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	return string([]rune(s)[:40]) + "…"
}
