package web

import (
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/langtag"
)

// titleForm is the title editor's state as the user typed it. Inputs of
// scalar fields are named by their JSON path (production_year,
// identifiers.eidr), so most validation errors land on them unchanged; the
// repeated parts are indexed rows (loc.0.title, credit.1.role,
// release.0.date) that pathToInput maps the domain's paths onto.
type titleForm struct {
	Kind, OriginalLanguage, ProductionYear, RuntimeMinutes string
	ParentID, SeasonNumber, EpisodeNumber                  string
	Countries, Visibility, EIDR, ISAN, IMDb                string
	Genres, Producers                                      []string
	Locs                                                   []locColumn
	CreditLangs                                            []string
	Credits                                                []creditInput
	Releases                                               []catalog.Release
	Version                                                int64

	// creditRows and releaseRows map the index of a kept (non-blank) row, as
	// the domain numbers it, back to the row of the form.
	creditRows, releaseRows []int
}

// locColumn is one language column of the side-by-side localization editor.
type locColumn struct {
	Tag   string
	Fixed bool // the tag is given; the extra column lets the user type one
	catalog.Localization
}

func (c locColumn) blank() bool {
	l := c.Localization
	return l.Title == "" && l.SortTitle == "" && l.ShortSynopsis == "" && l.LongSynopsis == "" && l.Tagline == "" && l.Note == ""
}

type creditInput struct {
	Role  string
	Names []nameInput
}

type nameInput struct{ Tag, Value string }

// blankRows is how many empty credit and release rows the form offers, so
// rows can be added without JavaScript.
const blankRows = 2

func formFromTitle(t *catalog.Title) *titleForm {
	f := &titleForm{Kind: string(t.Kind), OriginalLanguage: t.OriginalLanguage, ParentID: t.ParentID,
		Countries: strings.Join(t.Countries, ", "), Visibility: string(t.Visibility), Genres: t.Genres, Producers: t.Producers,
		EIDR: t.Identifiers.EIDR, ISAN: t.Identifiers.ISAN, IMDb: t.Identifiers.IMDb, Version: t.Version,
		Releases: append([]catalog.Release(nil), t.Releases...)}
	f.ProductionYear, f.RuntimeMinutes = itoa(t.ProductionYear), itoa(t.RuntimeMinutes)
	f.SeasonNumber, f.EpisodeNumber = itoa(t.SeasonNumber), itoa(t.EpisodeNumber)
	tags := append([]string{}, UILanguages...)
	for _, l := range sortedLanguages(t) {
		if !contains(tags, l) {
			tags = append(tags, l)
		}
	}
	for _, tag := range tags {
		f.Locs = append(f.Locs, locColumn{Tag: tag, Fixed: true, Localization: t.Localizations[tag]})
	}
	f.Locs = append(f.Locs, locColumn{})
	f.CreditLangs = append([]string{}, UILanguages...)
	for _, c := range t.Credits {
		for tag := range c.Name {
			if !contains(f.CreditLangs, tag) {
				f.CreditLangs = append(f.CreditLangs, tag)
			}
		}
	}
	for _, c := range t.Credits {
		in := creditInput{Role: c.Role}
		for _, tag := range f.CreditLangs {
			in.Names = append(in.Names, nameInput{tag, c.Name[tag]})
		}
		f.Credits = append(f.Credits, in)
	}
	f.addBlankRows()
	return f
}

func newTitleForm() *titleForm {
	return formFromTitle(&catalog.Title{Fields: catalog.Fields{Kind: catalog.KindFilm, Visibility: catalog.VisibilityPartners}})
}

func (f *titleForm) addBlankRows() {
	for range blankRows {
		in := creditInput{}
		for _, tag := range f.CreditLangs {
			in.Names = append(in.Names, nameInput{Tag: tag})
		}
		f.Credits = append(f.Credits, in)
		f.Releases = append(f.Releases, catalog.Release{})
	}
}

// maxRows bounds the indexed rows read from a request.
const maxRows = 200

