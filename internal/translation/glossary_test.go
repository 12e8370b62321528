package translation

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/silkbridge/silkbridge/internal/subtitles"
)

var chinatown = []*Term{
	{SourceLanguage: "zh", TargetLanguage: "ru", Source: "唐人街", Target: "Чайнатаун"},
	{SourceLanguage: "zh", TargetLanguage: "ru", Source: "唐人", Target: "китайцы"},
	{SourceLanguage: "en", TargetLanguage: "ru", Source: "Chinatown", Target: "Чайнатаун"},
	{SourceLanguage: "zh", TargetLanguage: "en", Source: "唐人街", Target: "Chinatown"},
}

func cue(i int, lines ...string) subtitles.Cue { return subtitles.Cue{Index: i, Lines: lines} }

func TestProtectPutsTheLongestTermFirst(t *testing.T) {
	for _, c := range []struct{ in, from, to, want string }{
		{"你知道唐人街吗", "zh-Hans", "ru", "你知道Чайнатаун吗"},
		{"唐人都在唐人街", "zh-Hans", "ru", "китайцы都在Чайнатаун"},
		{"唐人街", "zh-Hans", "en", "Chinatown"},
		{"Welcome to CHINATOWN!", "en-GB", "ru", "Welcome to Чайнатаун!"},
		{"唐人街", "ja", "ru", "唐人街"},
	} {
		if got := protect(c.in, termsFor(chinatown, c.from, c.to)); got != c.want {
			t.Errorf("protect(%q, %s→%s) = %q, want %q", c.in, c.from, c.to, got, c.want)
		}
	}
}

func TestGlossaryIssues(t *testing.T) {
	src := []subtitles.Cue{cue(1, "我们明天见。"), cue(2, "你知道唐人街", "这个地方吗"), cue(3, "唐人街"), cue(4, "唐人街")}
	dst := []subtitles.Cue{cue(1, "До завтра."), cue(2, "Знаешь <i>чайнатаун</i>?"), cue(3, "Китайский квартал"), cue(4)}
	got := GlossaryIssues(src, dst, chinatown, "zh-Hans", "ru")
	// Cue 2 uses the term (case and tags aside); cue 3 does not; cue 4 is
	// not translated yet, so nothing is said of it.
	if len(got) != 1 || got[0].Cue != 3 || got[0].Rule != RuleGlossary || got[0].Term != "Чайнатаун" {
		t.Fatalf("issues %+v", got)
	}
}

func FuzzProtect(f *testing.F) {
	for _, s := range []string{"你知道唐人街吗", "CHINATOWN chinatown", "", "\xff\xfe", "İstanbul Chinatown"} {
		f.Add(s, "Chinatown")
	}
	f.Fuzz(func(t *testing.T, text, term string) {
		terms := append([]*Term{{SourceLanguage: "en", TargetLanguage: "ru", Source: term, Target: "Т"}}, chinatown...)
		out := protect(text, termsFor(terms, "en", "ru"))
		if utf8.ValidString(text) && utf8.ValidString(term) && !utf8.ValidString(out) {
			t.Fatalf("protect(%q, %q) made invalid UTF-8 %q", text, term, out)
		}
		lines := splitLines(out)
		for _, l := range lines {
			if l == "" || strings.ContainsAny(l, "\r\n") {
				t.Fatalf("splitLines(%q) gave %q", out, lines)
			}
		}
		_ = GlossaryIssues([]subtitles.Cue{cue(1, text)}, []subtitles.Cue{cue(1, out)}, terms, "en", "ru")
	})
}
