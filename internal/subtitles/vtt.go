package subtitles

import (
	"regexp"
	"strings"
)

// parseVTT reads WebVTT (newlines already LF): the WEBVTT header, then
// blocks; NOTE, STYLE and REGION blocks are skipped, a cue is an optional
// identifier, a timing line (settings ignored) and its text.
func parseVTT(text string) ([]Cue, error) {
	lines := strings.Split(text, "\n")
	if h := strings.TrimSpace(lines[0]); h != "WEBVTT" && !strings.HasPrefix(h, "WEBVTT ") && !strings.HasPrefix(h, "WEBVTT\t") {
		return nil, lineError(CodeSyntax, 1, "a WebVTT file starts with WEBVTT")
	}
	var cues []Cue
	i := 1
	// The header block runs to the first blank line.
	for i < len(lines) && strings.TrimSpace(lines[i]) != "" {
		i++
	}
	for i < len(lines) {
		if strings.TrimSpace(lines[i]) == "" {
			i++
			continue
		}
		// One block: lines up to the next blank line.
		j := i
		for j < len(lines) && strings.TrimSpace(lines[j]) != "" {
			j++
		}
		block := lines[i:j]
		first := strings.TrimSpace(block[0])
		switch {
		case first == "NOTE" || strings.HasPrefix(first, "NOTE ") || strings.HasPrefix(first, "NOTE\t"),
			first == "STYLE", first == "REGION":
		default:
			t := 0
			if !strings.Contains(first, "-->") {
				t = 1 // a cue identifier
			}
			if t >= len(block) || !strings.Contains(block[t], "-->") {
				return nil, lineError(CodeSyntax, i+1+t, "expected a timing line \"00:00:01.000 --> 00:00:02.000\"")
			}
			start, end, err := parseTiming(strings.TrimSpace(block[t]), i+1+t)
			if err != nil {
				return nil, err
			}
			if len(cues) >= MaxCues {
				return nil, fileError(CodeTooManyCues, map[string]any{"limit": MaxCues, "line": i + 1}, "line %d: more than %d cues", i+1, MaxCues)
			}
			c := Cue{Index: len(cues) + 1, Start: start, End: end, Lines: []string{}}
			for k, l := range block[t+1:] {
				if strings.Contains(l, "-->") {
					return nil, lineError(CodeSyntax, i+2+t+k, "a timing line inside a cue's text (a blank line is missing before it)")
				}
				c.Lines = append(c.Lines, strings.TrimRight(l, " \t"))
			}
			cues = append(cues, c)
		}
		i = j
	}
	return cues, nil
}

// vttUnsupported are SRT tags WebVTT does not know; they are dropped on the
// way out, their text kept.
var vttUnsupported = regexp.MustCompile(`(?i)</?font\b[^<>]*>|\{\\[^{}]*\}`)

// WriteVTT renders cues as WebVTT (UTF-8, LF).
func WriteVTT(cues []Cue) []byte {
	var b strings.Builder
	b.WriteString("WEBVTT\n\n")
	for i, c := range cues {
		_ = i
		b.WriteString(Timecode(c.Start, ".") + " --> " + Timecode(c.End, ".") + "\n")
		for _, l := range c.Lines {
			l = vttUnsupported.ReplaceAllString(l, "")
			l = strings.ReplaceAll(l, "-->", "->")
			if strings.TrimSpace(l) == "" {
				continue // a blank line would end the cue
			}
			b.WriteString(escapeVTTAmpersands(l) + "\n")
		}
		b.WriteString("\n")
	}
	return []byte(b.String())
}

var vttEntity = regexp.MustCompile(`^&(?:[a-zA-Z]+|#[0-9]+|#x[0-9a-fA-F]+);`)

// escapeVTTAmpersands writes a bare & as &amp; (WebVTT would read "&lt;"
// in "R&D" as the start of an entity), keeping entities already written.
func escapeVTTAmpersands(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '&' && !vttEntity.MatchString(s[i:]) {
			b.WriteString("&amp;")
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
