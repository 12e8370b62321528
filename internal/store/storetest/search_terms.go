package storetest

import (
	"context"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/search"
	"github.com/silkbridge/silkbridge/internal/store"
)

func init() { Register("SearchTermsRanges", exerciseSearchTermsRanges) }

// exerciseSearchTermsRanges asks the vocabulary for ranges of every kind,
// alone and together, and checks each answer against the ranges' meaning
// applied to the words written: terms of the range's length whose text
// (or reversed text, class prefix kept in front) starts with its prefix,
// only the first Limit of them in that order when a limit is set.
func exerciseSearchTermsRanges(t *testing.T, open func(t testing.TB) *store.DB) {
	db := open(t)
	b := NewSearchBundle(t, db)
	ti := b.Create(t, "cmg", TitleFields("Vocabulary", catalog.VisibilityPublic))
	vocab := []string{
		"silk", "slik", "sill", "silt", "milk", "silks", "silky", "sil", "silkroad",
		"^silk", "^sulk", "^silkworm", "^milk",
		"шёлк", "шелк", "щёлк", "шёлкa", "红丝绸", "红丝", "丝绸之路",
	}
	ctx := context.Background()
	if err := db.SearchIndexWrite(ctx, []search.Doc{{TitleID: ti.ID, Version: ti.Version, Keys: search.Keys{Terms: vocab}}}, nil); err != nil {
		t.Fatalf("write vocabulary: %v", err)
	}
	fwd := func(prefix string, runes, limit int) search.TermRange {
		return search.TermRange{Prefix: prefix, Runes: runes, Limit: limit}
	}
	rev := func(prefix string, runes, limit int) search.TermRange {
		return search.TermRange{Prefix: prefix, Runes: runes, Limit: limit, Reversed: true}
	}
	cases := []struct {
		name   string
		ranges []search.TermRange
	}{
		{"one forward range", []search.TermRange{fwd("si", 4, 0)}},
		{"one reversed range", []search.TermRange{rev("kl", 4, 0)}},
		{"reversed, class prefix in front", []search.TermRange{rev("^kl", 5, 0)}},
		{"forward with a limit", []search.TermRange{fwd("sil", 4, 2)}},
		{"reversed with a limit", []search.TermRange{rev("k", 4, 1)}},
		{"lengths kept apart", []search.TermRange{fwd("silk", 5, 0), fwd("silk", 8, 0)}},
		{"both kinds, overlapping", []search.TermRange{fwd("si", 4, 0), rev("kl", 4, 0), fwd("^s", 5, 0), rev("^kl", 5, 0), fwd("silk", 5, 1)}},
		{"Cyrillic and Chinese", []search.TermRange{fwd("шё", 4, 0), rev("кл", 4, 0), fwd("红", 3, 0), fwd("丝", 4, 0)}},
		{"nothing in range", []search.TermRange{fwd("zz", 4, 0), rev("zz", 4, 3)}},
	}
	for _, c := range cases {
		got, err := db.SearchTerms(ctx, c.ranges)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		slices.Sort(got)
		if want := termsInRanges(vocab, c.ranges); !slices.Equal(got, want) {
			t.Errorf("%s: got %q, want %q", c.name, got, want)
		}
	}
}

// termsInRanges is what SearchTerms answers by definition, sorted.
func termsInRanges(vocab []string, ranges []search.TermRange) []string {
	set := map[string]bool{}
	for _, r := range ranges {
		type entry struct{ key, term string }
		var in []entry
		for _, term := range vocab {
			key := term
			if r.Reversed {
				key = search.ReverseKey(term)
			}
			if utf8.RuneCountInString(term) == r.Runes && strings.HasPrefix(key, r.Prefix) {
				in = append(in, entry{key, term})
			}
		}
		slices.SortFunc(in, func(a, b entry) int { return strings.Compare(a.key, b.key) })
		if r.Limit > 0 && len(in) > r.Limit {
			in = in[:r.Limit]
		}
		for _, e := range in {
			set[e.term] = true
		}
	}
	out := []string{}
	for term := range set {
		out = append(out, term)
	}
	slices.Sort(out)
	return out
}
