package search

import (
	"slices"
	"testing"
)

// A rebuild holds every word back from its batch and keeps each once, in
// the order first seen, for SearchVocabularyAdd at the end.
func TestRebuildVocabularyHoldsEachWordOnce(t *testing.T) {
	v := newRebuildVocabulary()
	doc := func(terms ...string) Doc { return Doc{Keys: Keys{Terms: terms}} }

	first := []Doc{doc("silk", "road"), doc("road", "caravan")}
	v.holdBack(first)
	second := []Doc{doc("silk", "lantern"), doc("caravan")}
	v.holdBack(second)
	for _, d := range append(first, second...) {
		if len(d.Keys.Terms) != 0 {
			t.Fatalf("a batch still sends %v", d.Keys.Terms)
		}
	}
	if want := []string{"silk", "road", "caravan", "lantern"}; !slices.Equal(v.held, want) {
		t.Fatalf("held %v, want %v", v.held, want)
	}
}

// Past the bound on remembered words, a new word goes with its batch, every
// time it comes, and the words held before stay held.
func TestRebuildVocabularyPastTheBoundSendsWithTheBatch(t *testing.T) {
	v := newRebuildVocabulary()
	v.holdBack([]Doc{{Keys: Keys{Terms: []string{"silk"}}}})
	for i := range maxRemembered - 1 {
		v.seen[uint64(i)+1<<40] = struct{}{}
	}
	for range 2 {
		batch := []Doc{{Keys: Keys{Terms: []string{"silk", "lantern"}}}}
		v.holdBack(batch)
		if !slices.Equal(batch[0].Keys.Terms, []string{"lantern"}) {
			t.Fatalf("past the bound the batch sends %v, want [lantern]", batch[0].Keys.Terms)
		}
	}
	if !slices.Equal(v.held, []string{"silk"}) {
		t.Fatalf("held %v, want [silk]", v.held)
	}
}
