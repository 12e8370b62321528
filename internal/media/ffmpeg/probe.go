package ffmpeg

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/silkbridge/silkbridge/internal/media"
)

// ErrNotMedia means ffprobe read the file but found no audio or video in a
// container this server processes.
var ErrNotMedia = errors.New("not a media file")

// probeOutputLimit bounds ffprobe's JSON: a file with thousands of streams
// or huge tags must not make the server hold it all.
const probeOutputLimit = 4 << 20

// Probe reads the technical metadata of the media file at path.
func (r *Runner) Probe(ctx context.Context, path string) (*media.Technical, error) {
	args := append([]string{"-hide_banner", "-v", "error"}, inputArgs(path)...)
	args = append(args, "-print_format", "json", "-show_format", "-show_streams")
	var out limitedBuffer
	out.limit = probeOutputLimit
	if err := r.run(ctx, r.cfg.FFprobe, r.cfg.ProbeTimeout, args, &out, path); err != nil {
		var fe *Error
		if errors.As(err, &fe) && strings.Contains(fe.Stderr, "not on whitelist") {
			return nil, fmt.Errorf("%w: the file is a playlist, list or other format that refers to other files, which is not accepted (%s)", ErrNotMedia, fe.Stderr)
		}
		return nil, err
	}
	if out.over {
		return nil, fmt.Errorf("%w: ffprobe's description of the file is larger than %d bytes", ErrNotMedia, probeOutputLimit)
	}
	return ParseProbe(out.b.Bytes())
}

type limitedBuffer struct {
	b     bytes.Buffer
	limit int
	over  bool
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if l.b.Len()+len(p) > l.limit {
		l.over = true
		return len(p), nil
	}
	return l.b.Write(p)
}

// probeJSON is the part of `ffprobe -print_format json -show_format
// -show_streams` that silkbridge reads. Numbers come as strings in some
// fields and as numbers in others; number accepts both shapes where
// ffprobe versions differ.
type probeJSON struct {
	Streams []struct {
		Index        int               `json:"index"`
		CodecName    string            `json:"codec_name"`
		CodecType    string            `json:"codec_type"`
		Profile      string            `json:"profile"`
		Level        int               `json:"level"`
		Width        int               `json:"width"`
		Height       int               `json:"height"`
		PixFmt       string            `json:"pix_fmt"`
		FieldOrder   string            `json:"field_order"`
		RFrameRate   string            `json:"r_frame_rate"`
		AvgFrameRate string            `json:"avg_frame_rate"`
		SampleRate   number            `json:"sample_rate"`
		Channels     int               `json:"channels"`
		BitRate      number            `json:"bit_rate"`
		Disposition  map[string]int    `json:"disposition"`
		Tags         map[string]string `json:"tags"`
	} `json:"streams"`
	Format struct {
		FormatName string            `json:"format_name"`
		Duration   number            `json:"duration"`
		BitRate    number            `json:"bit_rate"`
		Tags       map[string]string `json:"tags"`
	} `json:"format"`
}

// number is a number ffprobe printed as a JSON number or string; anything
// that is not one (ffprobe prints "N/A", a hostile file can carry more) is
// kept as text and read as unknown.
type number string

func (n *number) UnmarshalJSON(b []byte) error {
	*n = number(strings.Trim(string(b), `"`))
	return nil
}

// ParseProbe turns ffprobe's JSON into Technical. It refuses containers
// outside the allowed demuxers and files with neither audio nor video.
func ParseProbe(data []byte) (*media.Technical, error) {
	var p probeJSON
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, fmt.Errorf("%w: ffprobe output unreadable: %v", ErrNotMedia, err)
	}
	if p.Format.FormatName == "" {
		return nil, fmt.Errorf("%w: no container recognised", ErrNotMedia)
	}
	if !demuxerAllowed(p.Format.FormatName) {
		return nil, fmt.Errorf("%w: container %q is not accepted", ErrNotMedia, firstName(p.Format.FormatName))
	}
	t := &media.Technical{
		Container: container(p.Format.FormatName, p.Format.Tags["major_brand"]),
		DurationS: nonNegative(p.Format.Duration),
		BitRate:   int64(nonNegative(p.Format.BitRate)),
	}
	for _, s := range p.Streams {
		switch s.CodecType {
		case "video":
			if s.Disposition["attached_pic"] == 1 {
				continue // cover art, not a picture stream
			}
			rate := rational(s.AvgFrameRate)
			if rate == "" {
				rate = rational(s.RFrameRate)
			}
			t.Video = append(t.Video, media.VideoStream{
				Index: s.Index, Codec: s.CodecName, Profile: s.Profile, Level: max(s.Level, 0),
				Width: max(s.Width, 0), Height: max(s.Height, 0), FrameRate: rate,
				ScanType: scanType(s.FieldOrder), BitRate: int64(nonNegative(s.BitRate)), PixFmt: s.PixFmt,
			})
		case "audio":
			t.Audio = append(t.Audio, media.AudioStream{
				Index: s.Index, Codec: s.CodecName, Profile: s.Profile, Channels: max(s.Channels, 0),
				SampleRate: int(nonNegative(s.SampleRate)), Language: LanguageTag(s.Tags["language"]),
				BitRate: int64(nonNegative(s.BitRate)), Default: s.Disposition["default"] == 1,
			})
		case "subtitle":
			t.Subtitles = append(t.Subtitles, media.TextStream{
				Index: s.Index, Codec: s.CodecName, Language: LanguageTag(s.Tags["language"]),
			})
		}
	}
	if len(t.Video) == 0 && len(t.Audio) == 0 {
		return nil, fmt.Errorf("%w: no audio or video stream found", ErrNotMedia)
	}
	return t, nil
}

func firstName(formatName string) string {
	name, _, _ := strings.Cut(formatName, ",")
	return name
}

// container names the container the way a broadcaster does: ffprobe calls
// MP4 and QuickTime both "mov,mp4,…", the brand tells them apart.
func container(formatName, brand string) string {
	name := firstName(formatName)
	if name == "mov" {
		if b := strings.TrimSpace(brand); b != "" && b != "qt" {
			return "mp4"
		}
	}
	return name
}

// nonNegative reads a number ffprobe printed, treating junk, NaN, infinite
// and negative values as unknown (0).
func nonNegative(n number) float64 {
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < 0 || f > 1e15 {
		return 0
	}
	return f
}

// rational returns "num/den" reduced, or "" for ffprobe's "0/0" (unknown).
func rational(s string) string {
	a, b, ok := strings.Cut(s, "/")
	if !ok {
		return ""
	}
	num, err1 := strconv.ParseInt(a, 10, 64)
	den, err2 := strconv.ParseInt(b, 10, 64)
	if err1 != nil || err2 != nil || num <= 0 || den <= 0 {
		return ""
	}
	g := gcd(num, den)
	return strconv.FormatInt(num/g, 10) + "/" + strconv.FormatInt(den/g, 10)
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// scanType maps ffprobe's field_order to what is displayed first: "tb" is
// top coded first but bottom displayed first, so it is bff.
func scanType(fieldOrder string) string {
	switch fieldOrder {
	case "progressive":
		return "progressive"
	case "tt", "bt":
		return "tff"
	case "bb", "tb":
		return "bff"
	}
	return ""
}
