package store

import (
	"context"
	"database/sql"
	"slices"
	"strconv"

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
	// sameAs is, per alternative of the driver, an earlier one that most
	// likely lists the same people (sameLists), or -1; nil for none.
	sameAs []int
	// merge says the query is answered by merging sorted id lists
	// (searchPeopleMerged) rather than by testing every driver entry, and
	// rangeKeys holds the keys of the prefix ranges it reads key by key.
	merge     bool
	rangeKeys map[string][]string
	// keyCounts and prefixCounts are the counts the plan was made from, per
	// term and alternative or prefix range; nil for a one-word query, whose
	// keys are not all counted. SearchPeople leaves out what was counted
	// empty: the romanization class of a Cyrillic word's prefix (^цзя) is
	// empty, yet every entry that failed цзя was tested for it, a second
	// seek for most entries of "Ли Цзя". A person given such a key in the
	// milliseconds since the count is found by the next query.
	keyCounts    [][][]int64
	prefixCounts [][]int64
}

// altEmpty and prefixEmpty say whether alternative j or prefix range j of
// term i was counted empty, so the plan leaves it out.
func (p peoplePlan) altEmpty(i, j int) bool {
	return p.keyCounts != nil && slices.Contains(p.keyCounts[i][j], 0)
}

func (p peoplePlan) prefixEmpty(i, j int) bool {
	return p.prefixCounts != nil && p.prefixCounts[i][j] == 0
}

// mergeFrom is the driver's counted cost from which a query may be
// answered by merging id lists: below it the per-entry tests cost little.
const mergeFrom = 2048

// probeRows is what an index look-up costs in entries read in order: a
// test of a driver entry is a seek from the index's root (about 2.5 µs on
// SQLite), an entry of a list read in order about 1 µs.
const probeRows = 2

// wantMerge says whether merging the terms' id lists (reading every key
// and prefix list of every term once, in id order) costs less than testing
// each of the driver's entries for the other terms, and returns the keys of
// the prefix ranges it reads key by key. The merge reads at most the
// entries counted. A prefix range counted below the cap is collected whole
// before the merge; one counted at the cap ("smith…": 11,338 entries, all
// of the key "smith") is read as its keys, when it has at most rangeKeysMax
// of them. Keys counted at the cap, and those ranges' keys, are counted
// again up to bigCountCap, in one statement, only when the lists counted
// below the cap leave room for them; a key reaching bigCountCap keeps the
// per-entry tests.
func (db *DB) wantMerge(ctx context.Context, f search.PeopleFind, driver int, driverCost int64, keyCounts [][][]int64, prefixCounts [][]int64) (bool, map[string][]string, error) {
	if len(f.Terms) < 2 || driverCost < mergeFrom || driverCost >= commonCost {
		// Few entries to test, or a driver of unknown size (counted at
		// the cap): the per-entry tests stop at the page, as a merge
		// would, and nothing bounds what a merge reads.
		return false, nil, nil
	}
	var rows int64
	var big, bigKeys []string
	for i, alts := range f.Terms {
		for j, a := range alts {
			if len(a.Keys) == 0 || len(a.Keys) == 1 && inPrefixes(a.Keys[0], f.Prefix, i) {
				continue // the term's prefix range holds it
			}
			for k, n := range keyCounts[i][j] {
				if n >= driverCountCap {
					bigKeys = append(bigKeys, a.Keys[k])
				} else {
					rows += n
				}
			}
		}
		for k, n := range prefixCounts[i] {
			if n >= driverCountCap {
				big = append(big, f.Prefix[i][k])
			} else {
				rows += n
			}
		}
	}
	budget := driverCost * int64(max(testsPerEntry(f, driver), 1)) * probeRows
	if rows >= budget {
		return false, nil, nil
	}
	if len(big) == 0 && len(bigKeys) == 0 {
		return true, nil, nil
	}
	keys := map[string][]string{}
	all := bigKeys
	for _, p := range big {
		ks, err := db.rangeKeys(ctx, p)
		if err != nil || len(ks) > rangeKeysMax {
			return false, nil, err
		}
		keys[p] = ks
		all = append(all, ks...)
	}
	reqs := make([]countReq, len(all))
	for i, k := range all {
		reqs[i] = countReq{key: k, limit: bigCountCap}
	}
	counts, err := db.countKeys(ctx, reqs)
	if err != nil {
		return false, nil, err
	}
	for _, n := range counts {
		if n >= bigCountCap {
			return false, nil, nil
		}
		rows += n
	}
	if rows >= budget {
		return false, nil, nil
	}
	return true, keys, nil
}

// keyCount is a column counting the key index's entries matching cond, up
// to limit (reading at most that many entries); n names its subquery.
func keyCount(cond string, limit, n int) string {
	return `(SELECT COUNT(*) FROM (SELECT 1 FROM person_search_keys WHERE ` + cond +
		` LIMIT ` + strconv.Itoa(limit) + `) AS c` + strconv.Itoa(n) + `)`
}

// rangeKeysMax is how many keys a prefix range counted at the cap may hold
// for a merge to read it key by key; bigCountCap bounds the entries such
// keys are counted to (a few milliseconds).
const (
	rangeKeysMax = 4
	bigCountCap  = 8 * driverCountCap
)

// rangeKeys returns the distinct keys of the prefix range p, up to one more
// than rangeKeysMax: one seek each.
func (db *DB) rangeKeys(ctx context.Context, p string) ([]string, error) {
	var out []string
	from, op := p, ">="
	for len(out) <= rangeKeysMax {
		var k sql.NullString
		if err := db.reader().queryRow(ctx, `SELECT MIN(search_key) FROM person_search_keys WHERE search_key `+op+` ? AND search_key < ?`,
			from, p+"\U0010FFFF").Scan(&k); err != nil {
			return nil, interpretError(err)
		}
		if !k.Valid {
			break
		}
		out = append(out, k.String)
		from, op = k.String, ">"
	}
	return out, nil
}

