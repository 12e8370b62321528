package web

import (
	"strings"

	"github.com/silkbridge/silkbridge/internal/rights"
)

// territorySummary labels a timeline row's countries as a contract would:
// "Worldwide except Russia, Belarus", "EU", or the countries (three, then
// "and N more").
func territorySummary(b *Base, codes []string) string {
	base, except := rights.SummariseTerritories(codes)
	if len(base) != 1 || len(base[0]) == 2 {
		return territoryList(b, base, 3)
	}
	label := groupName(b, base[0])
	if len(except) == 0 {
		return label
	}
	return b.T("desk.tl.except", "Base", label, "List", territoryList(b, except, 6))
}

// mediaSummary labels a row's media: "All media", "All media except Free
// TV", or the media listed.
func mediaSummary(b *Base, media []rights.Media) string {
	all, except := rights.SummariseMedia(media)
	names := func(ms []rights.Media) string {
		out := make([]string, len(ms))
		for i, m := range ms {
			out[i] = b.T("rights.media." + string(m))
		}
		return strings.Join(out, b.T("terms.listsep"))
	}
	switch {
	case all && len(except) == 0:
		return b.T("rights.allmedia")
	case all:
		return b.T("desk.tl.allmediaexcept", "List", names(except))
	}
	return names(media)
}

// recordOf finds the record behind a timeline segment, so tapping a bar
// leads to its row: the licence or holding in the way (Ref), else the first
// holding of the holder who could grant it whose window covers the segment.
func recordOf(holdings []*rights.Holding) func(rights.Segment) string {
	return func(s rights.Segment) string {
		if s.Ref != "" {
			return s.Ref
		}
		if s.Holder == "" {
			return ""
		}
		for _, h := range holdings {
			if h.Holder == s.Holder && h.Start <= s.Start && (h.End == nil || *h.End >= s.Start) {
				return h.ID
			}
		}
		return ""
	}
}
