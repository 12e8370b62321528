package subtitles

import (
	"strings"
	"testing"
	"time"

	"github.com/asticode/go-astisub"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// feature is a feature film's worth of Chinese cues (3,000), as SRT.
func feature() string {
	var b strings.Builder
	for i := 0; i < 3000; i++ {
		start := time.Duration(i) * 3 * time.Second
		b.WriteString(Timecode(start, ",") + " --> " + Timecode(start+2*time.Second, ",") + "\r\n我们明天在唐人街见面。\r\n<i>你知道这个地方吗？</i>\r\n\r\n")
	}
	return b.String()
}

// BenchmarkParseCheckUTF8 reads and checks a 3,000-cue UTF-8 SRT.
func BenchmarkParseCheckUTF8(b *testing.B) {
	raw := []byte(feature())
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		p, err := Parse(raw, ParseOptions{Language: "zh"})
		if err != nil {
			b.Fatal(err)
		}
		Check(p.Cues, RulesFor("zh", nil), DefaultFrameRate)
	}
}

// BenchmarkParseCheckGBK is the same file in GBK: detection decodes it as
// GB18030 and Big5 and scores both.
func BenchmarkParseCheckGBK(b *testing.B) {
	raw, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(feature()))
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		p, err := Parse(raw, ParseOptions{Language: "zh"})
		if err != nil {
			b.Fatal(err)
		}
		Check(p.Cues, RulesFor("zh", nil), DefaultFrameRate)
	}
}

// BenchmarkAstisubSRTBaseline reads the same UTF-8 file with astisub's SRT
// reader alone (no detection, no QC): the baseline for the two above.
func BenchmarkAstisubSRTBaseline(b *testing.B) {
	raw := feature()
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if _, err := astisub.ReadFromSRT(strings.NewReader(raw)); err != nil {
			b.Fatal(err)
		}
	}
}
