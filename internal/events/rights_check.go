package events

import (
	"fmt"
	"slices"

	"github.com/silkbridge/silkbridge/internal/rights"
)

// ScreeningMedia are the rights that allow a festival screening.
var ScreeningMedia = []rights.Media{rights.Festival, rights.Theatrical}

// RightsCheck reports no_rights unless the organiser or a partner holds, or
// is licensed, festival or theatrical rights for the venue's country on the
// screening's local date. The availability engine's reasons for festival
// use that day are attached, so the editor sees why.
func RightsCheck(e *Event, v *Venue, s *Screening, f *rights.Family) *Check {
	day := s.Day()
	orgs := append([]string{e.Organiser}, e.Partners...)
	if f != nil && Entitled(f, s.TitleID, orgs, v.Country, day) {
		return nil
	}
	c := &Check{Code: NoRights, Severity: Blocking,
		Detail: fmt.Sprintf("neither %s nor a partner holds festival or theatrical rights in %s on %s", e.Organiser, v.Country, day)}
	if f == nil {
		return c
	}
	q := rights.Query{Territories: []string{v.Country}, Media: []rights.Media{rights.Festival}, Start: day, End: &day, Match: rights.Overlap}
	if r, err := q.Compile(); err == nil {
		if res, err := rights.Evaluate(f, s.TitleID, r); err == nil {
			c.Reasons = res.Reasons
		}
	}
	return c
}

// Entitled reports whether one of orgs holds (confirmed) or is licensed
// screening rights on title id, its season or series, in country on day.
func Entitled(f *rights.Family, id string, orgs []string, country, day string) bool {
	chain := map[string]bool{}
	for t := id; t != "" && !chain[t]; t = f.Parent[t] {
		chain[t] = true
	}
	for _, h := range f.Holdings {
		if chain[h.TitleID] && h.Counts() && slices.Contains(orgs, h.Holder) && covers(&h.Terms, country, day) {
			return true
		}
	}
	for _, l := range f.Licences {
		if chain[l.TitleID] && slices.Contains(orgs, l.Licensee) && covers(&l.Terms, country, day) {
			return true
		}
	}
	return false
}

// covers reports whether terms allow festival or theatrical use in country
// on day, with no holdback keeping that use out.
func covers(t *rights.Terms, country, day string) bool {
	if day < t.Start || (t.End != nil && day > *t.End) || !t.TerritoryBits().Has(country) {
		return false
	}
	ms := t.MediaBits()
	for _, m := range ScreeningMedia {
		bit, _ := rights.MediaBit(m)
		if ms&bit == 0 || heldBack(t.Holdbacks, m, country, day) {
			continue
		}
		return true
	}
	return false
}

func heldBack(hbs []rights.Holdback, m rights.Media, country, day string) bool {
	for _, hb := range hbs {
		if day >= hb.Until || !slices.Contains(hb.Media, m) {
			continue
		}
		set, _, _, probs := rights.ParseTerritories("holdback", hb.Territories, hb.ExceptTerritories)
		if len(probs) == 0 && set.Has(country) {
			return true
		}
	}
	return false
}
