package subtitles

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Rules are the quality limits for one language.
type Rules struct {
	// CPL is the most characters (grapheme clusters, tags excluded) on one line.
	CPL int `json:"cpl" minimum:"1" maximum:"200"`
	// CPS is the most characters per second of display (all lines).
	CPS float64 `json:"cps" minimum:"1" maximum:"100"`
	// MaxLines is the most lines in one cue.
	MaxLines int `json:"max_lines" minimum:"1" maximum:"10"`
	// MinDurationMs and MaxDurationMs bound how long a cue shows.
	MinDurationMs int `json:"min_duration_ms" minimum:"0" maximum:"60000"`
	MaxDurationMs int `json:"max_duration_ms" minimum:"1" maximum:"600000"`
	// MinGapFrames is the shortest gap between two cues, in frames of the
	// track's asset (25 fps without one).
	MinGapFrames int `json:"min_gap_frames" minimum:"0" maximum:"100"`
}

// Validate checks the rules make sense.
func (r Rules) Validate(field string) error {
	bad := func(name, format string, args ...any) error {
		return fieldError(field+"."+name, "subtitles.rule_invalid", nil, format, args...)
	}
	switch {
	case r.CPL < 1 || r.CPL > 200:
		return bad("cpl", "characters per line must be 1–200")
	case !(r.CPS >= 1 && r.CPS <= 100):
		return bad("cps", "characters per second must be 1–100")
	case r.MaxLines < 1 || r.MaxLines > 10:
		return bad("max_lines", "lines must be 1–10")
	case r.MinDurationMs < 0 || r.MinDurationMs > 60000:
		return bad("min_duration_ms", "the minimum duration must be 0–60000 ms")
	case r.MaxDurationMs < 1 || r.MaxDurationMs > 600000 || r.MaxDurationMs < r.MinDurationMs:
		return bad("max_duration_ms", "the maximum duration must be 1–600000 ms and not below the minimum")
	case r.MinGapFrames < 0 || r.MinGapFrames > 100:
		return bad("min_gap_frames", "the minimum gap must be 0–100 frames")
	}
	return nil
}

// base rules every language shares; languages differ in reading speed and
// line length.
func base(cpl int, cps float64) Rules {
	return Rules{CPL: cpl, CPS: cps, MaxLines: 2, MinDurationMs: 833, MaxDurationMs: 7000, MinGapFrames: 2}
}

// DefaultRules are the limits before an organisation changes them, by
// primary language; "default" is used for languages not listed. Chinese
// characters are read slower per character than letters are.
func DefaultRules() map[string]Rules {
	return map[string]Rules{
		"default": base(42, 17),
		"en":      base(42, 17),
		"ru":      base(42, 17),
		"zh":      base(16, 9),
		"ja":      base(13, 4),
		"ko":      base(16, 12),
	}
}

// RulesFor picks the rules for a language: an organisation's override for
// the exact tag, then for its primary language, then the defaults the same
// way, then "default".
func RulesFor(lang string, overrides map[string]Rules) Rules {
	defaults := DefaultRules()
	primary := baseLanguage(lang)
	for _, m := range []map[string]Rules{overrides, defaults} {
		if r, ok := m[lang]; ok {
			return r
		}
		if r, ok := m[primary]; ok {
			return r
		}
	}
	if r, ok := overrides["default"]; ok {
		return r
	}
	return defaults["default"]
}

// FrameRate is a rational frame rate (25/1, 30000/1001).
type FrameRate struct{ Num, Den int64 }

// DefaultFrameRate is used when a track has no asset (PAL, the rate of
// most partner broadcasters' masters).
var DefaultFrameRate = FrameRate{25, 1}

// ParseFrameRate reads "25/1", "30000/1001", "25" or "23.976".
func ParseFrameRate(s string) (FrameRate, bool) {
	s = strings.TrimSpace(s)
	if a, b, ok := strings.Cut(s, "/"); ok {
		n, err1 := strconv.ParseInt(a, 10, 64)
		d, err2 := strconv.ParseInt(b, 10, 64)
		if err1 != nil || err2 != nil || n <= 0 || d <= 0 || n/d > 1000 {
			return FrameRate{}, false
		}
		return FrameRate{n, d}, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || !(f > 0 && f <= 1000) || math.IsInf(f, 0) {
		return FrameRate{}, false
	}
	if f == math.Trunc(f) {
		return FrameRate{int64(f), 1}, true
	}
	return FrameRate{int64(math.Round(f * 1000)), 1000}, true
}

func (f FrameRate) String() string {
	if f.Den == 1 {
		return strconv.FormatInt(f.Num, 10)
	}
	return fmt.Sprintf("%.3f", float64(f.Num)/float64(f.Den))
}
