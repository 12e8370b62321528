package web

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/silkbridge/silkbridge/internal/media"
)

// Bytes formats a file size with the locale's digits and unit names
// (decimal units, as file managers show them).
func (l *Localizer) Bytes(n int64) string {
	units := []string{"media.size.kb", "media.size.mb", "media.size.gb", "media.size.tb"}
	if n < 1000 {
		return l.T("media.size.b", "N", l.Num(int(n)))
	}
	v, unit := float64(n)/1000, 0
	for v >= 999.95 && unit < len(units)-1 {
		v, unit = v/1000, unit+1
	}
	return l.T(units[unit], "N", l.printer.Sprintf("%.1f", v))
}

// duration formats seconds as h:mm:ss (m:ss under an hour).
func duration(s float64) string {
	t := int(s + 0.5)
	if t >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", t/3600, t/60%60, t%60)
	}
	return fmt.Sprintf("%d:%02d", t/60, t%60)
}

// codecName is how broadcasters write a codec ffprobe names.
func codecName(c string) string {
	names := map[string]string{"h264": "H.264", "hevc": "HEVC", "prores": "ProRes", "dnxhd": "DNxHD", "mpeg2video": "MPEG-2",
		"aac": "AAC", "pcm_s16le": "PCM", "pcm_s24le": "PCM 24", "ac3": "AC-3", "eac3": "E-AC-3", "mp3": "MP3", "opus": "Opus",
		"av1": "AV1", "vp9": "VP9", "flac": "FLAC"}
	if n, ok := names[c]; ok {
		return n
	}
	return strings.ToUpper(c)
}

// frameRate turns "30000/1001" into 29.97 in the locale's digits.
func (l *Localizer) frameRate(r string) string {
	num, den, ok := strings.Cut(r, "/")
	n, err1 := strconv.ParseFloat(num, 64)
	d, err2 := strconv.ParseFloat(den, 64)
	if !ok || err1 != nil || err2 != nil || d == 0 {
		return r
	}
	f := n / d
	if f == float64(int(f)) {
		return l.Num(int(f))
	}
	return l.printer.Sprintf("%.2f", f)
}

// technicalFacts summarises ffprobe's findings: container and duration,
// each video stream's codec, size and rate, each audio stream's language,
// codec and channels.
func technicalFacts(b *Base, t *media.Technical) []Fact {
	if t == nil {
		return nil
	}
	var out []Fact
	if t.Container != "" {
		out = append(out, Fact{b.T("media.tech.container"), strings.ToUpper(t.Container)})
	}
	if t.DurationS > 0 {
		out = append(out, Fact{b.T("media.tech.duration"), duration(t.DurationS)})
	}
	for _, v := range t.Video {
		parts := []string{codecName(v.Codec)}
		if v.Width > 0 && v.Height > 0 {
			parts = append(parts, fmt.Sprintf("%d×%d", v.Width, v.Height))
		}
		if v.FrameRate != "" {
			parts = append(parts, b.T("media.tech.fps", "Rate", b.frameRate(v.FrameRate)))
		}
		if v.ScanType == "tff" || v.ScanType == "bff" {
			parts = append(parts, b.T("media.tech.interlaced"))
		}
		out = append(out, Fact{b.T("media.tech.video"), strings.Join(parts, " · ")})
	}
	for _, a := range t.Audio {
		parts := []string{}
		if a.Language != "" {
			parts = append(parts, b.Language(a.Language))
		} else {
			parts = append(parts, b.T("media.tech.nolanguage"))
		}
		parts = append(parts, codecName(a.Codec))
		if a.Channels > 0 {
			parts = append(parts, b.T("media.tech.channels", "N", b.Num(a.Channels)))
		}
		out = append(out, Fact{b.T("media.tech.audio"), strings.Join(parts, " · ")})
	}
	return out
}

// reasonKey words why an asset failed or has no preview: processing
// records its reason in English for operators; readers get it in their
// language.
func reasonKey(a *media.Asset) string {
	r := strings.ToLower(a.Reason)
	switch {
	case strings.HasPrefix(r, "no preview:"):
		return "media.reason.nopreview"
	case strings.Contains(r, "timed out") || strings.Contains(r, "timeout") || strings.Contains(r, "deadline"):
		return "media.reason.timeout"
	case strings.Contains(r, "ffprobe") || strings.Contains(r, "invalid data") || strings.Contains(r, "not a media") ||
		strings.Contains(r, "no streams") || strings.Contains(r, "moov atom"):
		return "media.reason.unreadable"
	}
	return "media.reason.failed"
}
