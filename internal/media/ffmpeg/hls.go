package ffmpeg

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/silkbridge/silkbridge/internal/media"
	"github.com/silkbridge/silkbridge/internal/media/playlist"
)

// ErrNoVideo means the file has no picture to preview.
var ErrNoVideo = errors.New("no video stream to preview")

// ErrTruncated means the packaged preview is much shorter than the file
// declares: ffmpeg stops at the end of a cut-off file yet exits 0.
var ErrTruncated = errors.New("the file is shorter than it declares")

// MasterPlaylist is the name of the master playlist PackageHLS writes.
const MasterPlaylist = "master.m3u8"

// segmentSeconds is the target segment length. Encodes force a keyframe
// every 2 s so segments cut on time; copies cut at the source's keyframes.
const segmentSeconds = 6

// HLS describes a packaged preview; every name is relative to its directory.
type HLS struct {
	Master      string
	VideoCopied bool // the source's video was copied, not re-encoded
	Video       Variant
	Audio       []Rendition
	Files       []string // every file written, master included
	DurationS   float64
}

// Variant is the video media playlist.
type Variant struct {
	Playlist                    string
	Codecs                      string // RFC 6381 codec of the video
	Width, Height               int
	FrameRate                   string
	Bandwidth, AverageBandwidth int64 // bits/s, peak and mean over segments
}

// Rendition is one audio stream's media playlist.
type Rendition struct {
	Playlist                    string
	Language                    string // BCP-47, "" when the file says none
	Name                        string // what the player's menu shows
	Default                     bool
	Channels                    int
	Codecs                      string
	Bandwidth, AverageBandwidth int64
}

// PackageHLS writes an HLS preview of in into outDir, which it owns (it is
// emptied first, so a retried job overwrites what a killed one left):
// fMP4 (CMAF) segments, one media playlist for the video and one per audio
// stream (each a separate rendition with its language), and a master
// playlist written here rather than by ffmpeg, whose var_stream_map cannot
// name a rendition in its own language. progress, when not nil, gets the
// fraction done (0…1) as ffmpeg reports it.
func (r *Runner) PackageHLS(ctx context.Context, in, outDir string, tech *media.Technical, progress func(float64)) (*HLS, error) {
	if tech == nil || len(tech.Video) == 0 {
		return nil, ErrNoVideo
	}
	outDir, err := filepath.Abs(outDir)
	if err != nil {
		return nil, err
	}
	if err := os.RemoveAll(outDir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return nil, err
	}
	v := tech.Video[0]
	h := &HLS{Master: MasterPlaylist, VideoCopied: CanCopyVideo(tech, v)}
	args := []string{"-hide_banner", "-nostdin", "-v", "error", "-y", "-nostats", "-progress", "pipe:1"}
	args = append(args, inputArgs(in)...)
	h.Video.Playlist = "video.m3u8"
	args = append(args, "-map", "0:"+strconv.Itoa(v.Index), "-an", "-sn", "-dn")
	args = append(args, videoCodecArgs(v, h.VideoCopied)...)
	args = append(args, hlsArgs(outDir, "video")...)
	defaultIdx := defaultAudio(tech.Audio)
	for i, a := range tech.Audio {
		name := "audio" + strconv.Itoa(i+1)
		copyAudio := a.Codec == "aac" && a.Profile == "LC"
		ch := a.Channels
		args = append(args, "-map", "0:"+strconv.Itoa(a.Index), "-vn", "-sn", "-dn")
		if copyAudio {
			args = append(args, "-c:a", "copy")
		} else {
			// AAC-LC stereo plays in every browser; a preview needs no 5.1.
			ch = min(max(ch, 1), 2)
			args = append(args, "-c:a", "aac", "-b:a", "128k", "-ac", strconv.Itoa(ch))
		}
		args = append(args, hlsArgs(outDir, name)...)
		h.Audio = append(h.Audio, Rendition{
			Playlist: name + ".m3u8", Language: a.Language, Default: i == defaultIdx,
			Channels: ch, Codecs: "mp4a.40.2",
		})
	}
	nameRenditions(h.Audio)

	pr, pw := io.Pipe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		readProgress(pr, tech.DurationS, progress)
	}()
	err = r.run(ctx, r.cfg.FFmpeg, r.cfg.Timeout, args, pw, in, outDir)
	pw.Close()
	<-done
	if err != nil {
		return nil, err
	}
	if err := h.measure(outDir, tech.DurationS); err != nil {
		return nil, err
	}
	h.Video.Width, h.Video.Height, h.Video.FrameRate = v.Width, v.Height, v.FrameRate
	if !h.VideoCopied {
		h.Video.Width, h.Video.Height = scaledSize(v.Width, v.Height)
	}
	if h.Video.Codecs, err = codecFromInit(filepath.Join(outDir, "video_init.mp4")); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(outDir, h.Master), []byte(h.MasterText()), 0o644); err != nil {
		return nil, err
	}
	h.Files = append(h.Files, h.Master)
	return h, nil
}

// CanCopyVideo reports whether the preview can carry v as it is: H.264 or
// HEVC in MP4/MOV, in a profile browsers decode. High 10 and 4:2:2 H.264
// (common in mezzanines, e.g. XAVC) are encoded instead.
func CanCopyVideo(tech *media.Technical, v media.VideoStream) bool {
	if tech.Container != "mp4" && tech.Container != "mov" {
		return false
	}
	switch v.Codec {
	case "h264":
		switch v.Profile {
		case "Baseline", "Constrained Baseline", "Main", "High", "":
			return v.PixFmt == "" || v.PixFmt == "yuv420p" || v.PixFmt == "yuvj420p"
		}
	case "hevc":
		return v.Profile == "Main" || v.Profile == "Main 10" || v.Profile == ""
	}
	return false
}

