package translation

import (
	"sort"
	"strings"
	"time"

	"github.com/silkbridge/silkbridge/internal/subtitles"
)

// RuleGlossary is the QC rule of a target cue that does not use the
// glossary's term where its source cue has the source term.
const RuleGlossary = "glossary"

// Term is one glossary entry of a pair of organisations: source in one
// language is translated as target in another (唐人街 → Чайнатаун).
type Term struct {
	ID             string    `json:"id"`
	OrgA           string    `json:"org_a" doc:"The pair, in alphabetical order"`
	OrgB           string    `json:"org_b"`
	SourceLanguage string    `json:"source_language"`
	TargetLanguage string    `json:"target_language"`
	Source         string    `json:"source"`
	Target         string    `json:"target"`
	CreatedBy      string    `json:"created_by"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// Pair orders two organisations as the glossary table keys them.
func Pair(a, b string) (string, string) {
	if b < a {
		return b, a
	}
	return a, b
}

// baseLanguage is a tag's primary subtag: a zh glossary serves zh-Hans.
func baseLanguage(tag string) string {
	if i := strings.IndexByte(tag, '-'); i > 0 {
		return strings.ToLower(tag[:i])
	}
	return strings.ToLower(tag)
}

// termsFor keeps the terms from source to target language, longest source
// first so that a longer term wins over one it contains.
func termsFor(terms []*Term, source, target string) []*Term {
	var out []*Term
	for _, t := range terms {
		if baseLanguage(t.SourceLanguage) == baseLanguage(source) && baseLanguage(t.TargetLanguage) == baseLanguage(target) {
			out = append(out, t)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].Source) > len(out[j].Source) })
	return out
}

// protect puts each glossary target in place of its source term before the
// text goes to machine translation: MT engines pass a word in a foreign
// script through unchanged, so the agreed term comes out as agreed.
func protect(text string, terms []*Term) string {
	for _, t := range terms {
		text = replaceFold(text, t.Source, t.Target)
	}
	return text
}

// replaceFold replaces old by new ignoring case (for Latin and Cyrillic
// terms; CJK has no case).
func replaceFold(s, old, repl string) string {
	if old == "" {
		return s
	}
	ls, lo := strings.ToLower(s), strings.ToLower(old)
	if len(ls) != len(s) || len(lo) != len(old) {
		return strings.ReplaceAll(s, old, repl)
	}
	var b strings.Builder
	for {
		i := strings.Index(ls, lo)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(repl)
		s, ls = s[i+len(old):], ls[i+len(old):]
	}
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(subtitles.StripTags(s)), strings.ToLower(sub))
}

// GlossaryIssues lists target cues with text that miss a term their source
// cue has; Issue.Term names the expected target term.
func GlossaryIssues(source, target []subtitles.Cue, terms []*Term, sourceLang, targetLang string) []subtitles.Issue {
	ts := termsFor(terms, sourceLang, targetLang)
	var out []subtitles.Issue
	for i, tc := range target {
		if i >= len(source) || !hasText(tc.Lines) {
			continue
		}
		src, dst := subtitles.StripTags(source[i].Text()), tc.Text()
		for _, t := range ts {
			if !containsFold(src, t.Source) {
				continue
			}
			if !containsFold(dst, t.Target) {
				out = append(out, subtitles.Issue{Cue: tc.Index, Start: subtitles.Timecode(tc.Start, "."), Rule: RuleGlossary, Term: t.Target})
			}
			// A shorter term inside this one (唐人 in 唐人街) is not asked for again.
			src = replaceFold(src, t.Source, "\x00")
		}
	}
	return out
}

func hasText(lines []string) bool {
	for _, l := range lines {
		if strings.TrimSpace(subtitles.StripTags(l)) != "" {
			return true
		}
	}
	return false
}
