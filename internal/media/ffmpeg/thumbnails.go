package ffmpeg

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Sprite geometry: 160×90 tiles (letter- or pillar-boxed), ten per row, at
// most a hundred, so one JPEG of at most 1600×900 covers any duration.
const (
	TileWidth   = 160
	TileHeight  = 90
	tileColumns = 10
	maxTiles    = 100
)

// Poster writes one JPEG frame taken at about 10 % of the duration (past
// the studio logos and black), at most 1280 pixels wide.
func (r *Runner) Poster(ctx context.Context, in, out string, durationS float64) error {
	at := 0.0
	if durationS > 0 && !math.IsInf(durationS, 0) {
		at = durationS / 10
	}
	// -ss before -i seeks by index: it reads from the nearest keyframe
	// instead of decoding everything before the chosen frame.
	args := []string{"-hide_banner", "-nostdin", "-v", "error", "-y", "-ss", formatSeconds(at)}
	args = append(args, inputArgs(in)...)
	args = append(args, "-map", "0:V:0", "-frames:v", "1",
		"-vf", "scale='min(1280,iw)':-2", "-q:v", "3", "-f", "image2", "-update", "1", "file:"+out)
	if err := r.run(ctx, r.cfg.FFmpeg, r.cfg.Timeout, args, nil, in, out); err != nil {
		return err
	}
	return nonEmpty(out)
}

// SpriteFiles are the names Sprite writes in its directory.
const (
	SpriteImage = "sprite.jpg"
	SpriteVTT   = "storyboard.vtt"
)

// Sprite writes a thumbnail sprite (SpriteImage) and a WebVTT storyboard
// (SpriteVTT) whose cues point at each tile with a #xywh= fragment, the
// form players use for seek-bar previews.
func (r *Runner) Sprite(ctx context.Context, in, outDir string, durationS float64) error {
	if durationS <= 0 || math.IsInf(durationS, 0) || math.IsNaN(durationS) {
		return fmt.Errorf("sprite: the duration is unknown")
	}
	interval := max(durationS/maxTiles, 1)
	tiles := min(int(math.Ceil(durationS/interval)), maxTiles)
	rows := (tiles + tileColumns - 1) / tileColumns
	img := filepath.Join(outDir, SpriteImage)
	// Only keyframes are decoded (-skip_frame nokey): a storyboard needs one
	// picture every few seconds, and a mezzanine decoded in full takes as
	// long as an encode. fps then picks the frame nearest each tick.
	// eof_action=pass keeps a lone keyframe (fps drops it otherwise), and
	// tpad repeats the last picture so the tile filter always gets a full
	// sheet: it writes nothing for a partial one, which a file with fewer
	// keyframes than ticks would otherwise leave it with.
	vf := fmt.Sprintf("fps=1/%s:eof_action=pass,tpad=stop_mode=clone:stop=%d,scale=%d:%d:force_original_aspect_ratio=decrease,pad=%d:%d:(ow-iw)/2:(oh-ih)/2,tile=%dx%d",
		formatSeconds(interval), rows*tileColumns, TileWidth, TileHeight, TileWidth, TileHeight, tileColumns, rows)
	args := []string{"-hide_banner", "-nostdin", "-v", "error", "-y", "-skip_frame", "nokey"}
	args = append(args, inputArgs(in)...)
	args = append(args, "-map", "0:V:0", "-an", "-vf", vf, "-frames:v", "1", "-q:v", "4",
		"-f", "image2", "-update", "1", "file:"+img)
	if err := r.run(ctx, r.cfg.FFmpeg, r.cfg.Timeout, args, nil, in, outDir); err != nil {
		return err
	}
	if err := nonEmpty(img); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(outDir, SpriteVTT), []byte(storyboard(SpriteImage, durationS, interval, tiles)), 0o644)
}

// storyboard is the WebVTT that maps time ranges to sprite tiles.
func storyboard(image string, durationS, interval float64, tiles int) string {
	var b strings.Builder
	b.WriteString("WEBVTT\n")
	for i := range tiles {
		start := float64(i) * interval
		end := min(start+interval, durationS)
		if end <= start {
			break
		}
		x, y := (i%tileColumns)*TileWidth, (i/tileColumns)*TileHeight
		fmt.Fprintf(&b, "\n%s --> %s\n%s#xywh=%d,%d,%d,%d\n", vttTime(start), vttTime(end), image, x, y, TileWidth, TileHeight)
	}
	return b.String()
}

func vttTime(s float64) string {
	ms := int64(math.Round(s * 1000))
	return fmt.Sprintf("%02d:%02d:%02d.%03d", ms/3600000, ms/60000%60, ms/1000%60, ms%1000)
}

func formatSeconds(s float64) string { return strconv.FormatFloat(s, 'f', 3, 64) }

func nonEmpty(path string) error {
	st, err := os.Stat(path)
	if err != nil || st.Size() == 0 {
		return fmt.Errorf("ffmpeg wrote no %s (the file may have no decodable picture)", filepath.Base(path))
	}
	return nil
}
