package langtag

import "testing"

func TestCanonical(t *testing.T) {
	cases := map[string]string{"zh-hans": "zh-Hans", "RU": "ru", "en-gb": "en-GB", "zh-hant-tw": "zh-Hant-TW"}
	for in, want := range cases {
		got, err := Canonical(in)
		if err != nil || got != want {
			t.Errorf("Canonical(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "english", "x-klingon", "und", "zh_Hans!", "a", "123"} {
		if got, err := Canonical(bad); err == nil {
			t.Errorf("Canonical(%q) = %q, want an error", bad, got)
		}
	}
}

func TestCountry(t *testing.T) {
	for _, ok := range []string{"RU", "cn", "DE"} {
		if _, valid := Country(ok); !valid {
			t.Errorf("Country(%q) refused", ok)
		}
	}
	for _, bad := range []string{"", "XX", "EU", "RUS", "419", "ZZ", "r"} {
		if _, valid := Country(bad); valid {
			t.Errorf("Country(%q) accepted", bad)
		}
	}
}

func TestPickFallbackChain(t *testing.T) {
	all := []string{"en", "ru", "zh-Hans"}
	cases := []struct {
		avail []string
		wants string
		fb    []string
		want  string
	}{
		{all, "zh-Hant", nil, "zh-Hans"},
		{[]string{"zh-Hans", "zh-Hant", "en"}, "zh-Hant", nil, "zh-Hant"},
		{[]string{"zh-Hans", "zh-Hant-TW"}, "zh-Hant", nil, "zh-Hant-TW"},
		{[]string{"zh", "en"}, "zh-Hant", nil, "zh"},
		{all, "ru-RU", nil, "ru"},
		{all, "fr", []string{"ru", "en"}, "ru"},
		{[]string{"en-GB", "ru"}, "en", nil, "en-GB"},
		{[]string{"ko"}, "fr", []string{"en"}, "ko"},
		{all, "de,ru", nil, "ru"},
	}
	for _, c := range cases {
		if got := Pick(c.avail, c.wants, c.fb...); got != c.want {
			t.Errorf("Pick(%v, %q, %v) = %q, want %q", c.avail, c.wants, c.fb, got, c.want)
		}
	}
}
