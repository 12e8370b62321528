package rights

import (
	"sort"
	"strings"
)

// Segment statuses of a timeline, from best to worst.
const (
	StatusAvailable             = "available"               // an exclusive licence could be granted
	StatusAvailableNonExclusive = "available_non_exclusive" // only a non-exclusive licence could be granted
	StatusConditional           = "conditional"             // held, but by a window waiting on an event whose date is not known
	StatusLicensedExclusive     = "licensed_exclusive"      // an exclusive licence covers it
	StatusHoldback              = "holdback"                // a holdback keeps it out
	StatusNotHeld               = "not_held"                // nobody holds it then
)

// Timeline is a title's availability by territory, medium and time, for
// drawing. Countries with identical segments in a medium share a row.
type Timeline struct {
	TitleID string        `json:"title_id"`
	From    string        `json:"from"`
	To      string        `json:"to"`
	Rows    []TimelineRow `json:"rows"`
}

// TimelineRow is one medium in a set of countries.
type TimelineRow struct {
	Territories []string  `json:"territories"`
	Media       Media     `json:"media"`
	Segments    []Segment `json:"segments"`
}

// Segment is a run of days with one status.
type Segment struct {
	Start    string `json:"start"`
	End      string `json:"end"`
	Status   string `json:"status" enum:"available,available_non_exclusive,conditional,licensed_exclusive,holdback,not_held"`
	Holder   string `json:"holder,omitempty" doc:"Who could grant it (available statuses)"`
	Ref      string `json:"ref,omitempty" doc:"The licence or holding in the way"`
	Licensee string `json:"licensee,omitempty"`
	// Condition is the event a conditional segment waits on.
	Condition string `json:"condition,omitempty" doc:"conditional: the event (ESTStart, EST, Broadcast, Completed, Theatrical, TBD) whose date is not yet known"`
}

// TimelineRange chooses the dimensions of a timeline; zero values pick
// defaults from the records (every country, the media recorded, the span of
// the windows).
type TimelineRange struct {
	Territories TerritorySet
	Media       MediaSet
	From, To    Day
}

// DefaultRange returns the timeline range that covers f's records on id:
// every country, the media recorded, from the earliest start to a year past
// the latest start or end (perpetual windows are cut there).
func DefaultRange(f *Family, id string, today Day) (TimelineRange, error) {
	r := TimelineRange{From: Forever, To: 0}
	for _, t := range compiledOf(f, id) {
		r.Media |= t.media
		r.From = min(r.From, t.span.From)
		r.To = max(r.To, t.span.From)
		if t.span.To != Forever {
			r.To = max(r.To, t.span.To)
		}
	}
	if r.From == Forever {
		r.From, r.To = today, today
	}
	r.To += 365
	if r.Media == 0 {
		r.Media = 1<<len(AllMedia) - 1
	}
	r.Territories = groups["WORLD"]
	return r, nil
}

func compiledOf(f *Family, id string) []*terms {
	chain, related := f.chain(id), f.related(id)
	var out []*terms
	for _, h := range f.Holdings {
		if c, err := h.compiled(); err == nil && chain[h.TitleID] && h.Counts() {
			out = append(out, c)
		}
	}
	for _, l := range f.Licences {
		if c, err := l.compiled(); err == nil && related[l.TitleID] {
			out = append(out, c)
		}
	}
	return out
}

type painted struct {
	span Span
	seg  Segment
}

// paint overwrites the days of s in segs with seg.
func paint(segs []painted, s Span, seg Segment) []painted {
	out := make([]painted, 0, len(segs)+2)
	for _, p := range segs {
		if p.span.To < s.From || p.span.From > s.To {
			out = append(out, p)
			continue
		}
		if p.span.From < s.From {
			out = append(out, painted{Span{p.span.From, s.From - 1}, p.seg})
		}
		lo, hi := max(p.span.From, s.From), min(p.span.To, s.To)
		out = append(out, painted{Span{lo, hi}, seg})
		if p.span.To > s.To {
			out = append(out, painted{Span{s.To + 1, p.span.To}, p.seg})
		}
	}
	return out
}

