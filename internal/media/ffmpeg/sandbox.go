package ffmpeg

import "strings"

// allowedDemuxers are the containers ffmpeg may open an upload as. A
// demuxer matches when any of its names is listed (mov's is
// "mov,mp4,m4a,3gp,3g2,mj2"). Deliberately absent, because they open
// other files or URLs named inside the upload: hls, concat, dash, sdp,
// rtsp, rtp, imf, webm_dash_manifest, image2 (numbered sequences beside
// the file), tty and the subtitle and playlist formats. ffmpeg refuses
// anything else with "Format not on whitelist" before reading a byte of
// what the file points at; the protocol whitelist is the second wall.
var allowedDemuxers = strings.Join([]string{
	"mov", "matroska", "mxf", "mpegts", "mpeg", "avi", "asf", "flv", "gxf",
	"dv", "nut", "ivf", "h264", "hevc", "m4v", "mpegvideo", "yuv4mpegpipe",
	"wav", "w64", "aiff", "caf", "flac", "mp3", "aac", "ac3", "eac3", "dts",
	"truehd", "mlp", "ogg", "wv", "amr", "s337m",
}, ",")

// demuxerAllowed reports whether ffprobe's format_name is one of ours;
// Probe checks it again so that a changed whitelist cannot widen silently.
func demuxerAllowed(formatName string) bool {
	allowed := map[string]bool{}
	for _, d := range strings.Split(allowedDemuxers, ",") {
		allowed[d] = true
	}
	for _, n := range strings.Split(formatName, ",") {
		if allowed[n] {
			return true
		}
	}
	return false
}
