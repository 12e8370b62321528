package search

import (
	"slices"
	"testing"
)

// A rebuild sends each word to the vocabulary once: words of a written batch
// are left out of later batches; new ones, and every word of a batch whose
// write failed, are sent again.
func TestRebuildVocabularySendsEachWordOnce(t *testing.T) {
	v := newRebuildVocabulary()
	doc := func(terms ...string) Doc { return Doc{Keys: Keys{Terms: terms}} }

	first := []Doc{doc("silk", "road"), doc("road", "caravan")}
	added := v.onlyNew(first)
	if !slices.Equal(first[0].Keys.Terms, []string{"silk", "road"}) || !slices.Equal(first[1].Keys.Terms, []string{"road", "caravan"}) {
		t.Fatalf("first batch trimmed: %v %v", first[0].Keys.Terms, first[1].Keys.Terms)
	}
	if len(added) != 3 {
		t.Fatalf("%d words to remember, want 3", len(added))
	}
	v.remember(added)

	second := []Doc{doc("silk", "lantern"), doc("caravan")}
	added = v.onlyNew(second)
	if !slices.Equal(second[0].Keys.Terms, []string{"lantern"}) || len(second[1].Keys.Terms) != 0 {
		t.Fatalf("second batch sends %v %v, want [lantern] []", second[0].Keys.Terms, second[1].Keys.Terms)
	}
	// The second batch's write failed: nothing remembered, lantern sent again.
	_ = added
	third := []Doc{doc("lantern", "road")}
	v.onlyNew(third)
	if !slices.Equal(third[0].Keys.Terms, []string{"lantern"}) {
		t.Fatalf("after a failed write: %v, want [lantern]", third[0].Keys.Terms)
	}
}
