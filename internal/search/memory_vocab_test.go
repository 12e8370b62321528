package search

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// memVocabWant is a TermRange's answer by definition over every term.
func memVocabWant(all map[string]bool, r TermRange) []string {
	column := func(t string) string {
		if r.Reversed {
			return ReverseKey(t)
		}
		return t
	}
	var in []string
	for t := range all {
		if utf8.RuneCountInString(t) == r.Runes && strings.HasPrefix(column(t), r.Prefix) {
			in = append(in, t)
		}
	}
	slices.SortFunc(in, func(a, b string) int { return strings.Compare(column(a), column(b)) })
	if r.Limit > 0 {
		in = in[:min(len(in), r.Limit)]
	}
	return in
}

func memVocabGot(v *memVocab, r TermRange) []string {
	var got []string
	v.find(r, func(t string) bool {
		got = append(got, t)
		return true
	})
	return got
}

func TestMemVocabRangesMatchTheirDefinition(t *testing.T) {
	rnd := rand.New(rand.NewPCG(7, 8))
	first := []string{"silk", "slik", "sill", "silt", "milk", "silks", "silky", "sil", "silkroad",
		"^silk", "^sulk", "^silkworm", "^milk", "шёлк", "шелк", "щёлк", "红丝绸", "红丝", "丝绸之路"}
	all := map[string]bool{}
	v := newMemVocab()
	v.add(first)
	v.add(first[:5]) // twice while loading
	for _, term := range first {
		all[term] = true
	}
	v.finish()

	fixed := []TermRange{
		{Prefix: "sil", Runes: 4},
		{Prefix: "sil", Runes: 5},
		{Prefix: "sil", Runes: 3},
		{Prefix: "silk", Runes: 4},
		{Prefix: "", Runes: 4},
		{Prefix: "", Runes: 8},
		{Prefix: "x", Runes: 4},
		{Prefix: "sil", Runes: 4, Limit: 2},
		{Prefix: "sil", Runes: 4, Limit: 1},
		{Prefix: "", Runes: 4, Limit: 3},
		{Prefix: "kl", Reversed: true, Runes: 4},
		{Prefix: "k", Reversed: true, Runes: 4},
		{Prefix: "k", Reversed: true, Runes: 4, Limit: 2},
		{Prefix: "^kl", Reversed: true, Runes: 5},
		{Prefix: "^", Reversed: true, Runes: 5},
		{Prefix: "^", Reversed: true, Runes: 9},
		{Prefix: "^mr", Reversed: true, Runes: 9},
		{Prefix: "^sil", Runes: 5},
		{Prefix: "^", Runes: 5, Limit: 1},
		{Prefix: "кл", Reversed: true, Runes: 4},
		{Prefix: "кл", Reversed: true, Runes: 4, Limit: 1},
		{Prefix: "шё", Runes: 4},
		{Prefix: "ш", Runes: 4},
		{Prefix: "红丝", Runes: 3},
		{Prefix: "红丝", Runes: 2},
		{Prefix: "绸", Reversed: true, Runes: 3},
		{Prefix: "路之", Reversed: true, Runes: 4},
		{Prefix: "丝", Runes: 4},
		{Prefix: "sil", Runes: 0},
		{Prefix: "sil", Runes: 99},
	}
	// Ranges from the terms themselves: prefixes of each column, of the
	// term's length and its neighbours', with and without a limit.
	randomRanges := func(n int) []TermRange {
		terms := make([]string, 0, len(all))
		for term := range all {
			terms = append(terms, term)
		}
		slices.Sort(terms)
		var out []TermRange
		for range n {
			term := terms[rnd.IntN(len(terms))]
			r := TermRange{Reversed: rnd.IntN(2) == 0, Runes: utf8.RuneCountInString(term) + rnd.IntN(3) - 1}
			col := []rune(term)
			if r.Reversed {
				col = []rune(ReverseKey(term))
			}
			r.Prefix = string(col[:rnd.IntN(len(col)+1)])
			if rnd.IntN(3) == 0 {
				r.Limit = 1 + rnd.IntN(5)
			}
			out = append(out, r)
		}
		return out
	}
	check := func(stage string, ranges []TermRange) {
		t.Helper()
		if got := v.size(); got != len(all) {
			t.Fatalf("%s: size() = %d, want %d", stage, got, len(all))
		}
		nonEmpty := 0
		for _, r := range ranges {
			got, want := memVocabGot(v, r), memVocabWant(all, r)
			if !slices.Equal(got, want) {
				t.Fatalf("%s: find %+v:\n got %q\nwant %q", stage, r, got, want)
			}
			if len(got) > 0 {
				nonEmpty++
			}
		}
		if nonEmpty < len(ranges)/3 {
			t.Fatalf("%s: only %d of %d ranges hold terms", stage, nonEmpty, len(ranges))
		}
	}
	// A few answers by hand, so that the definition above (ReverseKey
	// included) is not the only word on them.
	for _, c := range []struct {
		r    TermRange
		want []string
	}{
		{TermRange{Prefix: "sil", Runes: 4}, []string{"silk", "sill", "silt"}},
		{TermRange{Prefix: "sil", Runes: 4, Limit: 2}, []string{"silk", "sill"}},
		{TermRange{Prefix: "kl", Reversed: true, Runes: 4}, []string{"milk", "silk"}},
		{TermRange{Prefix: "^kl", Reversed: true, Runes: 5}, []string{"^milk", "^silk", "^sulk"}},
		{TermRange{Prefix: "^klim", Reversed: true, Runes: 5}, []string{"^milk"}},
		{TermRange{Prefix: "кл", Reversed: true, Runes: 4}, []string{"шелк", "шёлк", "щёлк"}},
		{TermRange{Prefix: "绸丝", Reversed: true, Runes: 3}, []string{"红丝绸"}},
		{TermRange{Prefix: "^", Runes: 9}, []string{"^silkworm"}},
		{TermRange{Prefix: "s", Runes: 8}, []string{"silkroad"}},
	} {
		if got := memVocabGot(v, c.r); !slices.Equal(got, c.want) {
			t.Errorf("find %+v: got %q, want %q", c.r, got, c.want)
		}
	}
	check("loaded", append(fixed, randomRanges(300)...))

	// A few terms after loading, kept aside in the buckets' extras.
	later := []string{"silo", "sila", "^silo", "^a", "шёлковый", "шилк", "红绸", "bilk", "silkroads", "zzzz"}
	for _, term := range later {
		all[term] = true
	}
	v.add(later)
	if b := v.buckets[4]; len(b.terms.extra) == 0 || len(b.revs.extra) != len(b.terms.extra) {
		t.Fatalf("4-rune bucket: %d extra terms, %d extra reversed; want some and as many", len(b.terms.extra), len(b.revs.extra))
	}
	check("a few added", append(fixed, randomRanges(300)...))

	// Duplicates: of a loaded term (in a base) and of a later one (in an
	// extra).
	for _, dup := range []string{"silk", "^silkworm", "шёлк", "silo", "^silo", "шилк"} {
		b := v.buckets[utf8.RuneCountInString(dup)]
		size := v.size()
		base, extra := len(b.terms.base), len(b.terms.extra)
		if b.terms.insert(dup) {
			t.Errorf("insert(%q) of a known term reported it added", dup)
		}
		if b.revs.insert(ReverseKey(dup)) {
			t.Errorf("insert(%q) of a known reversed term reported it added", ReverseKey(dup))
		}
		v.add([]string{dup})
		if v.size() != size || len(b.terms.base) != base || len(b.terms.extra) != extra {
			t.Errorf("adding %q again: size %d → %d, base %d → %d, extra %d → %d",
				dup, size, v.size(), base, len(b.terms.base), extra, len(b.terms.extra))
		}
	}
	check("duplicates added", fixed)
	var fresh sortedStrings
	if !fresh.insert("new") || fresh.insert("new") || len(fresh.extra) != 1 {
		t.Errorf("an empty set: insert twice gave extra %q", fresh.extra)
	}

	// Enough four-rune terms to merge the extras into the base, more than
	// once, then some more left in the extras.
	letters := []rune("abcdefghijklmnopqrstuvwxyzшёлкщ")
	loadedBase := len(v.buckets[4].terms.base)
	var words []string
	for len(words) < 3000 {
		rs := make([]rune, 4)
		for i := range rs {
			rs[i] = letters[rnd.IntN(len(letters))]
		}
		w := string(rs)
		if rnd.IntN(5) == 0 {
			w = translitPrefix + string(rs[:3])
		}
		words = append(words, w)
	}
	added := 0
	for _, w := range words {
		if !all[w] {
			added++
		}
		all[w] = true
		v.add([]string{w})
	}
	b := v.buckets[4]
	if len(b.terms.base) < loadedBase+added/2 || len(b.terms.extra) == 0 || len(b.terms.extra) > 1024 {
		t.Fatalf("after %d new terms: base %d (was %d), extra %d; want merged into the base, some left in extra",
			added, len(b.terms.base), loadedBase, len(b.terms.extra))
	}
	for _, ss := range []*sortedStrings{&b.terms, &b.revs} {
		if !slices.IsSorted(ss.base) || !slices.IsSorted(ss.extra) {
			t.Fatalf("4-rune bucket not sorted")
		}
	}
	ranges := append(fixed, randomRanges(1000)...)
	for range 200 {
		// Short prefixes over the many random words, with small limits.
		w := []rune(words[rnd.IntN(len(words))])
		r := TermRange{Runes: 4, Reversed: rnd.IntN(2) == 0, Limit: rnd.IntN(8)}
		if r.Reversed {
			w = []rune(ReverseKey(string(w)))
		}
		r.Prefix = string(w[:rnd.IntN(3)])
		ranges = append(ranges, r)
	}
	check("many added", ranges)

	// fn stopping the scan ends it.
	var seen []string
	v.find(TermRange{Runes: 4}, func(s string) bool {
		seen = append(seen, s)
		return len(seen) < 3
	})
	if want := memVocabWant(all, TermRange{Runes: 4, Limit: 3}); !slices.Equal(seen, want) {
		t.Errorf("stopping after 3: got %q, want %q", seen, want)
	}
	if n := v.size(); n != len(all) {
		t.Errorf("size() = %d, want %d distinct terms", n, len(all))
	}
}