func formFromRequest(r *http.Request) *titleForm {
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	raw := func(k string) string { return r.PostFormValue(k) } // synopses keep their inner whitespace
	f := &titleForm{Kind: v("kind"), OriginalLanguage: v("original_language"), ProductionYear: v("production_year"),
		RuntimeMinutes: v("runtime_minutes"), ParentID: v("parent_id"), SeasonNumber: v("season_number"),
		EpisodeNumber: v("episode_number"), Countries: v("countries"), Visibility: v("visibility"),
		EIDR: v("identifiers.eidr"), ISAN: v("identifiers.isan"), IMDb: v("identifiers.imdb"),
		Genres: r.PostForm["genres"], Producers: r.PostForm["producers"]}
	f.Version, _ = strconv.ParseInt(v("version"), 10, 64)
	for i := 0; i < maxRows; i++ {
		p := fmt.Sprintf("loc.%d.", i)
		if _, ok := r.PostForm[p+"tag"]; !ok {
			break
		}
		f.Locs = append(f.Locs, locColumn{Tag: v(p + "tag"), Fixed: v(p+"fixed") == "1", Localization: catalog.Localization{
			Title: v(p + "title"), SortTitle: v(p + "sort_title"), ShortSynopsis: strings.TrimSpace(raw(p + "short_synopsis")),
			LongSynopsis: strings.TrimSpace(raw(p + "long_synopsis")), Tagline: v(p + "tagline"), Note: v(p + "note")}})
	}
	for _, tag := range strings.Split(v("credit_langs"), ",") {
		if tag = strings.TrimSpace(tag); tag != "" && len(f.CreditLangs) < 20 {
			f.CreditLangs = append(f.CreditLangs, tag)
		}
	}
	for i := 0; i < maxRows; i++ {
		p := fmt.Sprintf("credit.%d.", i)
		if _, ok := r.PostForm[p+"role"]; !ok {
			break
		}
		in := creditInput{Role: v(p + "role")}
		for _, tag := range f.CreditLangs {
			in.Names = append(in.Names, nameInput{tag, v(p + "name." + tag)})
		}
		f.Credits = append(f.Credits, in)
	}
	for i := 0; i < maxRows; i++ {
		p := fmt.Sprintf("release.%d.", i)
		if _, ok := r.PostForm[p+"territory"]; !ok {
			break
		}
		f.Releases = append(f.Releases, catalog.Release{Territory: v(p + "territory"), Type: v(p + "type"), Date: v(p + "date"), Note: v(p + "note")})
	}
	return f
}

// apply writes the form onto base (the stored title's fields, or empty for a
// new title), keeping what the form does not show (alternative ids). Input
// that cannot even be parsed (letters in a year) is returned as field errors.
func (f *titleForm) apply(base catalog.Fields) (catalog.Fields, apperr.Fields) {
	var errs apperr.Fields
	out := base
	num := func(name, s string) int {
		if s == "" {
			return 0
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			errs = append(errs, apperr.FieldError{Field: name, Message: msgNotANumber})
		}
		return n
	}
	out.Kind, out.OriginalLanguage, out.ParentID = catalog.Kind(f.Kind), f.OriginalLanguage, f.ParentID
	out.ProductionYear = num("production_year", f.ProductionYear)
	out.RuntimeMinutes = num("runtime_minutes", f.RuntimeMinutes)
	out.SeasonNumber = num("season_number", f.SeasonNumber)
	out.EpisodeNumber = num("episode_number", f.EpisodeNumber)
	out.Countries = splitList(f.Countries)
	out.Genres = append([]string(nil), f.Genres...)
	out.Producers = orderedProducers(base.Producers, f.Producers)
	out.Visibility = catalog.Visibility(f.Visibility)
	out.Identifiers.EIDR, out.Identifiers.ISAN, out.Identifiers.IMDb = f.EIDR, f.ISAN, f.IMDb
	out.Localizations = map[string]catalog.Localization{}
	for i, c := range f.Locs {
		if c.blank() {
			continue
		}
		if c.Tag == "" {
			errs = append(errs, apperr.FieldError{Field: fmt.Sprintf("loc.%d.tag", i), Message: msgChooseLanguage})
			continue
		}
		out.Localizations[c.Tag] = c.Localization
	}
	out.Credits, f.creditRows = nil, nil
	for i, c := range f.Credits {
		names := map[string]string{}
		for _, n := range c.Names {
			if n.Value != "" {
				names[n.Tag] = n.Value
			}
		}
		if c.Role == "" && len(names) == 0 {
			continue
		}
		out.Credits = append(out.Credits, catalog.Credit{Role: c.Role, Name: names})
		f.creditRows = append(f.creditRows, i)
	}
	out.Releases, f.releaseRows = nil, nil
	for i, rel := range f.Releases {
		if rel == (catalog.Release{}) {
			continue
		}
		out.Releases = append(out.Releases, rel)
		f.releaseRows = append(f.releaseRows, i)
	}
	return out, errs
}

// Messages the form itself produces; fieldMessage translates them.
const (
	msgNotANumber     = "must be a whole number"
	msgChooseLanguage = "choose the language of this column"
	msgRequired       = "is required"
)

// splitList reads "RU, CN" or "RU CN" as a list.
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' || r == '，' })
}

