package exchange

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/langtag"
	"github.com/silkbridge/silkbridge/internal/textrule"
)

// Limits on free text, in characters, and on a programme's size.
const (
	TitleMax     = 300
	PurposeMax   = 4000
	CityMax      = 200
	CommentMax   = 2000
	PlacesMax    = 500
	LetterMax    = 20000
	ItemsMax     = 200
	ItemTextMax  = 300
	ItemNotesMax = 2000
)

var (
	dateRE    = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	countryRE = regexp.MustCompile(`^[A-Z]{2}$`)
)

// Normalize validates f and rewrites it into canonical form; field errors
// name JSON paths so that clients can point at them.
func (f *ProgrammeFields) Normalize() error {
	var errs apperr.Fields
	if !slices.Contains(Kinds, f.Kind) {
		errs = append(errs, apperr.FieldError{Field: "kind", Code: "exchange.kind",
			Message: "unknown kind " + strconv.Quote(truncate(string(f.Kind))) + "; one of secondment, training, delegation, internship, co_production_team"})
	}
	f.Host = strings.TrimSpace(f.Host)
	if f.Host == "" {
		errs.Add("host_org", "is required")
	}
	if len(f.Localizations) == 0 {
		errs.Add("localizations", "give the title in at least one language")
	}
	out := make(map[string]Text, len(f.Localizations))
	for tag, l := range f.Localizations {
		c, err := langtag.Canonical(tag)
		if err != nil {
			errs.Add("localizations."+truncate(tag), "%v", err)
			continue
		}
		l.Title, l.Purpose = strings.TrimSpace(l.Title), strings.TrimSpace(l.Purpose)
		text(&errs, "localizations."+c+".title", l.Title, 1, TitleMax, textrule.SingleLine)
		text(&errs, "localizations."+c+".purpose", l.Purpose, 0, PurposeMax, textrule.MultiLine)
		out[c] = l
	}
	f.Localizations = out
	f.City = strings.TrimSpace(f.City)
	text(&errs, "city", f.City, 1, CityMax, textrule.SingleLine)
	f.Country = strings.ToUpper(strings.TrimSpace(f.Country))
	if !countryRE.MatchString(f.Country) {
		errs.Add("country", "must be an ISO 3166-1 alpha-2 code such as RU or CN")
	}
	start, okS := date(&errs, "start", f.Start)
	end, okE := date(&errs, "end", f.End)
	if okS && okE && end.Before(start) {
		errs = append(errs, apperr.FieldError{Field: "end", Code: "exchange.end_before_start",
			Message: "must not be before start (" + f.Start + ")"})
	}
	if f.Places < 1 || f.Places > PlacesMax {
		errs.Add("places", "must be between 1 and %d", PlacesMax)
	}
	return errs.Err()
}

// Days returns the programme's first and last day.
func (f *ProgrammeFields) Days() (time.Time, time.Time) {
	s, _ := time.Parse(time.DateOnly, f.Start)
	e, _ := time.Parse(time.DateOnly, f.End)
	return s, e
}

func date(errs *apperr.Fields, field, v string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, v)
	if err != nil || !dateRE.MatchString(v) {
		errs.Add(field, "must be a date YYYY-MM-DD")
		return time.Time{}, false
	}
	return t, true
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

// truncate keeps error messages short when the input is huge.
func truncate(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	return string([]rune(s)[:40]) + "…"
}
