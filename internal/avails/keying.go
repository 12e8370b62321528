package avails

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/silkbridge/silkbridge/internal/rights"
)

// Keying. EMA's AvailID is a transaction id, and avails group by ALID: one
// AvailID may head rows for several media, format profiles and terms. Rows
// of one AvailID and title that agree on every rights term (territories,
// exclusions, window, exclusivity, languages, licensee, EntryType) are one
// record: their media and format profiles are merged (FormatProfile is not
// a rights dimension: an HD and an SD row grant the same rights). Rows that
// differ in a rights term (Exclusive Yes for one territory, No for another)
// are separate records. A record's key is its AvailID when the file holds
// one group for that AvailID and title, and AvailID + "#sb:" + a digest of
// its terms when it holds several, so importing the same file again
// replaces each record rather than adding one. Export writes the AvailID
// without the suffix, which the next import derives again.

// groupKey says which rows make one record.
type groupKey struct {
	availID, title, terms string
}

// keySuffix marks a key made for one of several groups of an AvailID.
var keySuffix = regexp.MustCompile(`#sb:[0-9a-f]{8}$`)

// baseAvailID is the AvailID a stored key was made from.
func baseAvailID(key string) string { return keySuffix.ReplaceAllString(key, "") }

// termsKey is the rights terms of an item as one comparable string.
func termsKey(it *rights.ImportItem) string {
	t := it.Terms
	end := "open"
	if t.End != nil {
		end = *t.End
	}
	sc, ec := "", ""
	if d := t.Avail; d != nil {
		sc, ec = strings.TrimSuffix(d.StartCondition+"+"+d.StartLag, "+"), strings.TrimSuffix(d.EndCondition+"+"+d.EndLag, "+")
	}
	return strings.Join([]string{strings.ToUpper(strings.Join(t.Territories, ",")), strings.ToUpper(strings.Join(t.ExceptTerritories, ",")),
		t.Start, sc, end, ec, strconv.FormatBool(t.Exclusive), strings.Join(t.Languages, ","), it.Licensee,
		strconv.FormatBool(it.Delete)}, "|")
}

// splitKey is the key of one of several groups of an AvailID.
func splitKey(availID, terms string) string {
	sum := sha256.Sum256([]byte(terms))
	return availID + "#sb:" + hex.EncodeToString(sum[:4])
}

// mergeInto adds the media and format profiles of a further row of the
// same record.
func mergeInto(dst *rights.ImportItem, it rights.ImportItem) {
	for _, m := range it.Terms.Media {
		if !slices.Contains(dst.Terms.Media, m) {
			dst.Terms.Media = append(dst.Terms.Media, m)
		}
	}
	dst.Problems = append(dst.Problems, it.Problems...)
	if it.Terms.Avail == nil {
		return
	}
	if dst.Terms.Avail == nil {
		a := it.Terms.Avail
		dst.Terms.Avail = &rights.AvailDetail{StartCondition: a.StartCondition, EndCondition: a.EndCondition, StartLag: a.StartLag, EndLag: a.EndLag}
	}
	for _, f := range it.Terms.Avail.FormatProfiles {
		if !slices.Contains(dst.Terms.Avail.FormatProfiles, f) {
			dst.Terms.Avail.FormatProfiles = append(dst.Terms.Avail.FormatProfiles, f)
		}
	}
}

// lagCell reads StartLag or EndLag (an ISO 8601 duration such as P30D).
// Beside a condition it is kept, to count from the event's date once known
// (and exported again); beside a date it is added to the date, which is
// then the window's end; with an open end it has nothing to count from.
func lagCell(row Row, col, cond string, date *string, bad func(col, format string, args ...any)) string {
	v := strings.TrimSpace(row.Get(col))
	if v == "" {
		return ""
	}
	if _, err := rights.ApplyLag(0, v); err != nil {
		bad(col, "%v", err)
		return ""
	}
	if cond != "" {
		return strings.ToUpper(v)
	}
	if date == nil {
		bad(col, "%s counts from a date or a condition; this window's end is open", col)
		return ""
	}
	if d, err := rights.ParseDay(*date); err == nil {
		if moved, err := rights.ApplyLag(d, v); err == nil {
			*date = moved.String()
		}
	}
	return ""
}

// windowCells reads Start and End (and their lags, lagCell). Dates (or timestamps) are kept;
// Immediate starts on the import day; End empty or Open is perpetual; any
// other MDDF DateTimeCondition is stored as a condition (the start is then
// the import day, the earliest the event can fall; the end is open until
// the event's date is known).
func windowCells(it *rights.ImportItem, row Row, today string, bad func(col, format string, args ...any)) {
	detail := rights.AvailDetail{}
	start := parseDate(row.Get("Start"))
	switch {
	case strings.EqualFold(start, "immediate"):
		start = today
	case rights.DateCondition(start) != "":
		detail.StartCondition = rights.DateCondition(start)
		start = today
	case strings.EqualFold(start, "open"):
		bad("Start", "Open is a condition for End; Start needs a date, Immediate or one of %s", strings.Join(rights.DateConditions, ", "))
	}
	it.Terms.Start = start
	end := parseDate(row.Get("End"))
	switch {
	case end == "" || strings.EqualFold(end, "open"):
	case rights.DateCondition(end) != "":
		detail.EndCondition = rights.DateCondition(end)
	case strings.EqualFold(end, "immediate"):
		bad("End", "Immediate is a condition for Start; End needs a date, Open or one of %s", strings.Join(rights.DateConditions, ", "))
	default:
		it.Terms.End = &end
	}
	if v := row.Get("FormatProfile"); v != "" {
		if f := rights.FormatProfile(v); f != "" {
			detail.FormatProfiles = []string{f}
		} else {
			bad("FormatProfile", "%q is not a FormatProfile (%s)", v, strings.Join(rights.FormatProfiles, ", "))
		}
	}
	detail.StartLag = lagCell(row, "StartLag", detail.StartCondition, &it.Terms.Start, bad)
	detail.EndLag = lagCell(row, "EndLag", detail.EndCondition, it.Terms.End, bad)
	if detail.StartCondition != "" || detail.EndCondition != "" || len(detail.FormatProfiles) > 0 {
		it.Terms.Avail = &detail
	}
}

// territoryAliases are Territory values of EMA sheets that are not ISO
// 3166-1 codes: ZZ, the template notes' "worldwide" (ISO's user-assigned
// code for an unknown or unspecified territory), is WORLD.
var territoryAliases = map[string]string{"ZZ": "WORLD"}

func territories(v string) []string {
	out := splitList(v)
	for i, t := range out {
		if a, ok := territoryAliases[strings.ToUpper(t)]; ok {
			out[i] = a
		}
	}
	return out
}