// BuildTimeline computes the timeline of title id over rg.
func BuildTimeline(f *Family, id string, rg TimelineRange) (*Timeline, error) {
	base := Request{terr: rg.Territories, media: rg.Media, span: Span{rg.From, rg.To}, ignoreLangs: true, match: Overlap}
	ex, non := base, base
	ex.exclusive = true
	evEx, err := evaluate(f, id, &ex)
	if err != nil {
		return nil, err
	}
	evNon, err := evaluate(f, id, &non)
	if err != nil {
		return nil, err
	}
	type rowKey struct {
		m   int
		sig string
	}
	rows := map[rowKey]*TimelineRow{}
	var order []rowKey
	for ci, cl := range evNon.cells {
		segs := []painted{{base.span, Segment{Status: StatusNotHeld}}}
		for hi := range evNon.holders {
			for _, o := range evNon.obst[ci][hi] {
				if o.code == HoldbackCode {
					for _, s := range o.days {
						segs = paint(segs, s, Segment{Status: StatusHoldback, Ref: o.ref, Licensee: o.licensee})
					}
				}
			}
		}
		for hi, h := range evNon.holders {
			for _, o := range evNon.obst[ci][hi] {
				if o.code == StartConditional || o.code == EndConditional {
					_, cond := evNon.reasonCode(o)
					for _, s := range o.days {
						segs = paint(segs, s, Segment{Status: StatusConditional, Holder: h, Ref: o.ref, Condition: cond})
					}
				}
			}
		}
		for hi := range evNon.holders {
			for _, o := range evNon.obst[ci][hi] {
				if o.code == ExclusiveLicence {
					for _, s := range o.days {
						segs = paint(segs, s, Segment{Status: StatusLicensedExclusive, Ref: o.ref, Licensee: o.licensee})
					}
				}
			}
		}
		for hi := len(evNon.holders) - 1; hi >= 0; hi-- {
			for _, s := range evNon.grant[ci][hi] {
				segs = paint(segs, s, Segment{Status: StatusAvailableNonExclusive, Holder: evNon.holders[hi]})
			}
		}
		for hi := len(evEx.holders) - 1; hi >= 0; hi-- {
			for _, s := range evEx.grant[ci][hi] {
				segs = paint(segs, s, Segment{Status: StatusAvailable, Holder: evEx.holders[hi]})
			}
		}
		var out []Segment
		var sig strings.Builder
		for _, p := range segs {
			if n := len(out); n > 0 && sameSegment(out[n-1], p.seg) {
				out[n-1].End = p.span.To.String()
				continue
			}
			s := p.seg
			s.Start, s.End = p.span.From.String(), p.span.To.String()
			out = append(out, s)
		}
		for _, s := range out {
			sig.WriteString(s.Start + s.End + s.Status + s.Holder + s.Ref + "|")
		}
		k := rowKey{cl.m, sig.String()}
		if rows[k] == nil {
			rows[k] = &TimelineRow{Media: AllMedia[cl.m], Segments: out}
			order = append(order, k)
		}
		rows[k].Territories = append(rows[k].Territories, countries[cl.t])
	}
	tl := &Timeline{TitleID: id, From: rg.From.String(), To: rg.To.String(), Rows: []TimelineRow{}}
	for _, k := range order {
		tl.Rows = append(tl.Rows, *rows[k])
	}
	sort.SliceStable(tl.Rows, func(i, j int) bool {
		a, b := tl.Rows[i], tl.Rows[j]
		if a.Media != b.Media {
			return mediaIndex(a.Media) < mediaIndex(b.Media)
		}
		return len(a.Territories) < len(b.Territories)
	})
	return tl, nil
}

func sameSegment(a, b Segment) bool {
	return a.Status == b.Status && a.Holder == b.Holder && a.Ref == b.Ref && a.Licensee == b.Licensee && a.Condition == b.Condition
}
