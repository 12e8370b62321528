package store

import (
	"context"
	"strconv"
	"strings"

	"github.com/silkbridge/silkbridge/internal/search"
)

// driverCountCap bounds the index entries counted per key or prefix when
// choosing how to answer a people query: above it a word is common, and the
// count reads at most this many entries of the key index in order (a few
// milliseconds for the commonest surnames).
const driverCountCap = 8192

// commonCost is what a key or prefix counted at driverCountCap weighs when
// terms are compared: more than any term of uncapped counts is likely to.
const commonCost = 16 * driverCountCap

// peoplePlan is how SearchPeople answers a query: which term's people are
// read first, and for each of that term's alternatives which key leads.
type peoplePlan struct {
	driver int
	lead   []int // per alternative of the driver: index of its rarest key
}

// planPeople counts, in one statement, each key's index entries (up to
// driverCountCap) and each prefix's, and picks the term with the fewest
// as the driver: the surname comes first in most queries and is the
// commonest word in them (李 is one person in fourteen), so "li yongdan"
// read every Li and tested each for "yongdan", 35,000 look-ups for a handful
// of matches, where reading the 48 Yongdans and testing each for "li" costs
// 48. An alternative of several keys (a name split into syllables) is led by
// its rarest key. When every term reaches the cap the first exact term
// drives, as its entries are read in id order and the read stops at the
// page.
func (db *DB) planPeople(ctx context.Context, f search.PeopleFind) (peoplePlan, error) {
	var cols []string
	var args []any
	count := func(cond string, a ...any) {
		cols = append(cols, `(SELECT COUNT(*) FROM (SELECT 1 FROM person_search_keys WHERE `+cond+
			` LIMIT `+strconv.Itoa(driverCountCap)+`) AS c`+strconv.Itoa(len(cols))+`)`)
		args = append(args, a...)
	}
	// With one term there is no driver to choose, only lead keys.
	single := len(f.Terms) == 1
	for i, alts := range f.Terms {
		for _, a := range alts {
			for _, k := range a.Keys {
				if single && len(a.Keys) == 1 {
					cols = append(cols, `0`)
					continue
				}
				count(`search_key = ?`, k)
			}
		}
		if i < len(f.Prefix) && !single {
			for _, p := range f.Prefix[i] {
				count(`search_key >= ? AND search_key < ?`, p, p+"\U0010FFFF")
			}
		}
	}
	counts := make([]int64, len(cols))
	if len(args) > 0 {
		dest := make([]any, len(counts))
		for i := range counts {
			dest[i] = &counts[i]
		}
		if err := db.reader().queryRow(ctx, `SELECT `+strings.Join(cols, ", "), args...).Scan(dest...); err != nil {
			return peoplePlan{}, interpretError(err)
		}
	}
	// A term's cost is the entries its branches may read: the sum of its
	// alternatives' lead keys and its prefixes. A count at the cap is only a
	// lower bound (李 has 148,000 entries), so it weighs as commonCost: a
	// term known to read 9,000 entries beats one that reads at least 8,192.
	first := -1
	var plans []peoplePlan
	var costs []int64
	c := 0
	weigh := func(n int64) int64 {
		if n >= driverCountCap {
			return commonCost
		}
		return n
	}
	for i, alts := range f.Terms {
		p := peoplePlan{driver: i, lead: make([]int, len(alts))}
		var cost int64
		for j, a := range alts {
			best := int64(-1)
			for k := range a.Keys {
				if best < 0 || counts[c] < best {
					best, p.lead[j] = counts[c], k
				}
				c++
			}
			cost += weigh(max(best, 0))
		}
		exact := true
		if i < len(f.Prefix) && !single {
			for range f.Prefix[i] {
				cost += weigh(counts[c])
				c++
				exact = false
			}
		}
		if exact && first < 0 {
			first = i
		}
		plans, costs = append(plans, p), append(costs, cost)
	}
	driver := max(first, 0)
	for i, n := range costs {
		if n < costs[driver] {
			driver = i
		}
	}
	return plans[driver], nil
}
