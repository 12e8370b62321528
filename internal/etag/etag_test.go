package etag

import "testing"

func TestMatchesVersionIsStrong(t *testing.T) {
	for _, c := range []struct {
		header string
		want   bool
	}{
		{`"v3"`, true}, {`*`, true}, {`"v2", "v3"`, true}, {`"v3;lang=zh-Hans"`, true},
		{`W/"v3"`, false}, {`W/"v3;lang=en"`, false}, {`"v31"`, false}, {`"v3;lang=en`, false}, {`v3`, false}, {``, false}, {`"v2"`, false},
	} {
		if got := MatchesVersion(c.header, 3); got != c.want {
			t.Errorf("MatchesVersion(%q, 3) = %v, want %v", c.header, got, c.want)
		}
	}
}

func TestNoneMatchIsWeak(t *testing.T) {
	for _, c := range []struct {
		header, tag string
		want        bool
	}{
		{`W/"abc"`, `"abc"`, true}, {`"abc"`, `W/"abc"`, true}, {`*`, `"x"`, true}, {`"a", "b"`, `"b"`, true},
		{`"abc"`, `"abd"`, false}, {`"abc"`, ``, false},
	} {
		if got := NoneMatch(c.header, c.tag); got != c.want {
			t.Errorf("NoneMatch(%q, %q) = %v, want %v", c.header, c.tag, got, c.want)
		}
	}
}

func TestParseVersionAndWithLang(t *testing.T) {
	if v, ok := ParseVersion(WithLang(Version(7), "ru")); !ok || v != 7 {
		t.Fatalf("ParseVersion(WithLang) = %d, %v", v, ok)
	}
	for _, bad := range []string{`W/"v7"`, `"x7"`, `"v0"`, `"v7`, ``, `"v-1"`} {
		if _, ok := ParseVersion(bad); ok {
			t.Errorf("ParseVersion(%q) accepted", bad)
		}
	}
	if WithLang(`"v1;lang=en"`, "ru") != `"v1;lang=en"` || WithLang(`"v1"`, "") != `"v1"` {
		t.Fatal("WithLang must not stack or add empty languages")
	}
}

func FuzzParseVersion(f *testing.F) {
	for _, s := range []string{`"v3"`, `W/"v3"`, `"v3;lang=en"`, `3`, `""`, `"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if v, ok := ParseVersion(s); ok && !MatchesVersion(Version(v), v) {
			t.Fatalf("%q parsed to %d which does not match itself", s, v)
		}
	})
}
