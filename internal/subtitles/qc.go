package subtitles

import (
	"math"
	"time"
)

// Rule names in QC issues.
const (
	RuleCPL         = "cpl"
	RuleCPS         = "cps"
	RuleLines       = "lines"
	RuleMinDuration = "min_duration"
	RuleMaxDuration = "max_duration"
	RuleGap         = "gap"
	RuleOverlap     = "overlap"
	RuleOrder       = "order"
	RuleEmpty       = "empty"
	RuleTags        = "tags"
)

// AllRules lists the rule names, in the order issues of one cue are given.
var AllRules = []string{RuleEmpty, RuleTags, RuleLines, RuleCPL, RuleCPS, RuleMinDuration, RuleMaxDuration, RuleOrder, RuleOverlap, RuleGap}

// QC is the result of checking a track.
type QC struct {
	Passed bool    `json:"passed"`
	Issues []Issue `json:"issues"`
	// Rules and FrameRate are what the track was checked against.
	Rules     Rules  `json:"rules"`
	FrameRate string `json:"frame_rate"`
}

// Issue is one broken rule in one cue. Units: cpl and lines count
// characters and lines, cps characters per second, durations, gap and
// overlap milliseconds; order, empty and tags have no value.
type Issue struct {
	Cue   int     `json:"cue" doc:"1-based cue number in file order"`
	Start string  `json:"start" doc:"the cue's start, HH:MM:SS.mmm"`
	Rule  string  `json:"rule" enum:"cpl,cps,lines,min_duration,max_duration,gap,overlap,order,empty,tags,glossary"`
	Value float64 `json:"value"`
	Limit float64 `json:"limit"`
	// Line is the 1-based line of the cue, for cpl.
	Line int `json:"line,omitempty"`
	// Term is the target term a translation's cue should use (rule
	// glossary, from internal/translation).
	Term string `json:"term,omitempty"`
}

// Check runs every rule over cues (in their order) and returns the result.
// It is a pure function: the same cues, rules and frame rate give the same
// issues.
func Check(cues []Cue, r Rules, fps FrameRate) *QC {
	if fps.Num <= 0 || fps.Den <= 0 {
		fps = DefaultFrameRate
	}
	q := &QC{Issues: []Issue{}, Rules: r, FrameRate: fps.String()}
	add := func(c Cue, rule string, value, limit float64, line int) {
		q.Issues = append(q.Issues, Issue{Cue: c.Index, Start: Timecode(c.Start, "."), Rule: rule,
			Value: round2(value), Limit: limit, Line: line})
	}
	for i, c := range cues {
		chars := 0
		for n, l := range c.Lines {
			g := Graphemes(l)
			chars += g
			if g > r.CPL {
				add(c, RuleCPL, float64(g), float64(r.CPL), n+1)
			}
		}
		if visible := chars - whitespace(c.Lines); visible == 0 {
			add(c, RuleEmpty, 0, 0, 0)
		}
		if !BalancedTags(c.Lines) {
			add(c, RuleTags, 0, 0, 0)
		}
		if len(c.Lines) > r.MaxLines {
			add(c, RuleLines, float64(len(c.Lines)), float64(r.MaxLines), 0)
		}
		dur := c.End - c.Start
		if dur > 0 && chars > 0 {
			// Compared exactly (chars·1000 against cps·ms), so a cue at
			// the limit passes whatever the rounding of the shown value.
			if float64(chars)*1000 > r.CPS*float64(dur.Milliseconds()) {
				add(c, RuleCPS, float64(chars)/dur.Seconds(), r.CPS, 0)
			}
		} else if dur <= 0 && chars > 0 {
			add(c, RuleCPS, math.Inf(1), r.CPS, 0)
		}
		if ms := dur.Milliseconds(); ms < int64(r.MinDurationMs) {
			add(c, RuleMinDuration, float64(ms), float64(r.MinDurationMs), 0)
		} else if ms > int64(r.MaxDurationMs) {
			add(c, RuleMaxDuration, float64(ms), float64(r.MaxDurationMs), 0)
		}
		if i == 0 {
			continue
		}
		prev := cues[i-1]
		switch gap := c.Start - prev.End; {
		case c.Start < prev.Start:
			add(c, RuleOrder, 0, 0, 0)
		case gap < 0:
			add(c, RuleOverlap, float64(-gap.Milliseconds()), 0, 0)
		case belowFrames(gap, r.MinGapFrames, fps):
			add(c, RuleGap, float64(gap.Milliseconds()), round2(float64(r.MinGapFrames)*1000*float64(fps.Den)/float64(fps.Num)), 0)
		}
	}
	// An infinite value cannot be written as JSON: a cue of no duration
	// reports its character count per millisecond instead of +Inf.
	for i := range q.Issues {
		if math.IsInf(q.Issues[i].Value, 0) {
			q.Issues[i].Value = 1e6
		}
	}
	q.Passed = len(q.Issues) == 0
	return q
}

// belowFrames reports whether gap is shorter than frames at fps, exactly
// (gap·num < frames·den·1s), so a gap of exactly two frames passes.
func belowFrames(gap time.Duration, frames int, fps FrameRate) bool {
	return float64(gap.Nanoseconds())*float64(fps.Num) < float64(frames)*float64(fps.Den)*float64(time.Second)
}

func whitespace(lines []string) int {
	n := 0
	for _, l := range lines {
		for _, r := range StripTags(l) {
			if r == ' ' || r == '\t' || r == '\u00a0' || r == '\u3000' {
				n++
			}
		}
	}
	return n
}

func round2(f float64) float64 {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return f
	}
	return math.Round(f*100) / 100
}
