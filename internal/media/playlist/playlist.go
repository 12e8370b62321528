// Package playlist reads and rewrites the HLS playlists silkbridge writes
// (RFC 8216): the segment list of a media playlist, and every URI of any
// playlist, so that delivery can replace relative names with signed links.
package playlist

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrNotPlaylist means the text does not start with #EXTM3U.
var ErrNotPlaylist = errors.New("not an HLS playlist")

// Segment is one media segment of a media playlist.
type Segment struct {
	URI       string
	DurationS float64
}

// Media is what a media playlist lists.
type Media struct {
	Init     string // EXT-X-MAP URI ("" for MPEG-TS segments)
	Segments []Segment
	Ended    bool // EXT-X-ENDLIST seen
}

// DurationS is the sum of the segments' durations.
func (m *Media) DurationS() float64 {
	var d float64
	for _, s := range m.Segments {
		d += s.DurationS
	}
	return d
}

// ParseMedia reads a media playlist.
func ParseMedia(data []byte) (*Media, error) {
	if !bytes.HasPrefix(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), []byte("#EXTM3U")) {
		return nil, ErrNotPlaylist
	}
	m := &Media{}
	var pending *float64
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "":
		case strings.HasPrefix(line, "#EXTINF:"):
			v, _, _ := strings.Cut(strings.TrimPrefix(line, "#EXTINF:"), ",")
			d, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil || d < 0 {
				return nil, fmt.Errorf("playlist: bad EXTINF %q", line)
			}
			pending = &d
		case strings.HasPrefix(line, "#EXT-X-MAP:"):
			m.Init = Attributes(strings.TrimPrefix(line, "#EXT-X-MAP:"))["URI"]
		case line == "#EXT-X-ENDLIST":
			m.Ended = true
		case strings.HasPrefix(line, "#"):
		default:
			if pending == nil {
				return nil, fmt.Errorf("playlist: segment %q has no EXTINF", line)
			}
			m.Segments = append(m.Segments, Segment{URI: line, DurationS: *pending})
			pending = nil
		}
	}
	return m, sc.Err()
}

// Attributes parses an attribute list (KEY=VALUE,KEY="QUOTED, VALUE").
// Quoted values are returned without their quotes.
func Attributes(list string) map[string]string {
	out := map[string]string{}
	for list != "" {
		key, rest, ok := strings.Cut(list, "=")
		if !ok {
			break
		}
		var val string
		if strings.HasPrefix(rest, `"`) {
			end := strings.IndexByte(rest[1:], '"')
			if end < 0 {
				val, rest = rest[1:], ""
			} else {
				val, rest = rest[1:end+1], rest[end+2:]
			}
		} else {
			val, rest, _ = strings.Cut(rest, ",")
			rest = "," + rest
		}
		out[strings.TrimSpace(key)] = val
		rest = strings.TrimPrefix(rest, ",")
		list = rest
	}
	return out
}

// Rewrite returns the playlist with every URI (the URI lines and the URI
// attributes of EXT-X-MAP, EXT-X-MEDIA, EXT-X-KEY and the other tags)
// passed through fn. An error from fn stops the rewrite.
func Rewrite(data []byte, fn func(uri string) (string, error)) ([]byte, error) {
	if !bytes.HasPrefix(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), []byte("#EXTM3U")) {
		return nil, ErrNotPlaylist
	}
	var out bytes.Buffer
	for _, raw := range strings.SplitAfter(string(data), "\n") {
		line := strings.TrimRight(raw, "\r\n")
		eol := raw[len(line):]
		switch {
		case strings.TrimSpace(line) == "":
			out.WriteString(raw)
		case strings.HasPrefix(line, "#"):
			l, err := rewriteURIAttr(line, fn)
			if err != nil {
				return nil, err
			}
			out.WriteString(l + eol)
		default:
			u, err := fn(strings.TrimSpace(line))
			if err != nil {
				return nil, err
			}
			out.WriteString(u + eol)
		}
	}
	return out.Bytes(), nil
}

// rewriteURIAttr replaces the value of a URI="…" attribute in a tag line.
func rewriteURIAttr(line string, fn func(string) (string, error)) (string, error) {
	i := strings.Index(line, `URI="`)
	if i < 0 || (i > 0 && line[i-1] != ':' && line[i-1] != ',') {
		return line, nil
	}
	start := i + len(`URI="`)
	end := strings.IndexByte(line[start:], '"')
	if end < 0 {
		return "", fmt.Errorf("playlist: unterminated URI in %q", line)
	}
	u, err := fn(line[start : start+end])
	if err != nil {
		return "", err
	}
	if strings.ContainsAny(u, "\"\r\n") {
		return "", fmt.Errorf("playlist: URI %q cannot be quoted", u)
	}
	return line[:start] + u + line[start+end:], nil
}
