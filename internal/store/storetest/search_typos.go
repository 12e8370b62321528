package storetest

import (
	"testing"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/demo"
	"github.com/silkbridge/silkbridge/internal/search"
	"github.com/silkbridge/silkbridge/internal/store"
)

func init() { Register("SearchTypos", exerciseSearchTyposSmall) }

// exerciseSearchTyposSmall searches the four demo films, a catalogue whose
// vocabulary is a few dozen words, with the typos people make.
func exerciseSearchTyposSmall(t *testing.T, open func(t testing.TB) *store.DB) {
	b := NewSearchBundle(t, open(t))
	id := map[string]string{} // English title → id
	for _, dt := range demo.Titles {
		f := dt.Fields
		f.Visibility = catalog.VisibilityPublic
		id[f.Localizations["en"].Title] = b.Create(t, dt.Owner, f).ID
	}
	// A word of some other title that is also a typo of a demo title's word,
	// as "slik" ("such" in Norwegian) would be in a large catalogue.
	id["Slik"] = b.Create(t, "cmg", TitleFields("Slik", catalog.VisibilityPublic)).ID
	b.Sync(t)

	const (
		redSilk = "Red Silk"
		parents = "My Country, My Parents"
		chinaTn = "Detective Chinatown 1900"
		lisbon  = "The Sinking of the Lisbon Maru"
	)
	cases := []struct{ q, want, why string }{
		{"Red Slik", redSilk, "swapped letters in a four-letter word that another title has"},
		{"Красный шолк", redSilk, "о for ё after ш"},
		{"Lisbon Maro", lisbon, "substitution in a four-letter word"},
		{"шолк", redSilk, "о for ё, alone"},
		{"красный шелк", redSilk, "е for ё"},
		{"Lisbno", lisbon, "swap at the end"},
		{"Lsbon Maru", lisbon, "missing letter"},
		{"Lisbonn", lisbon, "extra letter"},
		{"Detectiv Chinatwon", chinaTn, "missing letter and swap"},
		{"Детектив Чайнатаун", chinaTn, "Cyrillic, no typo"},
		{"Чайнатан", chinaTn, "Cyrillic missing letter"},
		{"Моя страна мои родетели", parents, "Cyrillic substitution"},
		{"My Contry", parents, "missing letter"},
		{"Гибель Лисабон", lisbon, "Cyrillic missing double letter"},
		{"红丝稠", redSilk, "a homophone of 绸"},
		{"里斯本丸沉默", lisbon, "a homophone of 没"},
	}
	for _, c := range cases {
		for _, suggest := range []bool{false, true} {
			var hits []search.Hit
			if suggest {
				h, err := b.Search.Suggest(As("other", auth.RoleViewer), c.q, []string{"ru"})
				if err != nil {
					t.Fatalf("suggest %q: %v", c.q, err)
				}
				hits = h
			} else {
				hits = b.Find(t, "other", c.q, search.Filter{}).Hits
			}
			if len(hits) == 0 || hits[0].ID != id[c.want] {
				var got []string
				for _, h := range hits {
					got = append(got, h.Title)
				}
				t.Errorf("%q (%s, suggest=%v) found %q, want %s first", c.q, c.why, suggest, got, c.want)
			}
		}
	}
	// A word that is in the vocabulary and finds something is taken as typed.
	if hits := b.Find(t, "other", "slik", search.Filter{}).Hits; len(hits) != 1 || hits[0].ID != id["Slik"] {
		t.Errorf("slik found %v, want only the title Slik", hits)
	}
}
