package money

import (
	"strings"
	"testing"
)

// FuzzParse: no input panics, and whatever is accepted prints back to a
// string that parses to the same amount and lies in range.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"1200000.00", "1.5e6", "0.001", "-1", "99999999999999999999", "1500", ".", "0"} {
		for _, c := range []string{"CNY", "JPY", "BHD", "cny", "XXX"} {
			f.Add(s, c)
		}
	}
	f.Fuzz(func(t *testing.T, s, cur string) {
		a, p := Parse(s, cur)
		if p != nil {
			if p.Code == "" || p.Message == "" {
				t.Fatalf("uncoded problem %+v", p)
			}
			return
		}
		if a.Minor <= 0 || a.Minor > MaxMinor || strings.ContainsAny(s, "eE+- ") {
			t.Fatalf("accepted %q %s as %+v", s, cur, a)
		}
		b, p := Parse(a.String(), cur)
		if p != nil || b != a {
			t.Fatalf("%q → %s → %+v %+v", s, a, b, p)
		}
	})
}

// FuzzParsePercent: same for shares.
func FuzzParsePercent(f *testing.F) {
	for _, s := range []string{"12.5", "100", "100.01", "0", "1e2", "12.345"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, p := ParsePercent(s)
		if p != nil {
			if p.Code == "" {
				t.Fatalf("uncoded problem %+v", p)
			}
			return
		}
		if v <= 0 || v > 10000 {
			t.Fatalf("accepted %q as %d", s, v)
		}
		if w, p := ParsePercent(v.String()); p != nil || w != v {
			t.Fatalf("%q → %s → %d %+v", s, v, w, p)
		}
	})
}
