package rights

import (
	_ "embed"
	"fmt"
	"math/bits"
	"sort"
	"strings"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

// territoryData defines WORLD and the named groups; see docs/territories.md.
//
//go:embed territories.txt
var territoryData string

// TerritorySet is a set of countries, one bit per ISO 3166-1 alpha-2 code of
// WORLD, so unions, exclusions and overlap tests are a few word operations.
type TerritorySet [4]uint64

var (
	countries    []string           // WORLD in code order; index = bit
	countryIndex = map[string]int{} // code -> bit
	groups       = map[string]TerritorySet{}
	groupOrder   []string // as defined in the data file
	aliases      = map[string]string{"WW": "WORLD", "WORLDWIDE": "WORLD"}
)

func init() {
	if err := loadTerritories(territoryData); err != nil {
		panic("rights: territories.txt: " + err.Error())
	}
}

func loadTerritories(data string) error {
	for n, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, members, ok := strings.Cut(line, ":")
		if !ok {
			return fmt.Errorf("line %d: want NAME: MEMBERS", n+1)
		}
		name = strings.TrimSpace(name)
		fields := strings.Fields(members)
		if name == "WORLD" {
			sort.Strings(fields)
			if len(fields) > 256 {
				return fmt.Errorf("line %d: WORLD has more than 256 codes", n+1)
			}
			for i, cc := range fields {
				countries = append(countries, cc)
				countryIndex[cc] = i
			}
		}
		if _, clash := countryIndex[name]; clash && name != "WORLD" {
			return fmt.Errorf("line %d: group name %q is a country code", n+1, name)
		}
		var set TerritorySet
		for _, m := range fields {
			if g, ok := groups[m]; ok {
				set = set.Union(g)
			} else if i, ok := countryIndex[m]; ok {
				set[i/64] |= 1 << (i % 64)
			} else {
				return fmt.Errorf("line %d: %q is neither a WORLD code nor an earlier group", n+1, m)
			}
		}
		if _, dup := groups[name]; dup {
			return fmt.Errorf("line %d: group %q is defined twice", n+1, name)
		}
		groups[name] = set
		groupOrder = append(groupOrder, name)
	}
	if len(countries) == 0 {
		return fmt.Errorf("no WORLD line")
	}
	return nil
}

// Countries returns every ISO 3166-1 alpha-2 code silkbridge accepts, sorted.
func Countries() []string { return append([]string(nil), countries...) }

// Groups returns the named territory groups, in the order the data file defines them.
func Groups() []string { return append([]string(nil), groupOrder...) }

// GroupMembers returns the countries of a group, sorted.
func GroupMembers(name string) []string { return groups[name].Codes() }

// Country returns the set holding one country, and whether the code is known.
func Country(cc string) (TerritorySet, bool) {
	var s TerritorySet
	i, ok := countryIndex[cc]
	if ok {
		s[i/64] |= 1 << (i % 64)
	}
	return s, ok
}

// lookupTerritory resolves a country code or group name (any case; WW is WORLD).
func lookupTerritory(name string) (string, TerritorySet, bool) {
	up := strings.ToUpper(strings.TrimSpace(name))
	if a, ok := aliases[up]; ok {
		up = a
	}
	if g, ok := groups[up]; ok {
		return up, g, true
	}
	s, ok := Country(up)
	return up, s, ok
}

// ParseTerritories resolves territories minus except into a set and returns
// the canonical spellings. Problems are reported per list element.
func ParseTerritories(field string, list, except []string) (TerritorySet, []string, []string, []apperr.FieldError) {
	var set, out TerritorySet
	var probs []apperr.FieldError
	canon := func(f string, names []string, into *TerritorySet) []string {
		res := make([]string, 0, len(names))
		seen := map[string]bool{}
		for i, n := range names {
			c, s, ok := lookupTerritory(n)
			if !ok {
				probs = append(probs, prob(fmt.Sprintf("%s[%d]", f, i), territoryHint(n)))
				continue
			}
			if !seen[c] {
				seen[c] = true
				res = append(res, c)
			}
			*into = into.Union(s)
		}
		return res
	}
	terr := canon(field, list, &set)
	prefix := strings.TrimSuffix(field, "territories")
	exc := canon(prefix+"except_territories", except, &out)
	if len(list) == 0 {
		probs = append(probs, prob(field, "at least one territory is required (a country code such as RU, or a group such as WORLD)"))
	}
	set = set.Minus(out)
	if len(probs) == 0 && set.Empty() {
		probs = append(probs, prob(prefix+"except_territories", "the exclusions leave no territory"))
	}
	return set, terr, exc, probs
}

func territoryHint(n string) string {
	switch strings.ToUpper(strings.TrimSpace(n)) {
	case "UK":
		return `"UK" is not an ISO 3166-1 code; use GB`
	case "SU":
		return `"SU" is withdrawn; use the successor countries, e.g. RU`
	}
	return fmt.Sprintf("%q is not an ISO 3166-1 alpha-2 country code or a territory group (%s)", n, strings.Join(groupOrder, ", "))
}

// Union returns s ∪ o.
func (s TerritorySet) Union(o TerritorySet) TerritorySet {
	for i := range s {
		s[i] |= o[i]
	}
	return s
}

// Minus returns s without o.
func (s TerritorySet) Minus(o TerritorySet) TerritorySet {
	for i := range s {
		s[i] &^= o[i]
	}
	return s
}

// Intersect returns s ∩ o.
func (s TerritorySet) Intersect(o TerritorySet) TerritorySet {
	for i := range s {
		s[i] &= o[i]
	}
	return s
}

// Overlaps reports whether s and o share a country.
func (s TerritorySet) Overlaps(o TerritorySet) bool {
	return s[0]&o[0] != 0 || s[1]&o[1] != 0 || s[2]&o[2] != 0 || s[3]&o[3] != 0
}

// Empty reports whether s has no country.
func (s TerritorySet) Empty() bool { return s == TerritorySet{} }

// Contains reports whether the country with bit i is in s.
func (s TerritorySet) has(i int) bool { return s[i/64]&(1<<(i%64)) != 0 }

// Has reports whether s contains a country code.
func (s TerritorySet) Has(cc string) bool {
	i, ok := countryIndex[cc]
	return ok && s.has(i)
}

// Len returns the number of countries in s.
func (s TerritorySet) Len() int {
	return bits.OnesCount64(s[0]) + bits.OnesCount64(s[1]) + bits.OnesCount64(s[2]) + bits.OnesCount64(s[3])
}

// Codes returns the countries of s, sorted.
func (s TerritorySet) Codes() []string {
	out := make([]string, 0, s.Len())
	for i, cc := range countries {
		if s.has(i) {
			out = append(out, cc)
		}
	}
	return out
}

// indexes returns the bits set in s.
func (s TerritorySet) indexes() []int {
	out := make([]int, 0, s.Len())
	for w, word := range s {
		for word != 0 {
			b := bits.TrailingZeros64(word)
			out = append(out, w*64+b)
			word &^= 1 << b
		}
	}
	return out
}
