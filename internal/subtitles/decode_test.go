package subtitles

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

const (
	zhSimplifiedSRT = "1\r\n00:00:01,000 --> 00:00:03,000\r\n我们明天在唐人街见面。\r\n\r\n2\r\n00:00:04,000 --> 00:00:06,500\r\n你知道这个地方吗？\r\n"
	zhTraditional   = "1\r\n00:00:01,000 --> 00:00:03,000\r\n我們明天在唐人街見面。\r\n\r\n2\r\n00:00:04,000 --> 00:00:06,500\r\n你知道這個地方嗎？\r\n"
	ruSRT           = "1\r\n00:00:01,000 --> 00:00:03,000\r\nМы встретимся завтра в Чайнатауне.\r\n\r\n2\r\n00:00:04,000 --> 00:00:06,500\r\nТы знаешь это место?\r\n"
)

func encode(t *testing.T, e encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := e.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestDecodeEncodings reads real Chinese and Russian subtitles saved in each
// supported encoding, detected from the declared language.
func TestDecodeEncodings(t *testing.T) {
	utf16le := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
	utf16be := unicode.UTF16(unicode.BigEndian, unicode.UseBOM)
	cases := []struct {
		name, lang, text, want string
		raw                    []byte
	}{
		{"utf-8", "zh", zhSimplifiedSRT, "utf-8", []byte(zhSimplifiedSRT)},
		{"utf-8 bom", "ru", ruSRT, "utf-8", append([]byte{0xEF, 0xBB, 0xBF}, ruSRT...)},
		{"utf-16le bom", "zh", zhSimplifiedSRT, "utf-16le", nil},
		{"utf-16be bom", "ru", ruSRT, "utf-16be", nil},
		{"gbk", "zh", zhSimplifiedSRT, "gb18030", encode(t, simplifiedchinese.GBK, zhSimplifiedSRT)},
		{"gb18030", "zh-Hans", zhSimplifiedSRT, "gb18030", encode(t, simplifiedchinese.GB18030, zhSimplifiedSRT)},
		{"big5", "zh-Hant", zhTraditional, "big5", encode(t, traditionalchinese.Big5, zhTraditional)},
		{"windows-1251", "ru", ruSRT, "windows-1251", encode(t, charmap.Windows1251, ruSRT)},
		{"koi8-r", "ru", ruSRT, "koi8-r", encode(t, charmap.KOI8R, ruSRT)},
		{"windows-1251 capitals", "ru", strings.ToUpper(ruSRT), "windows-1251", encode(t, charmap.Windows1251, strings.ToUpper(ruSRT))},
		{"koi8-r capitals", "uk", strings.ToUpper(ruSRT), "koi8-r", encode(t, charmap.KOI8R, strings.ToUpper(ruSRT))},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			raw := c.raw
			switch c.want {
			case "utf-16le":
				raw = encode(t, utf16le, c.text)
			case "utf-16be":
				raw = encode(t, utf16be, c.text)
			}
			text, enc, err := Decode(raw, "auto", c.lang)
			if err != nil {
				t.Fatal(err)
			}
			if enc != c.want || text != c.text {
				t.Errorf("got %s %q, want %s %q", enc, text, c.want, c.text)
			}
			p, err := Parse(raw, ParseOptions{Language: c.lang})
			if err != nil {
				t.Fatal(err)
			}
			if p.Encoding != c.want || len(p.Cues) != 2 || p.Format != FormatSRT {
				t.Errorf("parsed %s %s with %d cues", p.Format, p.Encoding, len(p.Cues))
			}
		})
	}
}

func fieldCode(err error) (string, map[string]any) {
	var ae *apperr.Error
	if e, ok := err.(*apperr.Error); ok {
		ae = e
	}
	if ae == nil || len(ae.Fields) == 0 {
		return "", nil
	}
	return ae.Fields[0].Code, ae.Fields[0].Params
}

func TestDecodeRefusals(t *testing.T) {
	gbk := encode(t, simplifiedchinese.GBK, zhSimplifiedSRT)
	// Russian in Windows-1251 declared as English: no guess is safe.
	if _, _, err := Decode(encode(t, charmap.Windows1251, ruSRT), "auto", "en"); err == nil {
		t.Error("non-UTF-8 English file was guessed")
	} else if code, _ := fieldCode(err); code != CodeEncodingAmbiguous {
		t.Errorf("code %q: %v", code, err)
	}
	// Two rare letters read as badly either way: ambiguous, not guessed.
	caps := encode(t, charmap.Windows1251, "1\n00:00:01,000 --> 00:00:02,000\nЭХ\n")
	if _, _, err := Decode(caps, "auto", "ru"); err == nil {
		t.Error("ambiguous Cyrillic was guessed")
	} else if code, _ := fieldCode(err); code != CodeEncodingAmbiguous {
		t.Errorf("code %q: %v", code, err)
	}
	// With encoding= the same file reads.
	if text, enc, err := Decode(caps, "cp1251", "ru"); err != nil || enc != "windows-1251" || !strings.Contains(text, "ЭХ") {
		t.Errorf("explicit: %q %s %v", text, enc, err)
	}
	// A byte sequence GBK cannot decode (0x81 0x20) is named by its line.
	bad := append(append([]byte{}, gbk...), []byte("\r\n3\r\n00:00:07,000 --> 00:00:08,000\r\n\x81 end\r\n")...)
	_, _, err := Decode(bad, "gbk", "zh")
	if code, params := fieldCode(err); code != CodeEncodingInvalid || params["line"] != 11 {
		t.Errorf("undecodable: %v %v", code, params)
	}
	// Mixed: UTF-8 Chinese lines and GBK lines in one file.
	mixed := append([]byte("1\n00:00:01,000 --> 00:00:02,000\n我们明天见。\n\n"), encode(t, simplifiedchinese.GBK, "2\n00:00:03,000 --> 00:00:04,000\n你知道吗？\n")...)
	_, _, err = Decode(mixed, "auto", "zh")
	if code, params := fieldCode(err); code != CodeEncodingMixed || params["line"] != 7 || params["utf8_line"] != 3 {
		t.Errorf("mixed: %v %v (%v)", code, params, err)
	}
	// Invalid UTF-8 declared as UTF-8 names its line.
	_, _, err = Decode([]byte("1\n00:00:01,000 --> 00:00:02,000\nok\xff\n"), "utf-8", "en")
	if code, params := fieldCode(err); code != CodeEncodingInvalid || params["line"] != 3 {
		t.Errorf("utf-8: %v %v", code, params)
	}
	// A UTF-16 file with a broken surrogate.
	u16 := append(encode(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), "1\n00:00:01,000 --> 00:00:02,000\n"), 0x00, 0xD8, 'a', 0)
	if _, _, err := Decode(u16, "auto", "en"); err == nil {
		t.Error("broken UTF-16 was read")
	}
	if _, _, err := Decode([]byte("x"), "no-such", "en"); err == nil {
		t.Error("unknown encoding accepted")
	} else if code, _ := fieldCode(err); code != CodeEncodingUnknown {
		t.Errorf("unknown: %s", code)
	}
}
