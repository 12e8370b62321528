package ffmpeg

import (
	"fmt"
	"strconv"
	"strings"
)

// AudioGroup is the GROUP-ID of the audio renditions.
const AudioGroup = "aud"

// MasterText renders the master playlist: one EXT-X-MEDIA per audio
// rendition, named in its own language so a dub is selectable by name, and
// one variant for the video that refers to the group.
func (h *HLS) MasterText() string {
	var b strings.Builder
	b.WriteString("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n")
	var audioPeak, audioAvg int64
	codecs := []string{h.Video.Codecs}
	for _, a := range h.Audio {
		fmt.Fprintf(&b, "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=%q", AudioGroup)
		if a.Language != "" {
			fmt.Fprintf(&b, ",LANGUAGE=%s", quote(a.Language))
		}
		fmt.Fprintf(&b, ",NAME=%s,DEFAULT=%s,AUTOSELECT=YES", quote(a.Name), yesNo(a.Default))
		if a.Channels > 0 {
			fmt.Fprintf(&b, ",CHANNELS=\"%d\"", a.Channels)
		}
		fmt.Fprintf(&b, ",URI=%s\n", quote(a.Playlist))
		audioPeak, audioAvg = max(audioPeak, a.Bandwidth), max(audioAvg, a.AverageBandwidth)
		if !contains(codecs, a.Codecs) {
			codecs = append(codecs, a.Codecs)
		}
	}
	fmt.Fprintf(&b, "#EXT-X-STREAM-INF:BANDWIDTH=%d,AVERAGE-BANDWIDTH=%d,CODECS=%s",
		h.Video.Bandwidth+audioPeak, h.Video.AverageBandwidth+audioAvg, quote(strings.Join(codecs, ",")))
	if h.Video.Width > 0 && h.Video.Height > 0 {
		fmt.Fprintf(&b, ",RESOLUTION=%dx%d", h.Video.Width, h.Video.Height)
	}
	if fr := frameRate(h.Video.FrameRate); fr != "" {
		b.WriteString(",FRAME-RATE=" + fr)
	}
	if len(h.Audio) > 0 {
		fmt.Fprintf(&b, ",AUDIO=%q", AudioGroup)
	}
	b.WriteString("\n" + h.Video.Playlist + "\n")
	return b.String()
}

// quote makes a quoted-string attribute value; RFC 8216 forbids the double
// quote and line breaks inside, so they are dropped.
func quote(s string) string {
	return `"` + strings.Map(func(r rune) rune {
		if r == '"' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, s) + `"`
}

func yesNo(b bool) string {
	if b {
		return "YES"
	}
	return "NO"
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// frameRate turns "30000/1001" into the decimal FRAME-RATE wants ("29.970").
func frameRate(r string) string {
	a, b, ok := strings.Cut(r, "/")
	if !ok {
		return ""
	}
	n, err1 := strconv.ParseFloat(a, 64)
	d, err2 := strconv.ParseFloat(b, 64)
	if err1 != nil || err2 != nil || d == 0 || n <= 0 {
		return ""
	}
	return strconv.FormatFloat(n/d, 'f', 3, 64)
}
