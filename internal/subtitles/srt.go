package subtitles

import (
	"strconv"
	"strings"
)

// The SRT and WebVTT readers are line-based and written here rather than
// taken from astisub, because QC needs the text exactly as written (astisub
// turns <i>…</i> into style attributes, so an unbalanced tag could not be
// seen) and errors must name the file's line.

// parseSRT reads SubRip text (newlines already LF): blocks of an optional
// cue number, a timing line and text lines. Cue numbers are not trusted
// (files renumbered by hand have them out of order or repeated): cues are
// numbered by their place in the file. A missing blank line between cues
// is forgiven when the next timing line is unmistakable.
func parseSRT(text string) ([]Cue, error) {
	lines := strings.Split(text, "\n")
	var cues []Cue
	var cur *Cue
	pendingNumber := false // the previous line was a lone number (a cue number, unless text follows)
	for i, raw := range lines {
		n := i + 1
		line := strings.TrimRight(raw, " \t")
		trimmed := strings.TrimSpace(line)
		if strings.Contains(trimmed, "-->") {
			start, end, err := parseTiming(trimmed, n)
			if err != nil {
				return nil, err
			}
			if cur != nil && pendingNumber && len(cur.Lines) > 0 {
				cur.Lines = cur.Lines[:len(cur.Lines)-1] // the number belonged to this cue
			}
			if len(cues) >= MaxCues {
				return nil, fileError(CodeTooManyCues, map[string]any{"limit": MaxCues, "line": n}, "line %d: more than %d cues", n, MaxCues)
			}
			cues = append(cues, Cue{Index: len(cues) + 1, Start: start, End: end, Lines: []string{}})
			cur = &cues[len(cues)-1]
			pendingNumber = false
			continue
		}
		if trimmed == "" {
			if cur != nil {
				trimTrailingEmpty(cur)
			}
			cur = nil
			pendingNumber = false
			continue
		}
		if cur == nil {
			if allDigits(trimmed) {
				pendingNumber = true
				continue
			}
			return nil, lineError(CodeSyntax, n, "expected a cue number or a timing line, found %q", clip(trimmed))
		}
		cur.Lines = append(cur.Lines, line)
		pendingNumber = allDigits(trimmed)
	}
	return cues, nil
}

func trimTrailingEmpty(c *Cue) {
	for len(c.Lines) > 0 && strings.TrimSpace(c.Lines[len(c.Lines)-1]) == "" {
		c.Lines = c.Lines[:len(c.Lines)-1]
	}
}

// clip shortens a quoted piece of the file for an error message.
func clip(s string) string {
	r := []rune(s)
	if len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// WriteSRT renders cues as SubRip: UTF-8, CRLF line ends (what Windows
// tools and broadcast ingest expect), numbered from 1.
func WriteSRT(cues []Cue) []byte {
	var b strings.Builder
	for i, c := range cues {
		b.WriteString(strconv.Itoa(i + 1))
		b.WriteString("\r\n")
		b.WriteString(Timecode(c.Start, ",") + " --> " + Timecode(c.End, ",") + "\r\n")
		for _, l := range c.Lines {
			b.WriteString(strings.NewReplacer("\r", "", "\n", "").Replace(l))
			b.WriteString("\r\n")
		}
		b.WriteString("\r\n")
	}
	return []byte(b.String())
}
