package rights

// MarkOwn flags the reasons whose licence in the way is org's own: granted to
// it (its licensee) or by it (the holder that licensed it). Interfaces say so
// ("your own exclusive licence") instead of naming the reader as a stranger.
func MarkOwn(org string, rs []Reason) {
	for i := range rs {
		switch rs[i].Code {
		case ExclusiveLicence, NonExclusiveLicence:
			rs[i].Own = org != "" && (rs[i].Licensee == org || rs[i].Holder == org)
		}
	}
}
