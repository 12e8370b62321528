package web

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
	"golang.org/x/text/message"

	"github.com/silkbridge/silkbridge/internal/langtag"
)

// UILanguages are the languages the interface is translated into, in the
// order the switcher shows them. Every message file set must cover all three
// (TestMessagesComplete).
var UILanguages = []string{"zh-Hans", "ru", "en"}

var uiMatcher = language.NewMatcher([]language.Tag{language.English, language.SimplifiedChinese, language.Russian})

// uiTags parallels the matcher's list: Match returns an index into it, which
// is reliable where the returned tag (e.g. "zh-Hans-u-rg-cnzzzz") is not.
var uiTags = []string{"en", "zh-Hans", "ru"}

// langCookie remembers the language chosen with the switcher.
const langCookie = "sb_lang"

// negotiate picks the interface language: the switcher's cookie, else the
// best match for Accept-Language, else English.
func negotiate(r *http.Request) string {
	if c, err := r.Cookie(langCookie); err == nil && isUILanguage(c.Value) {
		return c.Value
	}
	tags, _, err := language.ParseAcceptLanguage(r.Header.Get("Accept-Language"))
	if err != nil || len(tags) == 0 {
		return "en"
	}
	_, i, conf := uiMatcher.Match(tags...)
	if conf == language.No {
		return "en"
	}
	return uiTags[i]
}

func isUILanguage(s string) bool {
	for _, l := range UILanguages {
		if l == s {
			return true
		}
	}
	return false
}

// newBundle loads every locales/<area>.<lang>.json file. Areas (core,
// catalog, …) let each capability keep its own message files.
func newBundle(fsys fs.FS) (*i18n.Bundle, error) {
	b := i18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	files, err := fs.Glob(fsys, "locales/*.json")
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no message files")
	}
	for _, f := range files {
		if _, err := b.LoadMessageFileFS(fsys, f); err != nil {
			return nil, fmt.Errorf("message file %s: %w", path.Base(f), err)
		}
	}
	return b, nil
}

// Localizer renders messages, dates, numbers and names in one interface language.
type Localizer struct {
	Lang    string
	loc     *i18n.Localizer
	tag     language.Tag
	printer *message.Printer
	missing func(id string)
}

func newLocalizer(b *i18n.Bundle, lang string, missing func(string)) *Localizer {
	tag := language.MustParse(lang)
	return &Localizer{Lang: lang, loc: i18n.NewLocalizer(b, lang), tag: tag, printer: message.NewPrinter(tag), missing: missing}
}

// T returns the message id, filled with pairs of template arguments
// ("Name", value, …). A missing message shows its id (and is logged), which
// the completeness test prevents from shipping.
func (l *Localizer) T(id string, pairs ...any) string {
	cfg := &i18n.LocalizeConfig{MessageID: id}
	if len(pairs) > 0 {
		data := map[string]any{}
		for i := 0; i+1 < len(pairs); i += 2 {
			data[fmt.Sprint(pairs[i])] = pairs[i+1]
		}
		cfg.TemplateData = data
	}
	s, err := l.loc.Localize(cfg)
	if err != nil {
		if l.missing != nil {
			l.missing(id)
		}
		return id
	}
	return s
}

// N returns the plural form of message id for count; the message gets
// {{.Count}} already formatted for the locale.
func (l *Localizer) N(id string, count int) string {
	s, err := l.loc.Localize(&i18n.LocalizeConfig{
		MessageID: id, PluralCount: count, TemplateData: map[string]any{"Count": l.Num(count)},
	})
	if err != nil {
		if l.missing != nil {
			l.missing(id)
		}
		return id
	}
	return s
}

// Num formats an integer with the locale's digit grouping.
func (l *Localizer) Num(n int) string { return l.printer.Sprintf("%d", n) }

// Country returns the name of an ISO 3166-1 country in the interface language.
func (l *Localizer) Country(cc string) string {
	r, err := language.ParseRegion(cc)
	if err != nil {
		return cc
	}
	if name := display.Regions(l.tag).Name(r); name != "" {
		return name
	}
	return cc
}

// Language returns the name of a language in the interface language.
func (l *Localizer) Language(tag string) string {
	t, err := language.Parse(tag)
	if err != nil {
		return tag
	}
	if name := display.Languages(l.tag).Name(t); name != "" {
		return name
	}
	return tag
}

// Autonym returns a language's name in that language ("русский"), as
// language pickers conventionally show it.
func Autonym(tag string) string {
	t, err := language.Parse(tag)
	if err != nil {
		return tag
	}
	if name := display.Self.Name(t); name != "" {
		return name
	}
	return tag
}

// Pick chooses which key of a multilingual map to show: the interface
// language first, then English, then any.
func (l *Localizer) Pick(m map[string]string) (text, lang string) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	lang = langtag.Pick(keys, l.Lang, "en")
	return m[lang], lang
}

// PartialDate formats YYYY, YYYY-MM or YYYY-MM-DD in the locale's style
// ("20 February 2025", "20 февраля 2025 г.", "2025年2月20日").
func (l *Localizer) PartialDate(s string) string {
	parts := strings.Split(s, "-")
	switch len(parts) {
	case 1:
		return l.T("date.year", "Year", parts[0])
	case 2:
		return l.T("date.month", "Year", parts[0], "Month", l.T("month.alone."+strings.TrimLeft(parts[1], "0")))
	case 3:
		return l.T("date.full", "Year", parts[0], "Month", l.T("month."+strings.TrimLeft(parts[1], "0")),
			"Day", strings.TrimLeft(parts[2], "0"))
	}
	return s
}