// weighCount is what a key or prefix counted at n weighs: a count at the
// cap is only a lower bound (李 has 148,000 entries), so it weighs as
// commonCost.
func weighCount(n int64) int64 {
	if n >= driverCountCap {
		return commonCost
	}
	return n
}

// planPeople counts, in one statement, each key's index entries (up to
// driverCountCap) and each prefix's (those this process counted a moment
// ago are remembered: countKeys), and picks the term with the fewest
// as the driver: the surname comes first in most queries and is the
// commonest word in them (李 is one person in fourteen), so "li yongdan"
// read every Li and tested each for "yongdan", 35,000 look-ups for a handful
// of matches, where reading the 48 Yongdans and testing each for "li" costs
// 48. An alternative of several keys (a name split into syllables) is led by
// its rarest key. When every term reaches the cap the first exact term
// drives, as its entries are read in id order and the read stops at the
// page.
func (db *DB) planPeople(ctx context.Context, f search.PeopleFind) (peoplePlan, error) {
	// With one term there is no driver to choose, only lead keys: a
	// single-key alternative needs no count (it stays 0).
	var reqs []countReq
	var slots []int // the counts' index of each request
	n := 0
	single := len(f.Terms) == 1
	for i, alts := range f.Terms {
		for _, a := range alts {
			for _, k := range a.Keys {
				if !single || len(a.Keys) > 1 {
					reqs, slots = append(reqs, countReq{key: k, limit: driverCountCap}), append(slots, n)
				}
				n++
			}
		}
		if i < len(f.Prefix) && !single {
			for _, p := range f.Prefix[i] {
				reqs, slots = append(reqs, countReq{key: p, prefix: true, limit: driverCountCap}), append(slots, n)
				n++
			}
		}
	}
	got, err := db.countKeys(ctx, reqs)
	if err != nil {
		return peoplePlan{}, err
	}
	counts := make([]int64, n)
	for j, i := range slots {
		counts[i] = got[j]
	}
	// A term's cost is the entries its branches may read: the sum of its
	// alternatives' lead keys and its prefixes. A count at the cap is only a
	// lower bound (李 has 148,000 entries), so it weighs as commonCost: a
	// term known to read 9,000 entries beats one that reads at least 8,192.
	first := -1
	var plans []peoplePlan
	var costs []int64
	c := 0
	weigh := weighCount
	keyCounts := make([][][]int64, len(f.Terms))
	prefixCounts := make([][]int64, len(f.Terms))
	for i, alts := range f.Terms {
		p := peoplePlan{driver: i, lead: make([]int, len(alts))}
		var cost int64
		keyCounts[i] = make([][]int64, len(alts))
		for j, a := range alts {
			best := int64(-1)
			for k := range a.Keys {
				if best < 0 || counts[c] < best {
					best, p.lead[j] = counts[c], k
				}
				keyCounts[i][j] = append(keyCounts[i][j], counts[c])
				c++
			}
			cost += weigh(max(best, 0))
		}
		exact := true
		if i < len(f.Prefix) && !single {
			for range f.Prefix[i] {
				cost += weigh(counts[c])
				prefixCounts[i] = append(prefixCounts[i], counts[c])
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
	p := plans[driver]
	if !single {
		p.keyCounts, p.prefixCounts = keyCounts, prefixCounts
	}
	p.sameAs = sameLists(f.Terms[driver], keyCounts[driver], testsPerEntry(f, driver))
	p.merge, p.rangeKeys, err = db.wantMerge(ctx, f, driver, costs[driver], keyCounts, prefixCounts)
	return p, err
}

// sameListsFrom is the fewest entries two of the driver's alternatives must
// each have for sameLists to pair them: below it the tests cost little.
const sameListsFrom = 512

// sameLists says, per alternative of the driver, which earlier alternative
// most likely lists the same people (-1 for none): two single keys whose
// counts are within a tenth of each other. A person's name is usually
// stored in several scripts, so a word's stem and its romanization list the
// same people ("oleg" is the stem ~oleg of Oleg and the romanization ^oleg
// of Олег: 2,539 people each), and every entry of the second was tested
// again for the other words, up to three seeks each. SearchPeople skips, in
// the second, a person the first lists, at one seek. Only worth it when an
// entry takes more than one test, and never applied to a count at the cap
// (unknown size).
func sameLists(alts []search.Alt, counts [][]int64, tests int) []int {
	if tests < 2 {
		return nil
	}
	out := make([]int, len(alts))
	found := false
	for j, a := range alts {
		out[j] = -1
		if len(a.Keys) != 1 {
			continue
		}
		for k := range j {
			if len(counts[k]) != 1 {
				continue
			}
			lo, hi := min(counts[j][0], counts[k][0]), max(counts[j][0], counts[k][0])
			if lo >= sameListsFrom && hi < driverCountCap && 10*(hi-lo) <= hi {
				out[j], found = k, true
				break
			}
		}
	}
	if !found {
		return nil
	}
	return out
}

// testsPerEntry is how many look-ups a driver entry that matches no other
// term costs: one per key of every other term's alternatives and per
// prefix range (keys a term's own range holds are not tested apart).
func testsPerEntry(f search.PeopleFind, driver int) int {
	n := 0
	for i, alts := range f.Terms {
		if i == driver {
			continue
		}
		for _, a := range alts {
			if len(a.Keys) == 1 && inPrefixes(a.Keys[0], f.Prefix, i) {
				continue
			}
			n += len(a.Keys)
		}
		if i < len(f.Prefix) {
			n += len(f.Prefix[i])
		}
	}
	return n
}
