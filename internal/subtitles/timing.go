package subtitles

import (
	"strconv"
	"strings"
	"time"
	"unicode"
)

// parseTimestamp reads an SRT or WebVTT timestamp, forgiving what editors on
// Windows leave behind: spaces anywhere inside, a comma or a dot before the
// milliseconds, one to three fraction digits, hours omitted (WebVTT) or of
// any width. ok is false for anything else.
func parseTimestamp(s string) (time.Duration, bool) {
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
	frac := ""
	if i := strings.LastIndexAny(s, ",."); i >= 0 {
		s, frac = s[:i], s[i+1:]
	}
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 || len(frac) > 3 {
		return 0, false
	}
	var hms [3]int64
	off := 3 - len(parts)
	for i, p := range parts {
		if p == "" || len(p) > 6 || !allDigits(p) {
			return 0, false
		}
		n, _ := strconv.ParseInt(p, 10, 64)
		if i > 0 && n >= 60 {
			return 0, false
		}
		hms[off+i] = n
	}
	if off == 0 && len(parts[1]) != 2 || len(parts[len(parts)-1]) != 2 {
		return 0, false
	}
	var ms int64
	if frac != "" {
		if !allDigits(frac) {
			return 0, false
		}
		for len(frac) < 3 {
			frac += "0"
		}
		ms, _ = strconv.ParseInt(frac, 10, 64)
	}
	return time.Duration(hms[0])*time.Hour + time.Duration(hms[1])*time.Minute + time.Duration(hms[2])*time.Second +
		time.Duration(ms)*time.Millisecond, true
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// parseTiming reads a timing line "start --> end [settings]" (settings are
// WebVTT's, ignored). line is the file line, for errors.
func parseTiming(s string, line int) (time.Duration, time.Duration, error) {
	a, b, ok := strings.Cut(s, "-->")
	if !ok {
		return 0, 0, lineError(CodeTimecode, line, "expected a timing line \"00:00:01,000 --> 00:00:02,000\"")
	}
	// The end timestamp may be followed by WebVTT cue settings or SRT
	// coordinates ("X1:…"), which all contain letters.
	b = strings.TrimSpace(b)
	if i := strings.IndexFunc(b, unicode.IsLetter); i >= 0 {
		b = b[:i]
	}
	start, ok1 := parseTimestamp(a)
	end, ok2 := parseTimestamp(b)
	if !ok1 || !ok2 {
		return 0, 0, lineError(CodeTimecode, line, "the timecode %q cannot be read", strings.TrimSpace(s))
	}
	if start >= MaxTime || end >= MaxTime {
		return 0, 0, lineError(CodeTimecodeRange, line, "the timecode %q is beyond 24 hours", strings.TrimSpace(s))
	}
	if end < start {
		return 0, 0, lineError(CodeTimecode, line, "the cue ends (%s) before it starts (%s)", Timecode(end, "."), Timecode(start, "."))
	}
	return start, end, nil
}

// ParseTimecode reads a timestamp as Timecode writes it (or SRT's comma
// form), within 0–24 hours.
func ParseTimecode(s string) (time.Duration, bool) {
	d, ok := parseTimestamp(s)
	return d, ok && d < MaxTime
}
