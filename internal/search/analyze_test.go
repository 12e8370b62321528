package search

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTokenizeNormalizes(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"Красный шёлк", []string{"красный", "шелк"}},
		{"ＲＥＤ Silk!", []string{"red", "silk"}},
		{"Amélie", []string{"amelie"}},
		{"紅絲綢", []string{"红", "丝", "绸"}},
		{"唐探1900", []string{"唐", "探", "1900"}},
		{"Гибель «Лиссабон-мару»", []string{"гибель", "лиссабон", "мару"}},
		{"Йошкар-Ола", []string{"йошкар", "ола"}},
	}
	for _, c := range cases {
		var got []string
		for _, tok := range Tokenize(c.in) {
			got = append(got, tok.Text)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("Tokenize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestTokenSpansPointIntoOriginal(t *testing.T) {
	in := "Моя страна, мои родители (我和我的父辈)"
	for _, tok := range Tokenize(in) {
		if tok.Start < 0 || tok.End > len(in) || tok.Start >= tok.End {
			t.Fatalf("bad span %d..%d for %q", tok.Start, tok.End, tok.Text)
		}
	}
	toks := Tokenize(in)
	if got := in[toks[0].Start:toks[0].End]; got != "Моя" {
		t.Fatalf("first span = %q", got)
	}
}

func TestRomanizeCoversEachSystem(t *testing.T) {
	got := romanize("шёлк")
	for _, want := range []string{"shyolk", "shelk", "sholk"} {
		if !slices.Contains(got, want) {
			t.Errorf("romanize(шёлк) = %v, missing %s", got, want)
		}
	}
	got = romanize("красный")
	for _, want := range []string{"krasnyj", "krasnyy", "krasnyi"} {
		if !slices.Contains(got, want) {
			t.Errorf("romanize(красный) = %v, missing %s", got, want)
		}
	}
	if got := romanize("цирк"); !slices.Contains(got, "cirk") || !slices.Contains(got, "tsirk") {
		t.Errorf("romanize(цирк) = %v", got)
	}
}

func TestSegmentPinyin(t *testing.T) {
	cases := map[string]string{
		"hongsichou": "hong si chou",
		"changcheng": "chang cheng",
		"xian":       "", // one syllable
		"silk":       "", // not pinyin
	}
	for in, want := range cases {
		if got := strings.Join(segmentPinyin(in), " "); got != want {
			t.Errorf("segmentPinyin(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDocKeysClasses(t *testing.T) {
	k := DocKeys("Red Silk", "红丝绸", "Красный шёлк")
	for _, want := range []string{"red", "silk", "红", "红丝", "丝绸", "красный", "шелк"} {
		if !slices.Contains(k.Native, want) {
			t.Errorf("native keys %v miss %q", k.Native, want)
		}
	}
	for _, want := range []string{"~красн", "~silk"} {
		if !slices.Contains(k.Stems, want) {
			t.Errorf("stem keys %v miss %q", k.Stems, want)
		}
	}
	for _, want := range []string{"^hong", "^si", "^chou", "^hongsichou", "^shyolk", "^krasnyy"} {
		if !slices.Contains(k.Translit, want) {
			t.Errorf("translit keys %v miss %q", k.Translit, want)
		}
	}
	if !slices.Contains(k.Terms, "красный") || !slices.Contains(k.Terms, "^hongsichou") || !slices.Contains(k.Terms, "red") {
		t.Errorf("vocabulary terms = %v", k.Terms)
	}
	if short := DocKeys("Of Oz").Terms; len(short) != 0 {
		t.Errorf("two-letter words in the vocabulary: %v", short)
	}
}

func TestOneEdit(t *testing.T) {
	yes := [][2]string{{"solaris", "solyaris"}, {"solaris", "slaris"}, {"solaris", "soalris"}, {"solaris", "solarys"}, {"шелк", "шёлк"}}
	no := [][2]string{{"solaris", "solaris"}, {"solaris", "sloaris2"}, {"abcd", "badc"}}
	for _, p := range yes {
		if !oneEdit(p[0], p[1]) {
			t.Errorf("oneEdit(%q, %q) = false", p[0], p[1])
		}
	}
	for _, p := range no {
		if oneEdit(p[0], p[1]) {
			t.Errorf("oneEdit(%q, %q) = true", p[0], p[1])
		}
	}
}

// TestFuzzyLookupsHoldEveryNeighbour checks that each one-edit variant of a
// word, and of its romanization-class form, lies in one of the word's
// vocabulary ranges.
func TestFuzzyLookupsHoldEveryNeighbour(t *testing.T) {
	for _, w := range []string{"shelk", "solaris", "родители", "hongsichou", "slik", "maro", "шолк", "silk", "abba"} {
		q, err := ParseQuery(w, ModeSearch)
		if err != nil {
			t.Fatal(err)
		}
		ranges := q.FuzzyLookups()[0]
		alphabet := []rune("abcdefghijklmnopqrstuvwxyz")
		classes := []string{"", translitPrefix}
		if q.Terms[0].Kind == KindCyrillic {
			alphabet = []rune("абвгдежзийклмнопрстуфхцчшщъыьэюя")
			classes = classes[:1]
		}
		for _, v := range edits1(w, alphabet) {
			if !oneEdit(v, w) {
				t.Fatalf("edits1 produced %q, which is not one edit from %s", v, w)
			}
			for _, class := range classes {
				term := class + v
				found := false
				for _, r := range ranges {
					s := term
					if r.Reversed {
						s = ReverseKey(term)
					}
					found = found || strings.HasPrefix(s, r.Prefix) && utf8.RuneCountInString(term) == r.Runes
				}
				if !found {
					t.Errorf("%q (one edit from %q) is in none of %+v", term, w, ranges)
				}
			}
		}
	}
	if got := ReverseKey(translitPrefix + "shelk"); got != translitPrefix+"klehs" {
		t.Errorf("ReverseKey = %q", got)
	}
}

// edits1 returns the distinct strings one deletion, transposition,
// substitution or insertion away from w (w itself excluded).
func edits1(w string, alphabet []rune) []string {
	rs := []rune(w)
	seen := map[string]bool{w: true}
	var out []string
	add := func(r []rune) {
		s := string(r)
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	buf := make([]rune, 0, len(rs)+1)
	for i := range rs {
		add(append(append(buf[:0], rs[:i]...), rs[i+1:]...))
		if i+1 < len(rs) {
			b := append(buf[:0], rs...)
			b[i], b[i+1] = b[i+1], b[i]
			add(b)
		}
		for _, c := range alphabet {
			if c != rs[i] {
				b := append(buf[:0], rs...)
				b[i] = c
				add(b)
			}
		}
	}
	for i := 0; i <= len(rs); i++ {
		for _, c := range alphabet {
			b := append(append(append(buf[:0], rs[:i]...), c), rs[i:]...)
			add(b)
		}
	}
	return out
}

func TestMatchRanksAndHighlights(t *testing.T) {
	redSilk := map[string]string{"en": "Red Silk", "zh-Hans": "红丝绸", "ru": "Красный шёлк"}
	cases := []struct {
		q, lang, mark string
	}{
		{"красный шелк", "ru", "<mark>Красный</mark> <mark>шёлк</mark>"},
		{"紅絲綢", "zh-Hans", "<mark>红丝绸</mark>"},
		{"hong si chou", "zh-Hans", "<mark>红丝绸</mark>"},
		{"hongsichou", "zh-Hans", "<mark>红丝绸</mark>"},
		{"krasnyy shyolk", "ru", "<mark>Красный</mark> <mark>шёлк</mark>"},
		{"sholk", "ru", "Красный <mark>шёлк</mark>"},
		{"red", "en", "<mark>Red</mark> Silk"},
		{"丝", "zh-Hans", "红<mark>丝</mark>绸"},
	}
	for _, c := range cases {
		q, err := ParseQuery(c.q, ModeSearch)
		if err != nil {
			t.Fatal(err)
		}
		m := q.Match(redSilk)
		if m.Score == 0 || m.Lang != c.lang || m.Highlight != c.mark {
			t.Errorf("%q: got %+v, want lang %s highlight %s", c.q, m, c.lang, c.mark)
		}
	}
	// Whole-title and own-script matches outrank partial and transliterated ones.
	q, _ := ParseQuery("solaris", ModeSearch)
	en := q.Match(map[string]string{"en": "Solaris"})
	ru := q.Match(map[string]string{"ru": "Солярис"})
	long := q.Match(map[string]string{"en": "Solaris Station Seven"})
	if !(en.Score > long.Score && long.Score > 0) {
		t.Errorf("whole title %v should beat partial %v", en.Score, long.Score)
	}
	if !(en.Score > ru.Score && ru.Score > 0) {
		t.Errorf("own-script %v should beat transliterated %v", en.Score, ru.Score)
	}
	q, _ = ParseQuery("solyaris", ModeSearch)
	typo, _ := ParseQuery("solarsi", ModeSearch)
	if q.Match(map[string]string{"ru": "Солярис"}).Score <= typo.Match(map[string]string{"en": "Solaris"}).Score {
		t.Errorf("a typo should rank below a transliteration")
	}
}

func TestParseQueryRejectsUnusableInput(t *testing.T) {
	for _, q := range []string{"", "   ", "!!! ???", strings.Repeat("a ", 11), strings.Repeat("я", MaxQueryRunes+1)} {
		if _, err := ParseQuery(q, ModeSearch); err == nil {
			t.Errorf("ParseQuery(%q) accepted", q)
		}
	}
}

// TestPinyinRunsMatchNeighbouringCharacters checks that a run of syllables,
// typed joined or apart, asks for the pinyin of neighbouring characters,
// which the index keeps for every pair of characters of a Chinese title.
func TestPinyinRunsMatchNeighbouringCharacters(t *testing.T) {
	k := DocKeys("红丝绸")
	for _, want := range []string{"^hongsi", "^sichou"} {
		if !slices.Contains(k.Translit, want) {
			t.Errorf("translit keys %v miss the pair %q", k.Translit, want)
		}
	}
	for _, q := range []string{"hongsichou", "hong si chou"} {
		pq, err := ParseQuery(q, ModeSearch)
		if err != nil {
			t.Fatal(err)
		}
		if len(pq.Terms) != 1 || pq.Terms[0].Text != "hongsichou" {
			t.Fatalf("%q parsed as %+v, want one term hongsichou", q, pq.Terms)
		}
		var pairs []string
		for _, a := range pq.Terms[0].Alts() {
			if len(a.Keys) == 2 && strings.HasPrefix(a.Keys[0], translitPrefix) {
				pairs = a.Keys
			}
		}
		if !slices.Equal(pairs, []string{"^hongsi", "^sichou"}) {
			t.Errorf("%q: syllable pairs %v, want [^hongsi ^sichou]", q, pairs)
		}
		if m := pq.Match(map[string]string{"zh-Hans": "红丝绸"}); m.Score < wPinyinRun {
			t.Errorf("%q scores %v on 红丝绸", q, m.Score)
		}
	}
	// Words that are not all syllables stay apart.
	if pq, _ := ParseQuery("red silk", ModeSearch); len(pq.Terms) != 2 {
		t.Errorf("red silk parsed as %d terms", len(pq.Terms))
	}
	// Syllables typed apart still find a Latin title that has them apart.
	pq, _ := ParseQuery("long men", ModeSearch)
	if m := pq.Match(map[string]string{"en": "Long Men"}); m.Score < 1 {
		t.Errorf("long men scores %v on the title Long Men", m.Score)
	}
}

func TestRepeatedWordsCountOnce(t *testing.T) {
	q, err := ParseQuery("shyolk Red shyolk", ModeSearch)
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Terms) != 2 || q.Terms[0].Text != "red" || q.Terms[1].Text != "shyolk" || !q.Terms[1].Prefix {
		t.Errorf("terms = %+v, want red then shyolk (the last, as a prefix)", q.Terms)
	}
}
