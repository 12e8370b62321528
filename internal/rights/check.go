package rights

import (
	"fmt"
	"strings"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

// Query is an availability question as the API receives it.
type Query struct {
	Titles            []string `json:"titles,omitempty" maxItems:"100" doc:"Title ids; omit to ask the whole catalogue you may read (paginated)"`
	Territories       []string `json:"territories" maxItems:"300"`
	ExceptTerritories []string `json:"except_territories,omitempty" maxItems:"300"`
	Media             []Media  `json:"media" maxItems:"12"`
	Languages         []string `json:"languages,omitempty" maxItems:"100" doc:"As in holdings; empty asks for every language, as a licence without languages would"`
	Start             string   `json:"start"`
	End               *string  `json:"end,omitempty" nullable:"true" doc:"null or absent: perpetual"`
	Exclusive         bool     `json:"exclusive" required:"false"`
	Match             Match    `json:"match,omitempty" enum:"cover_entire,overlap" doc:"cover_entire (default): the whole request must be licensable; overlap: any part"`
	Limit             int      `json:"limit,omitempty" minimum:"0" maximum:"200" doc:"Catalogue queries: results per page (default 50)"`
	Cursor            string   `json:"cursor,omitempty" maxLength:"200" doc:"Catalogue queries: next_cursor of the previous page"`
	// IncludeConditional widens a catalogue page (engine_conditions.go).
	IncludeConditional bool `json:"include_conditional,omitempty" doc:"Catalogue queries: also return titles whose answer is conditional (status conditional: only windows waiting on an event are in the way)"`
}

// Compile validates q and returns the engine's request.
func (q *Query) Compile() (*Request, error) {
	t := Terms{Territories: q.Territories, ExceptTerritories: q.ExceptTerritories, Media: q.Media,
		Languages: q.Languages, Start: q.Start, End: q.End, Exclusive: q.Exclusive}
	c, probs := t.normalize()
	q.Territories, q.ExceptTerritories, q.Media, q.Languages, q.Start, q.End = t.Territories, t.ExceptTerritories, t.Media, t.Languages, t.Start, t.End
	switch q.Match {
	case "":
		q.Match = CoverEntire
	case CoverEntire, Overlap:
	default:
		probs = append(probs, prob("match", "must be cover_entire or overlap"))
	}
	if err := apperr.Fields(probs).Err(); err != nil {
		return nil, err
	}
	return &Request{terr: c.terr, media: c.media, langs: c.langs, span: c.span, exclusive: c.exclusive, match: q.Match}, nil
}

// requestFor is the request a licence makes of its licensor's holdings.
func requestFor(c *terms, licensor string) *Request {
	r := &Request{terr: c.terr, media: c.media, langs: c.langs, span: c.span, exclusive: c.exclusive,
		match: CoverEntire, holder: licensor}
	if c.waitsOn() != "" {
		r.waits = c
	}
	return r
}

// CheckLicence returns nil when l may be recorded in f: settled first (its
// ends waiting on events f has dates for get their days, conditions_settle.go),
// it lies inside its licensor's holdings, no licence or holdback is in its
// way, and its own holdbacks cover no existing licence. Otherwise it returns
// a Conflict naming every obstacle.
func CheckLicence(f *Family, l *Licence) error {
	if err := f.settleLicence(l); err != nil {
		return err
	}
	c, err := l.compiled()
	if err != nil {
		return err
	}
	ev, err := evaluate(f, l.TitleID, requestFor(c, l.Licensor))
	if err != nil {
		return err
	}
	var rs []Reason
	if ev.fullHolder() == "" {
		rs, _ = ev.reasons(false)
	}
	related := f.related(l.TitleID)
	for _, hb := range c.holdbacks {
		for _, x := range f.Licences {
			if !related[x.TitleID] || x.ID == l.ID {
				continue
			}
			xc, err := x.compiled()
			if err != nil {
				return err
			}
			common := xc.terr.Intersect(hb.terr)
			if common.Empty() || xc.media&hb.media == 0 || xc.span.From >= hb.until {
				continue
			}
			for _, m := range (xc.media & hb.media).List() {
				rs = append(rs, Reason{Code: HoldbackCode, Holder: l.Licensor, Territories: common.Codes(), Media: m,
					Start: xc.span.From.String(), End: endPtr(min(xc.span.To, hb.until-1)), Ref: x.ID, Licensee: x.Licensee})
			}
		}
	}
	for i := range rs {
		if len(rs[i].Territories) == 1 {
			rs[i].Territory = rs[i].Territories[0]
		}
	}
	if len(rs) > 0 {
		return conflict(fmt.Sprintf("%s cannot grant this licence", l.Licensor), rs)
	}
	return nil
}

// CheckHolding returns nil when h may be recorded in f, settled first as
// CheckLicence settles a licence: an exclusive holding may not overlap
// another holder's holding on the title or its ancestors, nor may any
// holding overlap another holder's exclusive one. Only confirmed holdings
// are in the way: a claim never blocks anyone.
func CheckHolding(f *Family, h *Holding) error {
	if err := f.settleHolding(h); err != nil {
		return err
	}
	c, err := h.compiled()
	if err != nil {
		return err
	}
	chain := f.chain(h.TitleID)
	var rs []Reason
	for _, x := range f.Holdings {
		if !chain[x.TitleID] || x.Holder == h.Holder || x.ID == h.ID || !x.Counts() {
			continue
		}
		xc, err := x.compiled()
		if err != nil {
			return err
		}
		if !c.exclusive && !xc.exclusive {
			continue
		}
		common := c.terr.Intersect(xc.terr)
		from, to := max(c.span.From, xc.span.From), min(c.span.To, xc.span.To)
		if common.Empty() || c.media&xc.media == 0 || from > to || !langsOverlap(c.langs, xc.langs) {
			continue
		}
		for _, m := range (c.media & xc.media).List() {
			r := Reason{Code: ExclusiveHolding, Holder: x.Holder, Territories: common.Codes(), Media: m,
				Start: from.String(), End: endPtr(to), Ref: x.ID}
			if len(r.Territories) == 1 {
				r.Territory = r.Territories[0]
			}
			rs = append(rs, r)
		}
	}
	if len(rs) > 0 {
		return conflict("the holding overlaps an exclusive holding of another organisation", rs)
	}
	return nil
}

// CheckHoldingRemoval returns nil when the holding id may be deleted from f,
// or a Conflict naming the licences it backs that no other holding covers.
func CheckHoldingRemoval(f *Family, id string) error {
	var gone *Holding
	rest := *f
	rest.Holdings = nil
	for _, h := range f.Holdings {
		if h.ID == id {
			gone = h
		} else {
			rest.Holdings = append(rest.Holdings, h)
		}
	}
	if gone == nil || !gone.Counts() {
		return nil // a claim backs no licence
	}
	var rs []Reason
	for _, l := range f.Licences {
		if l.Licensor != gone.Holder || !f.chain(l.TitleID)[gone.TitleID] {
			continue
		}
		c, err := l.compiled()
		if err != nil {
			return err
		}
		r := requestFor(c, l.Licensor)
		r.skip = l.ID
		ev, err := evaluate(&rest, l.TitleID, r)
		if err != nil {
			return err
		}
		lost := false
		for ci := range ev.cells {
			for _, o := range ev.obst[ci][0] {
				switch o.code {
				case NoRights, OutsideWindow, LanguageNotHeld, HoldingNotExclusive, StartConditional, EndConditional:
					lost = true
				}
			}
		}
		if lost {
			rs = append(rs, Reason{Code: LicenceDepends, Holder: l.Licensor, Territories: c.terr.Codes(),
				Media: c.media.List()[0], Start: l.Start, End: l.End, Ref: l.ID, Licensee: l.Licensee})
		}
	}
	if len(rs) > 0 {
		ids := make([]string, len(rs))
		for i, r := range rs {
			ids[i] = r.Ref
		}
		return &apperr.Error{Code: apperr.Conflict, Refs: refs(rs),
			Message: fmt.Sprintf("licences %s lie inside this holding; delete them first", strings.Join(ids, ", "))}
	}
	return nil
}
