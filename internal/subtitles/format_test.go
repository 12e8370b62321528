package subtitles

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

func ms(n int64) time.Duration { return time.Duration(n) * time.Millisecond }

var wantTwo = []Cue{
	{Index: 1, Start: ms(1000), End: ms(3000), Lines: []string{"<i>Мы встретимся</i>", "завтра."}},
	{Index: 2, Start: ms(4000), End: ms(6500), Lines: []string{"Ты знаешь это место?"}},
}

func TestParseSRTVariants(t *testing.T) {
	base := "1\n00:00:01,000 --> 00:00:03,000\n<i>Мы встретимся</i>\nзавтра.\n\n2\n00:00:04,000 --> 00:00:06,500\nТы знаешь это место?\n"
	cases := map[string]string{
		"lf":                 base,
		"crlf":               strings.ReplaceAll(base, "\n", "\r\n"),
		"cr":                 strings.ReplaceAll(base, "\n", "\r"),
		"no final newline":   strings.TrimSuffix(base, "\n"),
		"stray spaces":       strings.Replace(base, "00:00:01,000 --> 00:00:03,000", " 00:00:01 ,000  -->  00:00: 03,000 ", 1),
		"numbers disordered": strings.Replace(strings.Replace(base, "1\n00", "7\n00", 1), "2\n00", "3\n00", 1),
		"dot milliseconds":   strings.Replace(base, "00:00:04,000", "00:00:04.000", 1),
		"no blank line":      strings.Replace(base, "завтра.\n\n2", "завтра.\n2", 1),
		"no cue numbers":     strings.Replace(strings.Replace(base, "1\n00", "00", 1), "2\n00", "00", 1),
		"trailing blanks":    base + "\n\n\n",
		"coordinates":        strings.Replace(base, "00:00:03,000", "00:00:03,000 X1:100 X2:200 Y1:10 Y2:20", 1),
	}
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			p, err := Parse([]byte(in), ParseOptions{Language: "ru"})
			if err != nil {
				t.Fatal(err)
			}
			if p.Format != FormatSRT || !reflect.DeepEqual(p.Cues, wantTwo) {
				t.Errorf("%s: %+v", p.Format, p.Cues)
			}
		})
	}
}

func TestParseVTT(t *testing.T) {
	in := "WEBVTT - русские субтитры\nKind: captions\n\nNOTE made by hand\n-- still a note\n\nSTYLE\n::cue { color: yellow }\n\n" +
		"intro\n00:01.000 --> 00:03.000 align:start position:10%\n<i>Мы встретимся</i>\nзавтра.\n\n" +
		"00:00:04.000 --> 00:00:06.500\nТы знаешь это место?\n"
	p, err := Parse([]byte(in), ParseOptions{Language: "ru"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Format != FormatVTT || !reflect.DeepEqual(p.Cues, wantTwo) {
		t.Errorf("%s: %+v", p.Format, p.Cues)
	}
}

// TestRoundTrips writes the cues in each output format and reads them back.
func TestRoundTrips(t *testing.T) {
	srt := WriteSRT(wantTwo)
	if !bytes.Contains(srt, []byte("1\r\n00:00:01,000 --> 00:00:03,000\r\n<i>Мы встретимся</i>\r\nзавтра.\r\n\r\n")) {
		t.Errorf("srt: %q", srt)
	}
	if bytes.Count(srt, []byte("\n")) != bytes.Count(srt, []byte("\r\n")) {
		t.Error("srt has bare LF")
	}
	vtt := WriteVTT(wantTwo)
	ttml, err := WriteTTML(wantTwo, "ru")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(ttml, []byte(`xml:lang="ru"`)) {
		t.Errorf("ttml without language: %s", ttml)
	}
	for name, c := range map[string]struct {
		data   []byte
		format Format
		want   []Cue
	}{
		"srt":  {srt, FormatSRT, wantTwo},
		"vtt":  {vtt, FormatVTT, wantTwo},
		"ttml": {ttml, FormatTTML, stripped(wantTwo)},
	} {
		p, err := Parse(c.data, ParseOptions{Language: "ru"})
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, c.data)
		}
		if p.Format != c.format || !reflect.DeepEqual(p.Cues, c.want) {
			t.Errorf("%s: %s %+v", name, p.Format, p.Cues)
		}
	}
	zh := []Cue{{Index: 1, Start: ms(500), End: ms(2500), Lines: []string{"唐人街 & 朋友"}}}
	p, err := Parse(WriteVTT(zh), ParseOptions{Language: "zh"})
	if err != nil || p.Cues[0].Lines[0] != "唐人街 &amp; 朋友" || StripTags(p.Cues[0].Lines[0]) != "唐人街 & 朋友" {
		t.Errorf("vtt ampersand: %+v %v", p, err)
	}
}

func stripped(cues []Cue) []Cue {
	out := make([]Cue, len(cues))
	for i, c := range cues {
		c.Lines = append([]string{}, c.Lines...)
		for j := range c.Lines {
			c.Lines[j] = StripTags(c.Lines[j])
		}
		out[i] = c
	}
	return out
}

