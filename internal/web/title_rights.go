package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/silkbridge/silkbridge/internal/catalog"
	"github.com/silkbridge/silkbridge/internal/rights"
)

func init() { RegisterTitleSection(rightsSection) }

// RightsView is the rights section of a title page: the availability
// timeline (territory × medium × time) and the records behind it.
type RightsView struct {
	*Base
	Timeline *TimelineView
	Holdings []RightsRow
	Licences []RightsRow
	// Claims are the holdings others recorded on the title awaiting (or
	// refused) the keepers' confirmation, as the viewer may see them.
	Claims []ClaimRow
	// AddHolding and AddLicence link to the forms recording rights (editors
	// and admins; rights_form.go).
	AddHolding, AddLicence string
}

// TimelineView is the availability timeline laid out for SVG: x positions
// and widths are in thousandths of the drawn span.
type TimelineView struct {
	From, To string
	Ticks    []Tick
	Rows     []TimelineRowView
	Legend   []Option // Value is the CSS class, Label the status name
	// Today is the x of today's marker, when today is on the axis.
	Today      int
	TodayLabel string
}

// Tick marks the start of a year on the time axis.
type Tick struct {
	X     int
	Label string
}

// TimelineRowView is one medium in a set of territories.
type TimelineRowView struct {
	Media       string
	Territories string // short label
	AllNames    string // every territory, for the tooltip
	Segments    []SegmentView
}

// SegmentView is a run of days with one status.
type SegmentView struct {
	X, W  int
	Class string
	Tip   string
	Ref   string // the record behind it (a licence, holdback's record or the holding granting it), for its anchor
}

// RightsRow is a holding or licence in words.
type RightsRow struct {
	ID, From, To   string // organisations (holder or licensor, licensee)
	Territories    string
	Media          string
	Languages      string
	Window         string
	Exclusive      bool
	SourceRequest  string
	HoldbackRemark string
	// Edit and Delete are set when the viewer's organisation recorded the
	// record and the viewer may write (rights_form.go).
	Edit, Delete string
}

var timelineStatuses = []string{rights.StatusAvailable, rights.StatusAvailableNonExclusive,
	rights.StatusConditional, rights.StatusLicensedExclusive, rights.StatusHoldback, rights.StatusNotHeld}

func rightsSection(h *Handler, r *http.Request, t *catalog.Title, b *Base) (*TitleSection, error) {
	if h.deps.Rights == nil {
		return nil, nil
	}
	ctx := r.Context()
	holdings, err := h.deps.Rights.Holdings(ctx, t.ID)
	if err != nil {
		return nil, err
	}
	licences, err := h.deps.Rights.Licences(ctx, t.ID)
	if err != nil {
		return nil, err
	}
	v := &RightsView{Base: b}
	name, err := h.orgNamer(r, b)
	if err != nil {
		return nil, err
	}
	me, write := b.User.Principal().Org, b.CanWrite()
	base := "/titles/" + url.PathEscape(t.ID) + "/rights/"
	if write {
		v.AddHolding, v.AddLicence = base+"holdings/new", base+"licences/new"
	}
	for _, hd := range holdings {
		row := rightsRow(b, hd.ID, name(hd.Holder), "", hd.Terms, "")
		if write && hd.Holder == me && hd.TitleID == t.ID {
			row.Edit, row.Delete = base+"holdings/"+url.PathEscape(hd.ID)+"/edit", base+"holdings/"+url.PathEscape(hd.ID)+"/delete"
		}
		v.Holdings = append(v.Holdings, row)
	}
	if v.Claims, err = claimRows(h, r, t, b, name); err != nil {
		return nil, err
	}
	for _, l := range licences {
		row := rightsRow(b, l.ID, name(l.Licensor), name(l.Licensee), l.Terms, strings.TrimPrefix(l.Source, "request:"))
		if write && l.Licensor == me && l.TitleID == t.ID {
			row.Edit, row.Delete = base+"licences/"+url.PathEscape(l.ID)+"/edit", base+"licences/"+url.PathEscape(l.ID)+"/delete"
		}
		v.Licences = append(v.Licences, row)
	}
	if len(holdings) > 0 {
		tl, err := h.deps.Rights.Timeline(ctx, t.ID, rights.TimelineInput{})
		if err != nil {
			return nil, err
		}
		v.Timeline = timelineView(b, tl, name, recordOf(holdings))
	}
	var buf bytes.Buffer
	if err := h.tpl.pages["title"].ExecuteTemplate(&buf, "rights_section", v); err != nil {
		return nil, fmt.Errorf("render rights section: %w", err)
	}
	return &TitleSection{ID: "rights", Heading: b.T("rights.heading"), Body: template.HTML(buf.String())}, nil
}

func rightsRow(b *Base, id, from, to string, tm rights.Terms, request string) RightsRow {
	row := RightsRow{ID: id, From: from, To: to, Exclusive: tm.Exclusive, SourceRequest: request}
	row.Territories = territoryList(b, tm.Territories, 6)
	if len(tm.ExceptTerritories) > 0 {
		row.Territories = b.T("desk.tl.except", "Base", row.Territories, "List", territoryList(b, tm.ExceptTerritories, 6))
	}
	media := make([]string, len(tm.Media))
	for i, m := range tm.Media {
		media[i] = b.T("rights.media." + string(m))
	}
	row.Media = strings.Join(media, b.T("terms.listsep"))
	if len(tm.Media) == len(rights.AllMedia) {
		row.Media = b.T("rights.allmedia")
	}
	if len(tm.Languages) == 0 {
		row.Languages = b.T("rights.anylanguage")
	} else {
		langs := make([]string, len(tm.Languages))
		for i, l := range tm.Languages {
			tag, use, _ := strings.Cut(l, ":")
			langs[i] = b.Language(tag)
			if use != "" {
				langs[i] += b.T("paren.open") + b.T("rights.use."+use) + b.T("paren.close")
			}
		}
		row.Languages = strings.Join(langs, b.T("terms.listsep"))
	}
	end := b.T("rights.perpetual")
	if tm.End != nil {
		end = b.PartialDate(*tm.End)
	}
	row.Window = b.T("rights.window", "Start", b.PartialDate(tm.Start), "End", end)
	if len(tm.Holdbacks) > 0 {
		row.HoldbackRemark = b.N("rights.holdbacks", len(tm.Holdbacks))
	}
	return row
}

