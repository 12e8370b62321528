package rights

import (
	"fmt"
	"sort"
	"strings"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

// Family is everything that decides availability on one title: its chain of
// ancestors (whose holdings it inherits) and its descendants (whose licences
// it overlaps). Stores load it in one go; the engine is pure.
type Family struct {
	TitleID string
	// Parent maps every title of the family to its parent ("" at the root).
	Parent map[string]string
	// Licences recorded on any title of the family, and holdings on the
	// title's chain (a store loading it for a change includes every title's
	// holdings, which CheckHoldingRemoval needs).
	Holdings []*Holding
	Licences []*Licence
	// Keepers are the owner and producers of TitleID, who may record
	// confirmed holdings on it and decide others' claims (claim.go). Loaded
	// for changes only; availability needs no keepers, as claims never count.
	Keepers []string
	// Dated are the dated events of the family's titles, loaded for changes
	// only: a record written waiting on an event already dated for its
	// title or an ancestor is settled from that date (conditions_settle.go).
	Dated []*ConditionDate
}

// chain returns id and its ancestors within the family.
func (f *Family) chain(id string) map[string]bool {
	out := map[string]bool{}
	for id != "" && !out[id] {
		out[id] = true
		id = f.Parent[id]
	}
	return out
}

// related returns id's chain plus its descendants: the titles whose licences
// overlap a licence on id.
func (f *Family) related(id string) map[string]bool {
	out := f.chain(id)
	for t := range f.Parent {
		if f.chain(t)[id] {
			out[t] = true
		}
	}
	return out
}

// Code names why (part of) a request is not available.
type Code string

// Reason codes.
const (
	NoRights            Code = "no_rights"             // the holder holds nothing for this territory and medium
	OutsideWindow       Code = "outside_window"        // held for this territory and medium, but not on these days
	LanguageNotHeld     Code = "language_not_held"     // held, but not for the requested languages
	HoldingNotExclusive Code = "holding_not_exclusive" // held non-exclusively, so no exclusive licence can be granted
	ExclusiveLicence    Code = "exclusive_licence"     // an exclusive licence covers it
	NonExclusiveLicence Code = "non_exclusive_licence" // a licence covers it and the request is exclusive
	HoldbackCode        Code = "holdback"              // a holdback keeps this medium out of this territory
	ExclusiveHolding    Code = "exclusive_holding"     // another holder's holding overlaps an exclusive one
	LicenceDepends      Code = "licence_depends"       // a licence lies inside the holding being deleted
)

// Match says how much of a request must be available.
type Match string

// Match modes.
const (
	CoverEntire Match = "cover_entire" // the whole request must be licensable by one holder
	Overlap     Match = "overlap"      // any part; available_periods say which
)

// Reason is one obstacle, for one holder, in a set of countries, one medium and a span of days.
type Reason struct {
	Code        Code     `json:"code"`
	Holder      string   `json:"holder,omitempty" doc:"Whose rights the obstacle concerns; empty when nobody holds any"`
	Territory   string   `json:"territory,omitempty" doc:"The country, when the reason concerns exactly one"`
	Territories []string `json:"territories" doc:"Every country the reason concerns"`
	Media       Media    `json:"media"`
	Start       string   `json:"start"`
	End         *string  `json:"end" nullable:"true" doc:"null when perpetual"`
	Ref         string   `json:"ref,omitempty" doc:"Id of the licence or holding in the way"`
	Licensee    string   `json:"licensee,omitempty"`
	Condition   string   `json:"condition,omitempty" enum:"ESTStart,EST,Broadcast,Completed,Theatrical,TBD" doc:"start_conditional and end_conditional: the event whose date is not yet known"`
	Own         bool     `json:"own,omitempty" doc:"The licence in the way was granted to or by your organisation (you are its licensee or, as holder, its licensor)"`
}

// Period is a part of a request a holder can grant.
type Period struct {
	Holder      string   `json:"holder"`
	Territories []string `json:"territories"`
	Media       Media    `json:"media"`
	Start       string   `json:"start"`
	End         *string  `json:"end" nullable:"true"`
}

// Result answers an availability request for one title.
type Result struct {
	TitleID          string   `json:"title_id"`
	Available        bool     `json:"available"`
	Status           string   `json:"status" enum:"available,conditional,unavailable" doc:"available as available says; conditional: not available, but only windows waiting on an event (reasons start_conditional, end_conditional) are in the way; unavailable otherwise"`
	Holder           string   `json:"holder,omitempty" doc:"A holder that can grant the whole request (cover_entire)"`
	AvailablePeriods []Period `json:"available_periods"`
	Reasons          []Reason `json:"reasons"`
	ReasonsOmitted   int      `json:"reasons_omitted,omitempty" doc:"Reasons left out beyond the first 100"`
}

// MaxReasons bounds the reasons of one result; the rest are counted.
const MaxReasons = 100

// Request is a compiled availability question.
type Request struct {
	terr      TerritorySet
	media     MediaSet
	langs     []Lang
	span      Span
	exclusive bool
	match     Match
	// holder restricts who may grant (a licence is granted by its licensor).
	holder string
	// ignoreLangs answers for any language (the timeline).
	ignoreLangs bool
	// skip leaves a licence out of the conflicts (re-checking it).
	skip string
	// waits is the licence's terms when the request checks a licence whose
	// window waits on an event (engine_conditions.go).
	waits *terms
}

type obstacle struct {
	code     Code
	ref      string
	licensee string
	days     spans
}

type cell struct{ t, m int }

// evaluation is the per-cell outcome for every holder.
type evaluation struct {
	req     *Request
	holders []string
	cells   []cell
	grant   [][]spans      // [cell][holder]
	obst    [][][]obstacle // [cell][holder]
	// cgrant is what could be granted were every window waiting on an
	// event open, and waiting the records whose windows do, by id.
	cgrant  [][]spans // [cell][holder]
	waiting map[string]*terms
}

// Evaluate answers r for title id of f.
func Evaluate(f *Family, id string, r *Request) (*Result, error) {
	ev, err := evaluate(f, id, r)
	if err != nil {
		return nil, err
	}
	return ev.result(id), nil
}

func evaluate(f *Family, id string, r *Request) (*evaluation, error) {
	chain, related := f.chain(id), f.related(id)
	waiting := map[string]*terms{}
	byHolder := map[string][]*terms{}
	holdingIDs := map[*terms]string{}
	for _, h := range f.Holdings {
		if !chain[h.TitleID] || !h.Counts() || (r.holder != "" && h.Holder != r.holder) {
			continue
		}
		c, err := h.compiled()
		if err != nil {
			return nil, err
		}
		byHolder[h.Holder] = append(byHolder[h.Holder], c)
		holdingIDs[c] = h.ID
		if c.waitsOn() != "" {
			waiting[h.ID] = c
		}
	}
	// Asked what one organisation may grant, its licences count as holdings
	// (sub-licensing), and the licences its rights came through do not block it.
	var upstream map[string]bool
	derived := map[*terms]bool{}
	if r.holder != "" {
		var got []*Licence
		got, upstream = licensedTo(f, f.chain(id), r.holder)
		for _, l := range got {
			c, err := l.compiled()
			if err != nil {
				return nil, err
			}
			byHolder[r.holder] = append(byHolder[r.holder], c)
			holdingIDs[c] = l.ID
			derived[c] = true
			if c.waitsOn() != "" {
				waiting[l.ID] = c
			}
		}
	}
	var lics []*Licence
	for _, l := range f.Licences {
		if related[l.TitleID] && l.ID != r.skip {
			c, err := l.compiled()
			if err != nil {
				return nil, err
			}
			lics = append(lics, l)
			if c.waitsOn() != "" {
				waiting[l.ID] = c
			}
		}
	}
	ev := &evaluation{req: r, waiting: waiting}
	for h := range byHolder {
		ev.holders = append(ev.holders, h)
	}
	sort.Strings(ev.holders)
	if r.holder != "" && len(ev.holders) == 0 {
		ev.holders = []string{r.holder}
	}
	for _, t := range r.terr.indexes() {
		for m := range AllMedia {
			if r.media&(1<<m) != 0 {
				ev.cells = append(ev.cells, cell{t, m})
			}
		}
	}
	req := r.span
	whole := spans{req}
	until := func(u Day) spans { return spans{{req.From, min(req.To, u-1)}}.clip(req) }
	ev.grant = make([][]spans, len(ev.cells))
	ev.obst = make([][][]obstacle, len(ev.cells))
	ev.cgrant = make([][]spans, len(ev.cells))
	for ci, cl := range ev.cells {
		mb := MediaSet(1) << cl.m
		var global []obstacle
		for _, l := range lics {
			c := l.c
			if !upstream[l.ID] && c.terr.has(cl.t) && c.media&mb != 0 && (r.exclusive || c.exclusive) && (r.ignoreLangs || langsOverlap(c.langs, r.langs)) {
				if d := (spans{c.span}).clip(req); len(d) > 0 {
					code := NonExclusiveLicence
					if c.exclusive {
						code = ExclusiveLicence
					}
					global = append(global, obstacle{code, l.ID, l.Licensee, d})
				}
			}
			for _, hb := range c.holdbacks {
				if hb.terr.has(cl.t) && hb.media&mb != 0 {
					if d := until(hb.until); len(d) > 0 {
						global = append(global, obstacle{HoldbackCode, l.ID, l.Licensee, d})
					}
				}
			}
		}
		ev.grant[ci] = make([]spans, len(ev.holders))
		ev.obst[ci] = make([][]obstacle, len(ev.holders))
		ev.cgrant[ci] = make([]spans, len(ev.holders))
		for hi, h := range ev.holders {
			var held, langOK, ok spans
			// condOK: days held only by windows waiting on an event.
			var condOK spans
			var waits []obstacle
			inCell := false
			blocks := append([]obstacle(nil), global...)
			for _, c := range byHolder[h] {
				// A licence's holdbacks are among the global obstacles already.
				for _, hb := range c.holdbacks {
					if !derived[c] && hb.terr.has(cl.t) && hb.media&mb != 0 {
						if d := until(hb.until); len(d) > 0 {
							blocks = append(blocks, obstacle{HoldbackCode, holdingIDs[c], "", d})
						}
					}
				}
				if !c.terr.has(cl.t) || c.media&mb == 0 {
					continue
				}
				inCell = true
				held = held.add(c.span)
				if r.ignoreLangs || langsCover(c.langs, r.langs) {
					langOK = langOK.add(c.span)
					if !r.exclusive || c.exclusive {
						if code := c.waitsOn(); code != "" && !c.openFor(r) {
							condOK = condOK.add(c.span)
							waits = append(waits, obstacle{code: code, ref: holdingIDs[c], days: spans{c.span}})
						} else {
							ok = ok.add(c.span)
						}
					}
				}
			}
			g := ok.clip(req)
			var obs []obstacle
			if !inCell {
				obs = append(obs, obstacle{code: NoRights, days: whole})
			} else {
				if d := whole.minus(held); len(d) > 0 {
					obs = append(obs, obstacle{code: OutsideWindow, days: d})
				}
				if d := held.clip(req).minus(langOK); len(d) > 0 {
					obs = append(obs, obstacle{code: LanguageNotHeld, days: d})
				}
				if d := langOK.clip(req).minus(ok).minus(condOK); len(d) > 0 {
					obs = append(obs, obstacle{code: HoldingNotExclusive, days: d})
				}
				for _, w := range waits {
					if d := w.days.clip(req).minus(ok); len(d) > 0 {
						obs = append(obs, obstacle{w.code, w.ref, "", d})
					}
				}
			}
			cg := g.union(condOK.clip(req))
			for _, b := range blocks {
				if d := b.days.intersect(cg); len(d) > 0 {
					obs = append(obs, obstacle{b.code, b.ref, b.licensee, d})
				}
			}
			for _, b := range blocks {
				g = g.minus(b.days)
				if !ev.conditionalBlock(b) {
					cg = cg.minus(b.days)
				}
			}
			ev.cgrant[ci][hi] = cg
			ev.grant[ci][hi] = g
			ev.obst[ci][hi] = obs
		}
	}
	return ev, nil
}

// fullHolder returns the first holder that can grant every cell in full.
func (ev *evaluation) fullHolder() string {
	for hi, h := range ev.holders {
		all := len(ev.cells) > 0
		for ci := range ev.cells {
			if !ev.grant[ci][hi].covers(ev.req.span) {
				all = false
				break
			}
		}
		if all {
			return h
		}
	}
	return ""
}

func (ev *evaluation) result(id string) *Result {
	res := &Result{TitleID: id, AvailablePeriods: []Period{}, Reasons: []Reason{}}
	res.Holder = ev.fullHolder()
	any := false
	type pkey struct {
		holder string
		m      int
		s      Span
	}
	periods := map[pkey]*TerritorySet{}
	var porder []pkey
	for ci, cl := range ev.cells {
		for hi, h := range ev.holders {
			for _, s := range ev.grant[ci][hi] {
				any = true
				k := pkey{h, cl.m, s}
				if periods[k] == nil {
					periods[k] = &TerritorySet{}
					porder = append(porder, k)
				}
				periods[k][cl.t/64] |= 1 << (cl.t % 64)
			}
		}
	}
	for _, k := range porder {
		res.AvailablePeriods = append(res.AvailablePeriods, Period{
			Holder: k.holder, Territories: periods[k].Codes(), Media: AllMedia[k.m], Start: k.s.From.String(), End: endPtr(k.s.To)})
	}
	sort.SliceStable(res.AvailablePeriods, func(i, j int) bool { return lessPeriod(res.AvailablePeriods[i], res.AvailablePeriods[j]) })
	if ev.req.match == Overlap {
		res.Available = any
	} else {
		res.Available = res.Holder != ""
	}
	res.Status = ev.status(res.Available)
	if res.Available && ev.req.match != Overlap {
		return res
	}
	res.Reasons, res.ReasonsOmitted = ev.reasons(ev.req.match == Overlap)
	return res
}

// reasons groups obstacles by everything but the country. With onlyGaps, it
// keeps the obstacles on days no holder can grant.
func (ev *evaluation) reasons(onlyGaps bool) ([]Reason, int) {
	type rkey struct {
		holder, ref, licensee string
		code                  Code
		m                     int
		s                     Span
	}
	groups := map[rkey]*TerritorySet{}
	var order []rkey
	for ci, cl := range ev.cells {
		var granted spans
		if onlyGaps {
			for hi := range ev.holders {
				granted = granted.union(ev.grant[ci][hi])
			}
		}
		add := func(holder string, o obstacle) {
			for _, s := range o.days.minus(granted) {
				k := rkey{holder, o.ref, o.licensee, o.code, cl.m, s}
				if groups[k] == nil {
					groups[k] = &TerritorySet{}
					order = append(order, k)
				}
				groups[k][cl.t/64] |= 1 << (cl.t % 64)
			}
		}
		if len(ev.holders) == 0 {
			add("", obstacle{code: NoRights, days: spans{ev.req.span}})
		}
		for hi, h := range ev.holders {
			for _, o := range ev.obst[ci][hi] {
				add(h, o)
			}
		}
	}
	out := make([]Reason, 0, len(order))
	for _, k := range order {
		code, cond := ev.reasonCode(obstacle{code: k.code, ref: k.ref})
		r := Reason{Code: code, Holder: k.holder, Territories: groups[k].Codes(), Media: AllMedia[k.m],
			Start: k.s.From.String(), End: endPtr(k.s.To), Ref: k.ref, Licensee: k.licensee, Condition: cond}
		if len(r.Territories) == 1 {
			r.Territory = r.Territories[0]
		}
		out = append(out, r)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Holder != b.Holder {
			return a.Holder < b.Holder
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		if a.Media != b.Media {
			return mediaIndex(a.Media) < mediaIndex(b.Media)
		}
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		return a.Territories[0] < b.Territories[0]
	})
	if len(out) > MaxReasons {
		return out[:MaxReasons], len(out) - MaxReasons
	}
	return out, 0
}

func lessPeriod(a, b Period) bool {
	if a.Holder != b.Holder {
		return a.Holder < b.Holder
	}
	if a.Media != b.Media {
		return mediaIndex(a.Media) < mediaIndex(b.Media)
	}
	if a.Start != b.Start {
		return a.Start < b.Start
	}
	return a.Territories[0] < b.Territories[0]
}

func mediaIndex(m Media) int {
	for i, x := range AllMedia {
		if x == m {
			return i
		}
	}
	return len(AllMedia)
}

// describe summarises reasons for an error message.
func describe(rs []Reason) string {
	if len(rs) == 0 {
		return ""
	}
	r := rs[0]
	end := "perpetual"
	if r.End != nil {
		end = *r.End
	}
	where := strings.Join(r.Territories, ",")
	if len(r.Territories) > 5 {
		where = fmt.Sprintf("%s and %d more", strings.Join(r.Territories[:5], ","), len(r.Territories)-5)
	}
	s := fmt.Sprintf("%s in %s for %s, %s to %s", r.Code, where, r.Media, r.Start, end)
	if r.Ref != "" {
		s += " (" + r.Ref
		if r.Licensee != "" {
			s += ", licensee " + r.Licensee
		}
		s += ")"
	}
	if len(rs) > 1 {
		s += fmt.Sprintf(" and %d more", len(rs)-1)
	}
	return s
}

func refs(rs []Reason) []any {
	out := make([]any, len(rs))
	for i, r := range rs {
		out[i] = r
	}
	return out
}

func conflict(msg string, rs []Reason) error {
	return &apperr.Error{Code: apperr.Conflict, Message: msg + ": " + describe(rs), Refs: refs(rs)}
}
