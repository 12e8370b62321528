// Package langtag validates BCP-47 language tags and ISO 3166 country codes
// and chooses a display language from what a record has.
package langtag

import (
	"fmt"
	"sort"
	"strings"

	"golang.org/x/text/language"

	"github.com/silkbridge/silkbridge/internal/memo"
)

// Canonical validates a BCP-47 tag and returns its canonical form
// ("zh-hans" → "zh-Hans", "RU" → "ru"). Private-use-only and "und" tags are refused.
func Canonical(tag string) (string, error) {
	tag = strings.TrimSpace(tag)
	if tag == "" {
		return "", fmt.Errorf("language tag is empty")
	}
	if len(tag) > 35 {
		return "", fmt.Errorf("language tag %q is too long", tag)
	}
	t, err := language.Parse(tag)
	if err != nil {
		return "", fmt.Errorf("%q is not a valid BCP-47 language tag", tag)
	}
	if s := t.String(); s == "und" || strings.HasPrefix(s, "und-") || strings.HasPrefix(s, "x-") {
		return "", fmt.Errorf("%q names no language", tag)
	}
	return t.String(), nil
}

// Country validates an ISO 3166-1 alpha-2 country code and returns it upper-cased.
func Country(cc string) (string, bool) {
	if len(cc) != 2 {
		return "", false
	}
	up := strings.ToUpper(cc)
	r, err := language.ParseRegion(up)
	if err != nil || !r.IsCountry() || r.String() != up {
		return "", false
	}
	return up, true
}

// ParseAcceptLanguage returns the tags of an Accept-Language header in
// preference order; malformed headers yield nil.
func ParseAcceptLanguage(header string) []string {
	tags, _, err := language.ParseAcceptLanguage(header)
	if err != nil {
		return nil
	}
	out := make([]string, 0, len(tags))
	for _, t := range tags {
		out = append(out, t.String())
	}
	return out
}

// Pick chooses which of the available tags to display for a reader who wants
// the tags in wants (most preferred first). For each wanted tag it tries an
// exact match, then the same language and script (zh-Hant-TW for zh-Hant, en-GB
// for en), then the same language in another script (zh-Hans for zh-Hant).
// When nothing wanted is available it falls back to fallbacks in order (the
// record's original language, then English), then to the first tag in sorted order.
func Pick(available []string, wants string, fallbacks ...string) string {
	return PickFrom(available, append(strings.Split(wants, ","), fallbacks...))
}

// PickFrom is Pick with the full preference list given.
func PickFrom(available []string, prefs []string) string {
	if len(available) == 0 {
		return ""
	}
	sorted := append([]string(nil), available...)
	sort.Strings(sorted)
	for _, w := range prefs {
		w = strings.TrimSpace(w)
		if w == "" {
			continue
		}
		want, err := parse(w)
		if err != nil {
			continue
		}
		best, bestScore := "", 0
		for _, a := range sorted {
			if s := score(want, a); s > bestScore {
				best, bestScore = a, s
			}
		}
		if best != "" {
			return best
		}
	}
	return sorted[0]
}

func score(want language.Tag, have string) int {
	h, err := parse(have)
	if err != nil {
		return 0
	}
	if h == want {
		return 4
	}
	wb, _ := want.Base()
	hb, _ := h.Base()
	if wb != hb {
		return 0
	}
	ws, _ := want.Script()
	hs, _ := h.Script()
	if ws != hs {
		return 1
	}
	wr, wc := want.Region()
	hr, hc := h.Region()
	if wr == hr || wc != language.Exact || hc != language.Exact {
		return 3
	}
	return 2
}

// parsedTag is a tag as language.Parse reads it.
type parsedTag struct {
	tag language.Tag
	err error
}

// parsedTags memoizes language.Parse for PickFrom, which runs for every hit
// of every search over the same few tags (a hub's localizations and its
// users' preferences).
var parsedTags = memo.New(1024, func(s string) parsedTag {
	t, err := language.Parse(s)
	return parsedTag{t, err}
})

func parse(s string) (language.Tag, error) {
	p := parsedTags.Get(s)
	return p.tag, p.err
}
