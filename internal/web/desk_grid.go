package web

import (
	"context"

	"github.com/silkbridge/silkbridge/internal/avails"
	"github.com/silkbridge/silkbridge/internal/rights"
)

// Cell states of the avails grid.
const (
	cellYes     = "yes"     // one holder can grant the whole column
	cellPartial = "partial" // some of it can be granted (overlap questions)
	cellNo      = "no"
	// cellConditional: not available, but only windows waiting on an event are in the way.
	cellConditional = "conditional"
)

// DeskColumn is a column of the grid: one medium, or one territory.
type DeskColumn struct {
	Label string
	media rights.Media
	terr  string
}

// DeskCell is one title in one column, with what explains it.
type DeskCell struct {
	State   string
	Label   string   // the state in words
	Lines   []string // holder, or the parts available and the reasons why not
	PopID   string
	Summary string // Lines joined, for the hover tooltip
}

// deskColumns are the grid's columns: each medium asked, or each territory
// asked (a single group of at most 30 countries is opened into its countries).
func deskColumns(b *Base, q rights.Query, view string) []DeskColumn {
	var out []DeskColumn
	if view != "territories" {
		for _, m := range q.Media {
			out = append(out, DeskColumn{Label: b.T("rights.media." + string(m)), media: m})
		}
		return out
	}
	terrs := q.Territories
	if len(terrs) == 1 && len(terrs[0]) > 2 {
		if members := rights.GroupMembers(terrs[0]); len(members) > 1 && len(members) <= 30 {
			terrs = members
		}
	}
	for _, t := range terrs {
		if contains(q.ExceptTerritories, t) {
			continue
		}
		out = append(out, DeskColumn{Label: territoryList(b, []string{t}, 1), terr: t})
	}
	return out
}

// narrow restricts q to one column.
func (c DeskColumn) narrow(q rights.Query) rights.Query {
	if c.media != "" {
		q.Media = []rights.Media{c.media}
	}
	if c.terr != "" {
		q.Territories = []string{c.terr}
	}
	q.Cursor, q.Limit = "", 0
	return q
}

// deskCells asks q of titles ids once per column, through the same service
// and engine as the API (so a cell always agrees with what recording a
// licence would do): a whole-column answer first, then, for overlap
// questions, which parts of the rest can still be granted.
func (h *Handler) deskCells(ctx context.Context, b *Base, name func(string) string, me string, q rights.Query,
	cols []DeskColumn, ids []string) (map[string][]DeskCell, error) {
	out := make(map[string][]DeskCell, len(ids))
	for _, id := range ids {
		out[id] = make([]DeskCell, len(cols))
	}
	for ci, col := range cols {
		cq := col.narrow(q)
		cq.Titles, cq.Match = ids, rights.CoverEntire
		whole, err := h.deps.Rights.Query(ctx, cq)
		if err != nil {
			return nil, err
		}
		var rest []string
		for _, res := range whole.Results {
			c := &out[res.TitleID][ci]
			if res.Available {
				c.State = cellYes
				c.Lines = []string{b.T("rights.grantedby", "Org", name(res.Holder))}
				continue
			}
			c.State = cellNo
			if res.Status == rights.ResultConditional {
				c.State = cellConditional
			}
			c.Lines = reasonLines(b, name, me, res)
			rest = append(rest, res.TitleID)
		}
		if q.Match != rights.Overlap || len(rest) == 0 {
			continue
		}
		cq.Titles, cq.Match = rest, rights.Overlap
		part, err := h.deps.Rights.Query(ctx, cq)
		if err != nil {
			return nil, err
		}
		for _, res := range part.Results {
			if !res.Available {
				continue
			}
			c := &out[res.TitleID][ci]
			c.State = cellPartial
			c.Lines = append(periodLines(b, name, res.AvailablePeriods), reasonLines(b, name, me, res)...)
		}
	}
	return out, nil
}

// maxLines bounds what one cell explains; the rest is counted.
const maxLines = 6

func reasonLines(b *Base, name func(string) string, me string, res *rights.Result) []string {
	var out []string
	for i, rs := range res.Reasons {
		if i == maxLines {
			out = append(out, b.T("rights.more", "Count", b.Num(len(res.Reasons)-maxLines+res.ReasonsOmitted)))
			break
		}
		out = append(out, deskReason(b, name, me, rs))
	}
	return out
}

func periodLines(b *Base, name func(string) string, ps []rights.Period) []string {
	var out []string
	for i, p := range ps {
		if i == maxLines {
			out = append(out, b.T("rights.more", "Count", b.Num(len(ps)-maxLines)))
			break
		}
		out = append(out, deskReason(b, name, "", rights.Reason{Code: codeAvailable, Holder: p.Holder,
			Territories: p.Territories, Media: p.Media, Start: p.Start, End: p.End}))
	}
	return out
}

// offersOf turns a page's available results into avails offers: the whole
// question from its holder (cover_entire), or each part available (overlap).
func offersOf(q rights.Query, results []*rights.Result) []avails.Offer {
	var out []avails.Offer
	for _, res := range results {
		if !res.Available {
			continue
		}
		terms := rights.Terms{Territories: q.Territories, ExceptTerritories: q.ExceptTerritories, Media: q.Media,
			Languages: q.Languages, Start: q.Start, End: q.End, Exclusive: q.Exclusive}
		if q.Match != rights.Overlap || len(res.AvailablePeriods) == 0 {
			out = append(out, avails.Offer{TitleID: res.TitleID, Holder: res.Holder, Terms: terms})
			continue
		}
		for _, p := range res.AvailablePeriods {
			t := terms
			t.Territories, t.ExceptTerritories, t.Media, t.Start, t.End = p.Territories, nil, []rights.Media{p.Media}, p.Start, p.End
			out = append(out, avails.Offer{TitleID: res.TitleID, Holder: p.Holder, Terms: t})
		}
	}
	return out
}
