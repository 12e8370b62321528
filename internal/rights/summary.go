package rights

// Summaries let interfaces label a set of countries or media the way a
// contract would ("World except Russia", "All media except free TV")
// instead of listing 248 countries or eleven media.

// maxExcept is how many exclusions a summary may name before it stops
// being shorter than the list.
const maxExcept = 6

// SummariseTerritories expresses a list of country codes as a group less a
// few countries when one fits (the group needing fewest exclusions, WORLD
// included), else returns the countries themselves with no exclusions.
func SummariseTerritories(codes []string) (base, except []string) {
	var set TerritorySet
	for _, c := range codes {
		if s, ok := Country(c); ok {
			set = set.Union(s)
		}
	}
	best, bestMissing := "", []string(nil)
	for _, g := range groupOrder {
		gs := groups[g]
		if !set.Minus(gs).Empty() {
			continue // the group does not cover every country
		}
		missing := gs.Minus(set).Codes()
		if len(missing) > maxExcept || (best != "" && len(missing) >= len(bestMissing)) {
			continue
		}
		if len(missing) >= set.Len() {
			continue // listing the countries is shorter
		}
		best, bestMissing = g, missing
	}
	if best == "" {
		return set.Codes(), nil
	}
	return []string{best}, bestMissing
}

// SummariseMedia expresses a list of media as "all media except" the ones
// missing when more than half are present: all is true and except lists the
// missing ones (empty for every medium). Otherwise all is false.
func SummariseMedia(list []Media) (all bool, except []Media) {
	var set MediaSet
	for _, m := range list {
		if b, ok := MediaBit(m); ok {
			set |= b
		}
	}
	if n := len(set.List()); n*2 <= len(AllMedia) {
		return false, nil
	}
	for _, m := range AllMedia {
		if b, _ := MediaBit(m); set&b == 0 {
			except = append(except, m)
		}
	}
	return true, except
}
