package store

import (
	"slices"
	"testing"

	"github.com/silkbridge/silkbridge/internal/search"
)

// TestSameLists: two single keys of the driver with counts within a tenth
// of each other, both of at least sameListsFrom and below the cap, are
// paired (the later one skips the earlier one's people); nothing is paired
// when an entry takes a single test, or for counts far apart, small,
// capped, or of an alternative of several keys.
func TestSameLists(t *testing.T) {
	one := func(k string) search.Alt { return search.Alt{Keys: []string{k}} }
	alts := []search.Alt{one("~oleg"), one("^oleg"), one("^ole"), {Keys: []string{"^ol", "^eg"}}}
	for _, c := range []struct {
		name   string
		counts [][]int64
		tests  int
		want   []int
	}{
		{"equal", [][]int64{{2539}, {2539}, {3}, {600, 700}}, 3, []int{-1, 0, -1, -1}},
		{"within a tenth", [][]int64{{1000}, {910}, {950}, {950, 950}}, 2, []int{-1, 0, 0, -1}},
		{"one test per entry", [][]int64{{2539}, {2539}, {0}, {0, 0}}, 1, nil},
		{"far apart", [][]int64{{2539}, {2000}, {0}, {0, 0}}, 3, nil},
		{"small", [][]int64{{300}, {300}, {0}, {0, 0}}, 3, nil},
		{"capped", [][]int64{{driverCountCap}, {driverCountCap}, {0}, {0, 0}}, 3, nil},
	} {
		if got := sameLists(alts, c.counts, c.tests); !slices.Equal(got, c.want) {
			t.Errorf("%s: sameLists = %v, want %v", c.name, got, c.want)
		}
	}
}
