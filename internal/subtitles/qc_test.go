package subtitles

import (
	"reflect"
	"strings"
	"testing"
)

func cue(start, end int64, lines ...string) Cue {
	return Cue{Start: ms(start), End: ms(end), Lines: lines}
}

func numbered(cues ...Cue) []Cue {
	for i := range cues {
		cues[i].Index = i + 1
	}
	return cues
}

func rulesOf(q *QC) []string {
	out := []string{}
	for _, is := range q.Issues {
		out = append(out, is.Rule)
	}
	return out
}

// TestQCRulesAtLimits checks every rule just at its limit (passes) and one
// step beyond (fails), with the Chinese and Russian defaults.
func TestQCRulesAtLimits(t *testing.T) {
	zh := func(n int) string { return strings.Repeat("唐", n) }
	ru := func(n int) string { return strings.Repeat("ж", n) }
	cases := []struct {
		name, lang string
		fps        FrameRate
		cues       []Cue
		want       []string
	}{
		{"zh cpl 16", "zh", DefaultFrameRate, numbered(cue(0, 2000, zh(16))), nil},
		{"zh cpl 17", "zh", DefaultFrameRate, numbered(cue(0, 2000, zh(17))), []string{"cpl"}},
		{"zh cpl counts graphemes, not tags", "zh-Hans", DefaultFrameRate, numbered(cue(0, 2000, "<i>"+zh(16)+"</i>")), nil},
		{"zh cps 9.0", "zh", DefaultFrameRate, numbered(cue(0, 2000, zh(9), zh(9))), nil},
		{"zh cps 9.5", "zh", DefaultFrameRate, numbered(cue(0, 2000, zh(10), zh(9))), []string{"cps"}},
		{"ru cpl 42", "ru", DefaultFrameRate, numbered(cue(0, 3000, ru(42))), nil},
		{"ru cpl 43", "ru", DefaultFrameRate, numbered(cue(0, 3000, ru(43))), []string{"cpl"}},
		{"ru cpl combining accents count once", "ru", DefaultFrameRate, numbered(cue(0, 3000, strings.Repeat("и\u0301", 42))), nil},
		{"ru cps 17.0", "ru", DefaultFrameRate, numbered(cue(0, 2000, ru(17), ru(17))), nil},
		{"ru cps 17.5", "ru", DefaultFrameRate, numbered(cue(0, 2000, ru(18), ru(17))), []string{"cps"}},
		{"ru lines 2", "ru", DefaultFrameRate, numbered(cue(0, 3000, "а", "б")), nil},
		{"ru lines 3", "ru", DefaultFrameRate, numbered(cue(0, 3000, "а", "б", "в")), []string{"lines"}},
		{"zh lines 3", "zh", DefaultFrameRate, numbered(cue(0, 3000, "唐", "人", "街")), []string{"lines"}},
		{"ru min duration 833", "ru", DefaultFrameRate, numbered(cue(0, 833, "да")), nil},
		{"ru min duration 832", "ru", DefaultFrameRate, numbered(cue(0, 832, "да")), []string{"min_duration"}},
		{"zh min duration 832", "zh", DefaultFrameRate, numbered(cue(0, 832, "好")), []string{"min_duration"}},
		{"zh max duration 7000", "zh", DefaultFrameRate, numbered(cue(0, 7000, "好")), nil},
		{"zh max duration 7001", "zh", DefaultFrameRate, numbered(cue(0, 7001, "好")), []string{"max_duration"}},
		{"ru max duration 7001", "ru", DefaultFrameRate, numbered(cue(0, 7001, "да")), []string{"max_duration"}},
		{"gap 2 frames at 25", "ru", DefaultFrameRate, numbered(cue(0, 1000, "да"), cue(1080, 2000, "нет")), nil},
		{"gap under 2 frames at 25", "ru", DefaultFrameRate, numbered(cue(0, 1000, "да"), cue(1079, 2000, "нет")), []string{"gap"}},
		{"gap 2 frames at 23.976", "zh", FrameRate{24000, 1001}, numbered(cue(0, 1000, "好"), cue(1084, 2000, "的")), nil},
		{"gap under 2 frames at 23.976", "zh", FrameRate{24000, 1001}, numbered(cue(0, 1000, "好"), cue(1083, 2000, "的")), []string{"gap"}},
		{"touching cues are a gap issue", "zh", DefaultFrameRate, numbered(cue(0, 1000, "好"), cue(1000, 2000, "的")), []string{"gap"}},
		{"overlap", "ru", DefaultFrameRate, numbered(cue(0, 1000, "да"), cue(999, 2000, "нет")), []string{"overlap"}},
		{"order", "zh", DefaultFrameRate, numbered(cue(5000, 6000, "好"), cue(1000, 2000, "的")), []string{"order"}},
		{"empty", "ru", DefaultFrameRate, numbered(cue(0, 1000, "<i> </i>")), []string{"empty"}},
		{"no lines is empty", "zh", DefaultFrameRate, numbered(cue(0, 1000)), []string{"empty"}},
		{"tags balanced", "ru", DefaultFrameRate, numbered(cue(0, 2000, "<i>да</i> <b>и</b>", "<font color=\"#ff0\">нет</font>")), nil},
		{"tags across lines", "ru", DefaultFrameRate, numbered(cue(0, 2000, "<i>да", "нет</i>")), nil},
		{"tag not closed", "ru", DefaultFrameRate, numbered(cue(0, 2000, "<i>да")), []string{"tags"}},
		{"tags crossed", "zh", DefaultFrameRate, numbered(cue(0, 2000, "<i><b>好</i></b>")), []string{"tags"}},
		{"vtt voice needs no end tag", "ru", DefaultFrameRate, numbered(cue(0, 2000, "<v Иван>да")), nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q := Check(c.cues, RulesFor(c.lang, nil), c.fps)
			got := rulesOf(q)
			want := c.want
			if want == nil {
				want = []string{}
			}
			if !reflect.DeepEqual(got, want) || q.Passed != (len(want) == 0) {
				t.Errorf("issues %v (passed %v), want %v: %+v", got, q.Passed, want, q.Issues)
			}
		})
	}
}

