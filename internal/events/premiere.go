package events

import (
	"fmt"
	"slices"
)

// Premiere kinds, widest first.
const (
	WorldPremiere         = "world"
	InternationalPremiere = "international"
	NationalPremiere      = "national"
)

// PremiereCheck says which premiere a screening in country is, from the
// countries of the title's earlier screenings in the hub and its production
// countries: the first anywhere is a world premiere, the first outside the
// production countries an international one, the first in the country a
// national one. Otherwise it says none.
func PremiereCheck(country string, origins, earlier []string) Check {
	c := Check{Code: PremiereStatus, Severity: Information}
	abroad := !slices.Contains(origins, country)
	earlierAbroad := false
	for _, e := range earlier {
		if !slices.Contains(origins, e) {
			earlierAbroad = true
		}
	}
	switch {
	case len(earlier) == 0:
		c.Value = WorldPremiere
	case abroad && !earlierAbroad:
		c.Value = InternationalPremiere
	case !slices.Contains(earlier, country):
		c.Value = NationalPremiere
	default:
		c.Value = ""
		c.Detail = "shown before in " + country
		return c
	}
	c.Detail = fmt.Sprintf("%s premiere", c.Value)
	return c
}
