package catalog

import (
	"regexp"
	"strings"
)

// mod3736Alphabet is the character set of ISO 7064 MOD 37,36 check characters.
const mod3736Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

// mod3736Check computes the ISO 7064 MOD 37,36 (hybrid, M=36) check character
// over digits, which must be in mod3736Alphabet. EIDR and ISAN both use it.
func mod3736Check(digits string) (byte, bool) {
	const m = 36
	p := m
	for i := 0; i < len(digits); i++ {
		v := strings.IndexByte(mod3736Alphabet, digits[i])
		if v < 0 {
			return 0, false
		}
		s := (p + v) % m
		if s == 0 {
			s = m
		}
		p = (s * 2) % (m + 1)
	}
	return mod3736Alphabet[(m+1-p)%m], true
}

var eidrRE = regexp.MustCompile(`^10\.5240/([0-9A-F]{4})-([0-9A-F]{4})-([0-9A-F]{4})-([0-9A-F]{4})-([0-9A-F]{4})-([0-9A-Z])$`)

// NormalizeEIDR validates an EIDR content ID (with or without the "10.5240/"
// prefix, any case) including its check character, and returns it canonical.
func NormalizeEIDR(s string) (string, bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if !strings.HasPrefix(s, "10.5240/") {
		s = "10.5240/" + s
	}
	m := eidrRE.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	check, ok := mod3736Check(strings.Join(m[1:6], ""))
	if !ok || check != m[6][0] {
		return "", false
	}
	return s, true
}

var isanRE = regexp.MustCompile(`^(?:ISAN\s*)?([0-9A-F]{4})-?([0-9A-F]{4})-?([0-9A-F]{4})-?([0-9A-F]{4})-?([0-9A-Z])(?:-?([0-9A-F]{4})-?([0-9A-F]{4})-?([0-9A-Z]))?$`)

// NormalizeISAN validates an ISAN (root + episode with its check character,
// optionally followed by the version and its check character) and returns it
// in the printed form "ISAN XXXX-XXXX-XXXX-XXXX-C[-XXXX-XXXX-C]".
func NormalizeISAN(s string) (string, bool) {
	m := isanRE.FindStringSubmatch(strings.ToUpper(strings.TrimSpace(s)))
	if m == nil {
		return "", false
	}
	work := strings.Join(m[1:5], "")
	if c, ok := mod3736Check(work); !ok || c != m[5][0] {
		return "", false
	}
	out := "ISAN " + strings.Join(m[1:5], "-") + "-" + m[5]
	if m[6] != "" {
		if c, ok := mod3736Check(work + m[6] + m[7]); !ok || c != m[8][0] {
			return "", false
		}
		out += "-" + m[6] + "-" + m[7] + "-" + m[8]
	}
	return out, true
}

var imdbRE = regexp.MustCompile(`^tt[0-9]{7,8}$`)

// ValidIMDb reports whether s is an IMDb title id.
func ValidIMDb(s string) bool { return imdbRE.MatchString(s) }

var altSchemeRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,39}$`)
