package web

import (
	"github.com/silkbridge/silkbridge/internal/rights"
)

// deskReason words one availability obstacle (or rights conflict) in the
// reader's language: organisations by their display name, territories by
// name (groups and "worldwide except …" summarised), and a licence that is
// the reader's own said to be so, since "licensed exclusively to VGTRK" reads
// oddly to VGTRK.
func deskReason(b *Base, name func(string) string, me string, rs rights.Reason) string {
	where := territoryList(b, rs.Territories, 4)
	end := b.T("rights.perpetual")
	if rs.End != nil {
		end = b.PartialDate(*rs.End)
	}
	window := b.T("rights.window", "Start", b.PartialDate(rs.Start), "End", end)
	args := []any{"Holder", name(rs.Holder), "Licensee", name(rs.Licensee), "Where", where,
		"Media", b.T("rights.media." + string(rs.Media)), "Window", window, "End", end}
	key := "desk.reason." + string(rs.Code)
	switch rs.Code {
	case rights.NoRights:
		if rs.Holder == "" {
			key += ".nobody"
		}
	case rights.ExclusiveLicence, rights.NonExclusiveLicence:
		switch {
		case rs.Licensee != "" && rs.Licensee == me:
			key += ".yours"
		case rs.Holder == me || rs.Own: // Own: the service marked it the reader's (conflicts too)
			key += ".granted"
		}
	case rights.StartConditional, rights.EndConditional:
		// The window waits on an event (conditions.<lang>.json).
		key = "conditions.reason." + string(rs.Code)
		if rs.Licensee != "" {
			key += ".licence"
		}
		args = append(args, "Condition", conditionName(b, rs.Condition))
	case rights.OutsideWindow, rights.LanguageNotHeld, rights.HoldingNotExclusive,
		rights.HoldbackCode, rights.ExclusiveHolding, rights.LicenceDepends, codeAvailable:
	default:
		key = "desk.reason.other"
	}
	return b.T(key, args...)
}

// conditionName words an MDDF DateTimeCondition ("the theatrical release").
func conditionName(b *Base, cond string) string {
	if cond == "" {
		cond = "TBD"
	}
	return b.T("conditions.event." + cond)
}

// codeAvailable words a part that can be granted (an available period).
const codeAvailable rights.Code = "available"

// reasonsOf returns the reasons carried by a rights conflict (apperr.Error.Refs).
func reasonsOf(refs []any) []rights.Reason {
	var out []rights.Reason
	for _, r := range refs {
		if rs, ok := r.(rights.Reason); ok {
			out = append(out, rs)
		}
	}
	return out
}
