package search

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseQuery checks that no query text makes the parser, the key
// builders or the scorer panic, and that the keys stay usable by the stores.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"красный шелк", "紅絲綢", "hongsichou", "Red Si", "ё", "\u0301a", "ＡＢＣ", "a\x00b", "唐探1900", "ﬁlm"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, mode := range []Mode{ModeSearch, ModeSuggest} {
			q, err := ParseQuery(s, mode)
			if err != nil {
				continue
			}
			for _, term := range q.Terms {
				for _, a := range term.Alts() {
					for _, k := range a.Keys {
						if k == "" || strings.ContainsAny(k, " \x00") || !utf8.ValidString(k) {
							t.Fatalf("query %q made unusable key %q", s, k)
						}
					}
				}
			}
			q.FuzzyLookups()
			q.Match(map[string]string{"en": s, "ru": "Красный шёлк", "zh-Hans": "红丝绸"})
		}
	})
}

// FuzzDocKeys checks that any title text analyzes without panicking, into
// keys without separators, and that highlights cover the whole text.
func FuzzDocKeys(f *testing.F) {
	for _, s := range []string{"Red Silk", "Гибель «Лиссабон-мару»", "我和我的父辈", "\xff\xfe", "ǅ", "İstanbul"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := DocKeys(s)
		for _, list := range [][]string{k.Native, k.Stems, k.Translit, k.Terms} {
			for _, key := range list {
				if key == "" || strings.ContainsAny(key, " \x00") {
					t.Fatalf("text %q made unusable key %q", s, key)
				}
			}
		}
		q, err := ParseQuery(s, ModeSuggest)
		if err != nil {
			return
		}
		m := q.Match(map[string]string{"x": s})
		if m.Score > 0 && !utf8.ValidString(s) {
			return
		}
		if m.Score > 0 && strings.Count(m.Highlight, "<mark>") == 0 {
			t.Fatalf("match of %q on itself highlights nothing: %q", s, m.Highlight)
		}
	})
}
