package avails

import (
	"context"

	"github.com/silkbridge/silkbridge/internal/org"
	"github.com/silkbridge/silkbridge/internal/rights"
)

// OrgReader gives an organisation's names, for DisplayName (store.DB).
type OrgReader interface {
	OrgGet(ctx context.Context, slug string) (*org.Organisation, error)
}

// WithOrgs makes exports write the licensor's organisation name as
// DisplayName (without it, the organisation's slug).
func (s *Service) WithOrgs(o OrgReader) *Service {
	s.orgs = o
	return s
}

// licensorName is DisplayName: the exporting organisation's English name,
// or its name in any language, or its slug. EMA defines DisplayName as the
// licensor's name as a retailer shows it, not the title's.
func (s *Service) licensorName(ctx context.Context, slug string) string {
	if s.orgs == nil {
		return slug
	}
	o, err := s.orgs.OrgGet(ctx, slug)
	if err != nil || o == nil {
		return slug
	}
	if n := o.Names["en"]; n != "" {
		return n
	}
	best := ""
	for tag, n := range o.Names {
		if n != "" && (best == "" || tag < best) {
			best = tag
		}
	}
	if best != "" {
		return o.Names[best]
	}
	return slug
}

// mediaFormat is one exported row's medium and FormatProfile.
type mediaFormat struct {
	media  rights.Media
	format string
}

// defaultFormat is the FormatProfile of records that name none (rights
// recorded in silkbridge are not per format; the column is required).
const defaultFormat = "HD"

// mediaFormats is one row per medium and format profile of a record.
func mediaFormats(t rights.Terms) []mediaFormat {
	formats := []string{defaultFormat}
	if t.Avail != nil && len(t.Avail.FormatProfiles) > 0 {
		formats = t.Avail.FormatProfiles
	}
	var out []mediaFormat
	for _, m := range t.Media {
		for _, f := range formats {
			out = append(out, mediaFormat{m, f})
		}
	}
	return out
}

// windowOut is the Start, StartLag, End and EndLag cells: a stored
// condition (with its lag) in place of the date it stands for, Open for a
// perpetual end. A dated window has no lags: the import added them.
func windowOut(t rights.Terms) (start, startLag, end, endLag string) {
	start, end = t.Start, "Open"
	if t.End != nil {
		end = *t.End
	}
	if d := t.Avail; d != nil && d.StartCondition != "" {
		start, startLag = d.StartCondition, d.StartLag
	}
	if d := t.Avail; d != nil && d.EndCondition != "" {
		end, endLag = d.EndCondition, d.EndLag
	}
	return start, startLag, end, endLag
}