func TestQCIssueShape(t *testing.T) {
	cues := numbered(cue(1000, 3000, "好"), cue(4000, 6000, "我们明天在唐人街见面你知道这个地方吗"), cue(7000, 9000, strings.Repeat("唐", 23)))
	q := Check(cues, RulesFor("zh", nil), DefaultFrameRate)
	want := []Issue{
		{Cue: 2, Start: "00:00:04.000", Rule: "cpl", Value: 18, Limit: 16, Line: 1},
		{Cue: 3, Start: "00:00:07.000", Rule: "cpl", Value: 23, Limit: 16, Line: 1},
		{Cue: 3, Start: "00:00:07.000", Rule: "cps", Value: 11.5, Limit: 9},
	}
	if !reflect.DeepEqual(q.Issues, want) || q.Passed {
		t.Errorf("%+v", q.Issues)
	}
	// An organisation's override for Chinese takes effect; Russian keeps defaults.
	over := map[string]Rules{"zh": {CPL: 30, CPS: 12, MaxLines: 2, MinDurationMs: 833, MaxDurationMs: 7000, MinGapFrames: 2}}
	if q := Check(cues, RulesFor("zh-Hans", over), DefaultFrameRate); !q.Passed {
		t.Errorf("override ignored: %+v", q.Issues)
	}
	if r := RulesFor("ru-RU", over); r.CPL != 42 || r.CPS != 17 {
		t.Errorf("ru: %+v", r)
	}
	if r := RulesFor("sw", nil); r.CPL != 42 {
		t.Errorf("default: %+v", r)
	}
}