func videoCodecArgs(v media.VideoStream, copyVideo bool) []string {
	if copyVideo {
		if v.Codec == "hevc" {
			// hvc1 (parameter sets in the init segment) is what Safari and
			// the CMAF profile require; ffmpeg's default is hev1.
			return []string{"-c:v", "copy", "-tag:v", "hvc1"}
		}
		return []string{"-c:v", "copy"}
	}
	vf := "scale=-2:'min(720,ih)'"
	if v.ScanType == "tff" || v.ScanType == "bff" {
		vf = "yadif=deint=interlaced," + vf
	}
	return []string{
		"-c:v", "libx264", "-preset", "veryfast", "-profile:v", "high", "-crf", "23",
		"-maxrate", "4M", "-bufsize", "8M", "-pix_fmt", "yuv420p", "-vf", vf,
		"-force_key_frames", "expr:gte(t,n_forced*2)",
	}
}

// scaledSize is the size the encode's scale filter gives (height at most
// 720, width keeping the aspect ratio, rounded to even).
func scaledSize(w, h int) (int, int) {
	if h <= 720 || h == 0 {
		return w, h
	}
	nw := int(float64(w)*720/float64(h)/2+0.5) * 2
	return nw, 720
}

func hlsArgs(outDir, name string) []string {
	return []string{
		"-f", "hls", "-hls_segment_type", "fmp4", "-hls_time", strconv.Itoa(segmentSeconds),
		"-hls_playlist_type", "vod", "-hls_flags", "independent_segments",
		"-hls_fmp4_init_filename", name + "_init.mp4",
		"-hls_segment_filename", filepath.Join(outDir, name+"_%05d.m4s"),
		filepath.Join(outDir, name+".m3u8"),
	}
}

// defaultAudio picks the track the file marks as default, else the first.
func defaultAudio(as []media.AudioStream) int {
	for i, a := range as {
		if a.Default {
			return i
		}
	}
	return 0
}

// nameRenditions names each audio rendition in its own language
// ("Русский", "中文"); a name must be unique in its group, so repeats get a
// number, and a track without a language is known by its number.
func nameRenditions(rs []Rendition) {
	seen := map[string]int{}
	for i := range rs {
		name := LanguageName(rs[i].Language)
		if name == "" {
			name = "#" + strconv.Itoa(i+1)
		}
		seen[name]++
		if seen[name] > 1 {
			name += " (" + strconv.Itoa(seen[name]) + ")"
		}
		rs[i].Name = name
	}
}

// readProgress follows ffmpeg's -progress key=value stream.
func readProgress(r io.Reader, durationS float64, progress func(float64)) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), "=")
		if progress == nil || durationS <= 0 {
			continue
		}
		switch k {
		case "out_time_us":
			us, err := strconv.ParseInt(v, 10, 64)
			if err == nil && us >= 0 {
				progress(min(float64(us)/1e6/durationS, 1))
			}
		case "progress":
			if v == "end" {
				progress(1)
			}
		}
	}
	io.Copy(io.Discard, r) // never block ffmpeg on a full pipe
}

// measure reads back the media playlists: every segment must exist, the
// video must last about as long as the source says (a truncated file makes
// ffmpeg stop early yet exit 0), and the bandwidths come from real sizes.
func (h *HLS) measure(outDir string, wantS float64) error {
	vb, vavg, vdur, files, err := measurePlaylist(outDir, h.Video.Playlist)
	if err != nil {
		return err
	}
	h.Video.Bandwidth, h.Video.AverageBandwidth, h.DurationS = vb, vavg, vdur
	h.Files = append(h.Files, files...)
	if wantS > 2 && vdur < wantS*0.9 {
		return fmt.Errorf("%w: it ends after %.1f s of %.1f s, probably truncated", ErrTruncated, vdur, wantS)
	}
	for i := range h.Audio {
		ab, aavg, _, files, err := measurePlaylist(outDir, h.Audio[i].Playlist)
		if err != nil {
			return err
		}
		h.Audio[i].Bandwidth, h.Audio[i].AverageBandwidth = ab, aavg
		h.Files = append(h.Files, files...)
	}
	return nil
}

func measurePlaylist(dir, name string) (peak, avg int64, durS float64, files []string, err error) {
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		return 0, 0, 0, nil, fmt.Errorf("ffmpeg wrote no %s: %w", name, err)
	}
	m, err := playlist.ParseMedia(data)
	if err != nil {
		return 0, 0, 0, nil, err
	}
	if len(m.Segments) == 0 || m.Init == "" {
		return 0, 0, 0, nil, fmt.Errorf("%s lists no segments", name)
	}
	files = []string{name, m.Init}
	if _, err := os.Stat(filepath.Join(dir, m.Init)); err != nil {
		return 0, 0, 0, nil, fmt.Errorf("%s: init segment missing", name)
	}
	var total int64
	for _, s := range m.Segments {
		st, err := os.Stat(filepath.Join(dir, s.URI))
		if err != nil {
			return 0, 0, 0, nil, fmt.Errorf("%s: segment %s missing", name, s.URI)
		}
		files = append(files, s.URI)
		total += st.Size()
		if s.DurationS > 0.5 { // a sliver at the end would give a meaningless peak
			peak = max(peak, int64(float64(st.Size()*8)/s.DurationS))
		}
	}
	durS = m.DurationS()
	if durS > 0 {
		avg = int64(float64(total*8) / durS)
	}
	return max(peak, avg), avg, durS, files, nil
}
