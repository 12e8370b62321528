package subtitles

import (
	"regexp"
	"strings"

	"github.com/rivo/uniseg"
)

// tagPattern matches the styling markup subtitle files carry: HTML-like
// tags (<i>, </b>, <font color=…>, WebVTT <c.yellow>, <v Name>, inner
// timestamps <00:01.000>) and SSA overrides ({\an8}).
var tagPattern = regexp.MustCompile(`</?[A-Za-z][^<>]*>|<[0-9][0-9:.]*>|\{\\[^{}]*\}`)

// StripTags removes styling markup, leaving the text a reader sees;
// entities WebVTT writes (&amp; &lt; &gt;) count as one character.
func StripTags(s string) string {
	s = tagPattern.ReplaceAllString(s, "")
	return entityReplacer.Replace(s)
}

var entityReplacer = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&nbsp;", "\u00a0", "&lrm;", "\u200e", "&rlm;", "\u200f")

// Graphemes counts the characters a reader sees in s: grapheme clusters
// (a letter with its combining accents, an emoji with its modifiers, one
// Chinese character), without styling tags.
func Graphemes(s string) int { return uniseg.GraphemeClusterCount(StripTags(s)) }

// openTag matches one HTML-like tag, capturing a closing slash and name.
var openTag = regexp.MustCompile(`<(/?)([A-Za-z][A-Za-z0-9]*)(?:[\s.][^<>]*)?>`)

// selfContained are WebVTT tags that need no end tag.
var selfContained = map[string]bool{"v": true, "lang": true, "br": true}

// BalancedTags reports whether every styling tag opened in a cue's lines is
// closed, in order, within the cue.
func BalancedTags(lines []string) bool {
	var stack []string
	for _, l := range lines {
		for _, m := range openTag.FindAllStringSubmatch(l, -1) {
			name := strings.ToLower(m[2])
			if selfContained[name] {
				continue
			}
			if m[1] == "" {
				stack = append(stack, name)
				continue
			}
			if len(stack) == 0 || stack[len(stack)-1] != name {
				return false
			}
			stack = stack[:len(stack)-1]
		}
	}
	return len(stack) == 0
}