// territoryList names territories (countries by their localized names,
// groups by code), eliding after max. A list of countries covering most of
// the world reads "worldwide except …".
func territoryList(b *Base, codes []string, max int) string {
	if len(codes) > len(rights.Countries())/2 {
		have := map[string]bool{}
		for _, c := range codes {
			have[c] = true
		}
		var missing []string
		for _, c := range rights.Countries() {
			if !have[c] {
				missing = append(missing, c)
			}
		}
		if len(missing) == 0 {
			return b.T("rights.worldwide")
		}
		if len(missing) <= max {
			return b.T("rights.worldwideexcept", "List", territoryList(b, missing, max))
		}
	}
	names := make([]string, 0, len(codes))
	for _, c := range codes {
		if len(c) == 2 {
			names = append(names, b.Country(c))
		} else if c == "WORLD" {
			names = append(names, b.T("rights.worldwide"))
		} else {
			names = append(names, b.T("rights.group", "Code", c))
		}
	}
	if len(names) > max {
		return strings.Join(names[:max], b.T("terms.listsep")) + " " + b.T("rights.more", "Count", b.Num(len(names)-max))
	}
	return strings.Join(names, b.T("terms.listsep"))
}

// orgNamer returns a function naming an organisation by slug in the
// reader's language (licensees outside the hub keep the name they were given).
func (h *Handler) orgNamer(r *http.Request, b *Base) (func(string) string, error) {
	orgs, err := h.deps.Orgs.List(r.Context())
	if err != nil {
		return nil, err
	}
	names := orgNames(orgs)
	return func(slug string) string {
		if n, _ := b.Pick(names[slug]); n != "" {
			return n
		}
		return slug
	}, nil
}

func timelineView(b *Base, tl *rights.Timeline, orgName func(string) string, record func(rights.Segment) string) *TimelineView {
	from, errF := time.Parse(time.DateOnly, tl.From)
	to, errT := time.Parse(time.DateOnly, tl.To)
	if errF != nil || errT != nil || to.Before(from) {
		return nil
	}
	span := to.Sub(from).Hours()/24 + 1
	x := func(day string, end bool) int {
		d, err := time.Parse(time.DateOnly, day)
		if err != nil {
			return 0
		}
		days := d.Sub(from).Hours() / 24
		if end {
			days++
		}
		return int(min(max(days/span*1000, 0), 1000))
	}
	v := &TimelineView{From: b.PartialDate(tl.From), To: b.PartialDate(tl.To)}
	for y := from.Year() + 1; y <= to.Year(); y++ {
		v.Ticks = append(v.Ticks, Tick{X: x(fmt.Sprintf("%d-01-01", y), false), Label: fmt.Sprint(y)})
	}
	if today := time.Now().UTC().Format(time.DateOnly); today >= tl.From && today <= tl.To {
		v.Today, v.TodayLabel = x(today, false), b.T("desk.tl.today")
	}
	for _, st := range timelineStatuses {
		v.Legend = append(v.Legend, Option{Value: "st-" + st, Label: statusLabel(b, st)})
	}
	for _, row := range mergeMedia(tl.Rows) {
		rv := TimelineRowView{Media: mediaSummary(b, row.media),
			Territories: territorySummary(b, row.Territories), AllNames: territoryList(b, row.Territories, 40)}
		for _, s := range row.Segments {
			sx, ex := x(s.Start, false), x(s.End, true)
			tip := statusLabel(b, s.Status) + ": " + b.T("rights.window", "Start", b.PartialDate(s.Start), "End", b.PartialDate(s.End))
			if s.Condition != "" {
				tip += " · " + b.T("conditions.waits", "Condition", conditionName(b, s.Condition))
			}
			if s.Holder != "" {
				tip += " · " + b.T("rights.grantedby", "Org", orgName(s.Holder))
			}
			if s.Licensee != "" {
				tip += " · " + b.T("rights.licensedto", "Org", orgName(s.Licensee))
			}
			rv.Segments = append(rv.Segments, SegmentView{X: sx, W: max(ex-sx, 1), Class: "st-" + s.Status, Tip: tip, Ref: record(s)})
		}
		v.Rows = append(v.Rows, rv)
	}
	return v
}

// mergedRow is a timeline row shared by several media.
type mergedRow struct {
	rights.TimelineRow
	media []rights.Media
}

// mergeMedia joins rows whose territories and segments are identical, so a
// title held alike in every medium draws as one row, not twelve. Rows with
// more territories come first.
func mergeMedia(rows []rights.TimelineRow) []mergedRow {
	var out []mergedRow
	index := map[string]int{}
	for _, row := range rows {
		key := fmt.Sprint(row.Territories, row.Segments)
		if i, ok := index[key]; ok {
			out[i].media = append(out[i].media, row.Media)
			continue
		}
		index[key] = len(out)
		out = append(out, mergedRow{TimelineRow: row, media: []rights.Media{row.Media}})
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].Territories) > len(out[j].Territories) })
	return out
}