const ebuttd = `<?xml version="1.0" encoding="UTF-8"?>
<tt xmlns="http://www.w3.org/ns/ttml" xmlns:tts="http://www.w3.org/ns/ttml#styling" xmlns:ttp="http://www.w3.org/ns/ttml#parameter"
 xmlns:ebuttm="urn:ebu:tt:metadata" xmlns:ebutts="urn:ebu:tt:style" ttp:timeBase="media" xml:lang="zh">
<head><styling><style xml:id="s1" tts:fontStyle="italic"/></styling><layout><region xml:id="bottom"/></layout></head>
<body><div>
<p xml:id="c1" begin="00:00:01.000" end="00:00:03.000" region="bottom">我们明天<span style="s1">见面</span><br/>在唐人街。</p>
<p xml:id="c2" begin="00:00:04.000" end="00:00:06.500">你知道这个地方吗？</p>
</div></body></tt>`

func TestParseTTMLAndEBUTTD(t *testing.T) {
	p, err := Parse([]byte(ebuttd), ParseOptions{Language: "zh"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Format != FormatEBUTTD || len(p.Cues) != 2 {
		t.Fatalf("%s %+v", p.Format, p.Cues)
	}
	if got := p.Cues[0]; got.Start != ms(1000) || got.End != ms(3000) || StripTags(got.Text()) != "我们明天见面\n在唐人街。" {
		t.Errorf("cue 1: %+v", got)
	}
	imsc := strings.Replace(ebuttd, ` xmlns:ebuttm="urn:ebu:tt:metadata" xmlns:ebutts="urn:ebu:tt:style"`, "", 1)
	imsc = strings.Replace(imsc, `encoding="UTF-8"`, `encoding="UTF-16"`, 1) // declared wrongly: the bytes are UTF-8
	p, err = Parse([]byte(imsc), ParseOptions{Language: "zh"})
	if err != nil || p.Format != FormatTTML || len(p.Cues) != 2 {
		t.Errorf("imsc: %+v %v", p, err)
	}
	if _, err := Parse([]byte(strings.Replace(ebuttd, "</div>", "", 1)), ParseOptions{Language: "zh"}); err == nil {
		t.Error("broken XML read")
	} else if code, _ := fieldCode(err); code != CodeUnreadable {
		t.Errorf("broken XML: %s", code)
	}
}

func TestParseSTL(t *testing.T) {
	// astisub's own sample files (MIT): teletext and open subtitling.
	raw, err := os.ReadFile("testdata/example-in.stl")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse(raw, ParseOptions{Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Format != FormatSTL || len(p.Cues) != 6 || p.Cues[1].Text() != "MAN:\nHow did we end up here?" || p.Cues[0].Start != 99*time.Second {
		t.Errorf("%+v %q", p, p.Cues[1].Text())
	}
	opn, _ := os.ReadFile("testdata/example-opn-in.stl")
	p, err = Parse(opn, ParseOptions{Language: "da"})
	if err != nil || !strings.Contains(p.Cues[1].Text(), "<i>TEST ÆæØøÅå</i>") {
		t.Errorf("open subtitling: %+v %v", p, err)
	}
	cyr := append([]byte{}, raw...)
	copy(cyr[12:14], "01")
	_, err = Parse(cyr, ParseOptions{Language: "ru"})
	if code, params := fieldCode(err); code != CodeSTLCodePage || params["name"] != "Latin/Cyrillic" {
		t.Errorf("cyrillic STL: %v", err)
	}
	if !strings.Contains(err.Error(), "Latin/Cyrillic") {
		t.Errorf("message: %v", err)
	}
	if _, err := Parse(raw[:1100], ParseOptions{Format: "stl"}); err != nil {
		t.Logf("truncated STL: %v", err) // either reads what is whole or refuses; never panics
	}
}

func TestParseRefusals(t *testing.T) {
	many := strings.Builder{}
	for i := 0; i < 100000; i++ {
		many.WriteString("00:00:01,000 --> 00:00:02,000\nx\n\n")
	}
	cases := []struct {
		name, in, code string
		line           int
	}{
		{"binary junk", "1\n00:00:01,000 --> 00:00:02,000\nab\x00\x01\x02cd\n", CodeBinary, 3},
		{"png", "\x89PNG\r\n\x1a\n\x00\x00", CodeEncodingAmbiguous, 0},
		{"beyond 24 hours", "1\n00:00:01,000 --> 00:00:02,000\na\n\n2\n24:00:00,000 --> 24:00:01,000\nb\n", CodeTimecodeRange, 6},
		{"bad timecode", "1\n00:00:01,000 --> 00:0x:02,000\na\n", CodeTimecode, 2},
		{"ends before start", "1\n00:00:05,000 --> 00:00:02,000\na\n", CodeTimecode, 2},
		{"text before any cue", "hello\n00:00:01,000 --> 00:00:02,000\na\n", CodeSyntax, 1},
		{"100000 cues", many.String(), CodeTooManyCues, 60001},
		{"not subtitles", "just some text\n", CodeFormatUnknown, 0},
		{"vtt without header", "WEBVTTX\n\n00:01.000 --> 00:02.000\na\n", CodeSyntax, 1},
		{"empty", "", CodeFormatUnknown, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse([]byte(c.in), ParseOptions{Language: "en"})
			code, params := fieldCode(err)
			if code != c.code {
				t.Fatalf("code %q, want %q (%v)", code, c.code, err)
			}
			if c.line != 0 && params["line"] != c.line {
				t.Errorf("line %v, want %d (%v)", params["line"], c.line, err)
			}
		})
	}
	if _, err := Parse(make([]byte, MaxFileSize+1), ParseOptions{}); err == nil || !strings.HasPrefix(err.Error(), string(CodeTooLarge)) {
		t.Errorf("too large: %v", err)
	}
}
