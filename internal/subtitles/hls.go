package subtitles

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// SubtitleGroup is the GROUP-ID of subtitle renditions in a master playlist.
const SubtitleGroup = "subs"

// Rendition is one track offered in an HLS master playlist.
type Rendition struct {
	Language string
	Usage    Usage
	// URI is the (signed) URL of the track's WebVTT media playlist.
	URI string
}

// LanguageName is a language's name in that language, capitalised as a
// menu shows it ("ru" → "Русский", "zh-Hans" → "简体中文"); the tag itself
// when unknown.
func LanguageName(tag string) string {
	t, err := language.Parse(tag)
	if err != nil {
		return tag
	}
	name := display.Self.Name(t)
	r, size := utf8.DecodeRuneInString(name)
	if name == "" || r == utf8.RuneError {
		return tag
	}
	return string(unicode.ToTitle(r)) + name[size:]
}

// AddRenditions adds one EXT-X-MEDIA TYPE=SUBTITLES line per track before
// the first variant of a master playlist, and SUBTITLES="subs" to every
// variant, so players offer the tracks. Names are in the track's own
// language and unique within the group, as RFC 8216 requires.
func AddRenditions(master []byte, rs []Rendition) []byte {
	if len(rs) == 0 {
		return master
	}
	var media strings.Builder
	seen := map[string]int{}
	for _, r := range rs {
		name := LanguageName(r.Language)
		switch r.Usage {
		case UsageSDH:
			name += " (SDH)"
		case UsageForced:
			name += " (forced)"
		}
		if seen[name]++; seen[name] > 1 {
			name += " " + strconv.Itoa(seen[name])
		}
		fmt.Fprintf(&media, "#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=%q,LANGUAGE=%s,NAME=%s,DEFAULT=NO,AUTOSELECT=YES",
			SubtitleGroup, quoteAttr(r.Language), quoteAttr(name))
		if r.Usage == UsageForced {
			media.WriteString(",FORCED=YES")
		}
		if r.Usage == UsageSDH {
			media.WriteString(`,CHARACTERISTICS="public.accessibility.transcribes-spoken-dialog,public.accessibility.describes-music-and-sound"`)
		}
		fmt.Fprintf(&media, ",URI=%s\n", quoteAttr(r.URI))
	}
	var out strings.Builder
	added := false
	for _, line := range strings.SplitAfter(string(master), "\n") {
		if strings.HasPrefix(line, "#EXT-X-STREAM-INF:") {
			if !added {
				out.WriteString(media.String())
				added = true
			}
			body := strings.TrimRight(line, "\r\n")
			out.WriteString(body + `,SUBTITLES="` + SubtitleGroup + `"` + line[len(body):])
			continue
		}
		out.WriteString(line)
	}
	return []byte(out.String())
}

func quoteAttr(s string) string {
	return `"` + strings.Map(func(r rune) rune {
		if r == '"' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, s) + `"`
}

// MediaPlaylist is the WebVTT media playlist of a track: the whole track
// as one segment named vttURI, lasting to its last cue.
func MediaPlaylist(cues []Cue, vttURI string) []byte {
	end := 1.0
	for _, c := range cues {
		end = math.Max(end, c.End.Seconds())
	}
	return []byte(fmt.Sprintf("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:%d\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXTINF:%.3f,\n%s\n#EXT-X-ENDLIST\n",
		int(math.Ceil(end)), end, vttURI))
}
