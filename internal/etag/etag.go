// Package etag renders and compares HTTP entity tags (RFC 9110 §8.8.3,
// §13.1.1–13.1.2) in one place, so every If-Match in silkbridge compares the
// same way: strongly, where a weak tag never matches.
//
// Versioned records use the strong tag "v<N>". A representation that also
// depends on the display language carries it as a suffix, "v<N>;lang=<tag>";
// If-Match accepts any language of the same version, because the precondition
// is about the record's state, which every language shares.
package etag

import (
	"strconv"
	"strings"
)

// Version renders version v as a strong tag, "v3" with its quotes.
func Version(v int64) string { return `"v` + strconv.FormatInt(v, 10) + `"` }

// WithLang adds the display language to a strong or weak tag:
// "v3" -> "v3;lang=en". An empty lang or tag leaves it as it was.
func WithLang(tag, lang string) string {
	if lang == "" || !strings.HasSuffix(tag, `"`) || len(tag) < 2 || strings.Contains(tag, ";lang=") {
		return tag
	}
	return tag[:len(tag)-1] + ";lang=" + lang + `"`
}

// tags splits an If-Match/If-None-Match list into its members; commas
// cannot occur inside a quoted entity tag.
func tags(header string) []string {
	var out []string
	for _, v := range strings.Split(header, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// MatchesVersion reports whether an If-Match value names version v under
// strong comparison: "*", "v3" or "v3;lang=…" match; W/"v3" never does.
func MatchesVersion(header string, v int64) bool {
	want := Version(v)
	for _, t := range tags(header) {
		if t == "*" || t == want || (strings.HasPrefix(t, want[:len(want)-1]+";lang=") && strings.HasSuffix(t, `"`)) {
			return true
		}
	}
	return false
}

// ParseVersion reads the version named by a strong tag such as "v3" or
// "v3;lang=en" (a bare 3 is accepted too, for older clients). Weak tags
// and anything else are not a version.
func ParseVersion(tag string) (int64, bool) {
	t := strings.TrimSpace(tag)
	if strings.HasPrefix(t, "W/") {
		return 0, false
	}
	if strings.HasPrefix(t, `"`) {
		if len(t) < 2 || !strings.HasSuffix(t, `"`) {
			return 0, false
		}
		t = t[1 : len(t)-1]
		t, _, _ = strings.Cut(t, ";lang=")
		var ok bool
		if t, ok = strings.CutPrefix(t, "v"); !ok {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	return n, err == nil && n > 0
}

// NoneMatch reports whether an If-None-Match value matches tag under weak
// comparison (RFC 9110 §13.1.2): W/ prefixes are ignored on both sides.
func NoneMatch(header, tag string) bool {
	if tag == "" {
		return false
	}
	want := strings.TrimPrefix(tag, "W/")
	for _, t := range tags(header) {
		if t == "*" || strings.TrimPrefix(t, "W/") == want {
			return true
		}
	}
	return false
}
