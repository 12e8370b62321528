package rights

// licensedTo returns the licences on the chain granted to holder, which make
// it a holder of what they license (so a licensee sub-licenses without
// recording a holding, let alone a claim), and the set of licences its
// rights came through: those, and recursively the licences granted to their
// licensors. Those licences do not block holder's own grants: a licence to
// kinopoisk is no obstacle to kinopoisk sub-licensing it, nor is the licence
// its licensor got from the owner. holder's own grants are never among them,
// so a licence it granted always binds it, even around a circle of licences.
func licensedTo(f *Family, chain map[string]bool, holder string) ([]*Licence, map[string]bool) {
	var direct []*Licence
	up := map[string]bool{}
	orgs := map[string]bool{holder: true}
	for changed := true; changed; {
		changed = false
		for _, l := range f.Licences {
			if up[l.ID] || !chain[l.TitleID] || l.Licensor == holder || !orgs[l.Licensee] {
				continue
			}
			if l.Licensee == holder {
				direct = append(direct, l)
			}
			up[l.ID], orgs[l.Licensor], changed = true, true, true
		}
	}
	return direct, up
}