// orderedProducers keeps the stored order (lead producer first) of producers
// still ticked and appends newly ticked ones.
func orderedProducers(old, ticked []string) []string {
	var out []string
	for _, p := range old {
		if contains(ticked, p) {
			out = append(out, p)
		}
	}
	for _, p := range ticked {
		if !contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// pathToInput maps a domain field path (localizations.ru.title,
// credits[1].name.en, countries[0]) to the name of the input showing it, or
// "" when no input does (the error is then shown above the form).
func (f *titleForm) pathToInput(path string) string {
	switch {
	case path == "localizations":
		return "loc.0.title"
	case strings.HasPrefix(path, "localizations."):
		tag, field, hasField := strings.Cut(strings.TrimPrefix(path, "localizations."), ".")
		for i, c := range f.Locs {
			if c.Tag == tag || canonicalOr(c.Tag) == canonicalOr(tag) {
				if !hasField {
					return fmt.Sprintf("loc.%d.tag", i)
				}
				return fmt.Sprintf("loc.%d.%s", i, field)
			}
		}
		return ""
	case strings.HasPrefix(path, "credits["):
		row, sub, ok := rowOf(path, "credits[", f.creditRows)
		if !ok {
			return ""
		}
		if sub == "name" || !strings.HasPrefix(sub, "name.") && sub != "role" {
			return fmt.Sprintf("credit.%d.name.%s", row, f.CreditLangs[0])
		}
		return fmt.Sprintf("credit.%d.%s", row, sub)
	case strings.HasPrefix(path, "releases["):
		row, sub, ok := rowOf(path, "releases[", f.releaseRows)
		if !ok {
			return ""
		}
		return fmt.Sprintf("release.%d.%s", row, sub)
	case strings.HasPrefix(path, "identifiers.alt"):
		return ""
	}
	if i := strings.IndexByte(path, '['); i > 0 { // countries[0], genres[1], producers[0]
		return path[:i]
	}
	return path
}

func canonicalOr(tag string) string {
	if c, err := langtag.Canonical(tag); err == nil {
		return c
	}
	return tag
}

// rowOf parses "credits[3].role" into the form row of kept index 3 and "role".
func rowOf(path, prefix string, rows []int) (int, string, bool) {
	idx, sub, _ := strings.Cut(strings.TrimPrefix(path, prefix), "]")
	i, err := strconv.Atoi(idx)
	if err != nil || i < 0 || i >= len(rows) {
		return 0, "", false
	}
	return rows[i], strings.TrimPrefix(sub, "."), true
}

// FieldErr is an error shown beside an input; Lang is the language of the
// message (domain messages are English when no translation exists).
type FieldErr struct {
	Input, Label, Message, Lang string
}

// formErrors sorts validation errors onto inputs and into a summary.
type formErrors struct {
	byInput FormErrors
	summary []FieldErr
}

func (h *Handler) collectErrors(loc *Localizer, f *titleForm, err error) (*formErrors, bool) {
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Code != apperr.Invalid {
		return nil, false
	}
	return f.errorsFrom(loc, ae.Fields), true
}

func (f *titleForm) errorsFrom(loc *Localizer, fields apperr.Fields) *formErrors {
	fe := &formErrors{byInput: FormErrors{}}
	for _, e := range fields {
		msg, lang := fieldMessage(loc, e)
		input := f.pathToInput(e.Field)
		item := FieldErr{Input: input, Label: f.label(loc, input, e.Field), Message: msg, Lang: lang}
		if _, dup := fe.byInput[input]; input != "" && !dup {
			fe.byInput[input] = item
		}
		fe.summary = append(fe.summary, item)
	}
	sort.SliceStable(fe.summary, func(i, j int) bool { return fe.summary[i].Input != "" && fe.summary[j].Input == "" })
	return fe
}

// fieldMessage translates the messages the form and the most common rules
// produce; other domain messages are shown as they are, marked English.
func fieldMessage(loc *Localizer, e apperr.FieldError) (string, string) {
	if msg, ok := codedMessage(loc, e); ok {
		return msg, loc.Lang
	}
	msg := e.Message
	switch msg {
	case msgRequired:
		return loc.T("form.err.required"), loc.Lang
	case msgNotANumber:
		return loc.T("form.err.number"), loc.Lang
	case msgChooseLanguage:
		return loc.T("form.err.chooselang"), loc.Lang
	}
	return msg, "en"
}

// label names the input an error belongs to, for the summary.
func (f *titleForm) label(loc *Localizer, input, path string) string {
	parts := strings.Split(input, ".")
	switch {
	case input == "":
		return path
	case parts[0] == "loc" && len(parts) >= 3:
		i, _ := strconv.Atoi(parts[1])
		tag := ""
		if i < len(f.Locs) {
			tag = f.Locs[i].Tag
		}
		return loc.T("form.loc."+parts[2]) + " (" + loc.Language(tag) + ")"
	case parts[0] == "credit" && len(parts) >= 2:
		i, _ := strconv.Atoi(parts[1])
		return loc.T("form.credits") + " " + loc.Num(i+1)
	case parts[0] == "release" && len(parts) >= 2:
		i, _ := strconv.Atoi(parts[1])
		return loc.T("form.releases") + " " + loc.Num(i+1)
	}
	return loc.T("form.field." + input)
}

func itoa(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// inputID turns an input name into an element id ("loc.0.title" → "f-loc-0-title").
func inputID(name string) string {
	var b strings.Builder
	b.WriteString("f-")
	for _, r := range name {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	return b.String()
}
