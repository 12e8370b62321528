package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/silkbridge/silkbridge/internal/media/ffmpeg"
)

// newBenchPackageCmd is `bench package`: silkbridge's HLS packaging of a
// generated 1080p H.264 film beside bare `ffmpeg -c copy -f hls` on the
// same file in the same run, alternating so both see the same cache and load.
func newBenchPackageCmd() *cobra.Command {
	var (
		duration time.Duration
		runs     int
		dir      string
		size     string
	)
	cmd := &cobra.Command{
		Use:   "package",
		Short: "Time HLS packaging (probe + copy into fMP4 renditions + master playlist) beside bare ffmpeg -c copy -f hls",
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, out, progress := cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr()
			runner := ffmpeg.New(ffmpeg.Config{})
			if err := runner.Available(); err != nil {
				return err
			}
			if dir == "" {
				d, err := os.MkdirTemp("", "silkbridge-bench-package-")
				if err != nil {
					return err
				}
				defer os.RemoveAll(d)
				dir = d
			}
			in := filepath.Join(dir, fmt.Sprintf("film-%s-%s.mp4", size, duration))
			if _, err := os.Stat(in); err != nil {
				fmt.Fprintf(progress, "generating %s of %s H.264 with a zh and a ru AAC track in %s…\n", duration, size, in)
				start := time.Now()
				if err := generateFilm(ctx, in, size, duration); err != nil {
					return err
				}
				fmt.Fprintf(progress, "generated in %s\n", time.Since(start).Round(time.Second))
			}
			st, err := os.Stat(in)
			if err != nil {
				return err
			}
			fmt.Fprintf(out, "input: %s, %.0f MiB; load average at start: %s", filepath.Base(in), float64(st.Size())/(1<<20), loadavg())
			var ours, bare []time.Duration
			var copied bool
			for i := range runs {
				// Alternate, bare first in odd rounds, so neither always runs on a warmer cache.
				order := []string{"silkbridge", "bare"}
				if i%2 == 1 {
					order = []string{"bare", "silkbridge"}
				}
				for _, which := range order {
					outDir := filepath.Join(dir, "out-"+which)
					os.RemoveAll(outDir)
					os.MkdirAll(outDir, 0o755)
					start := time.Now()
					if which == "bare" {
						err = bareHLS(ctx, in, outDir)
					} else {
						var h *ffmpeg.HLS
						h, err = packageOnce(ctx, runner, in, outDir)
						copied = h != nil && h.VideoCopied
					}
					if err != nil {
						return fmt.Errorf("%s: %w", which, err)
					}
					d := time.Since(start)
					if which == "bare" {
						bare = append(bare, d)
					} else {
						ours = append(ours, d)
					}
					fmt.Fprintf(progress, "run %d %s: %s\n", i+1, which, d.Round(time.Millisecond))
				}
			}
			mo, mb := median(ours), median(bare)
			fmt.Fprintf(out, "| packager | runs | median | min | max |\n|---|---|---|---|---|\n")
			fmt.Fprintf(out, "| silkbridge PackageHLS (probe + %s, 3 renditions + master) | %d | %s | %s | %s |\n",
				map[bool]string{true: "video copied", false: "video ENCODED"}[copied], runs, mo.Round(time.Millisecond), slices.Min(ours).Round(time.Millisecond), slices.Max(ours).Round(time.Millisecond))
			fmt.Fprintf(out, "| bare ffmpeg -map 0 -c copy -f hls fmp4 | %d | %s | %s | %s |\n", runs, mb.Round(time.Millisecond), slices.Min(bare).Round(time.Millisecond), slices.Max(bare).Round(time.Millisecond))
			fmt.Fprintf(out, "overhead (median): %+.1f %% (goal ≤ 10 %%)\nload average at end: %s", (float64(mo)/float64(mb)-1)*100, loadavg())
			// Poster and storyboard are made beside the preview; timed once for the record.
			start := time.Now()
			if err := runner.Poster(ctx, in, filepath.Join(dir, "poster.jpg"), duration.Seconds()); err != nil {
				return err
			}
			posterT := time.Since(start)
			start = time.Now()
			if err := runner.Sprite(ctx, in, dir, duration.Seconds()); err != nil {
				return err
			}
			fmt.Fprintf(out, "poster: %s, sprite + storyboard: %s\n", posterT.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
			return nil
		},
	}
	f := cmd.Flags()
	f.DurationVar(&duration, "duration", 10*time.Minute, "length of the generated film")
	f.StringVar(&size, "size", "1920x1080", "picture size of the generated film")
	f.IntVar(&runs, "runs", 5, "timed runs of each packager")
	f.StringVar(&dir, "dir", "", "work directory; the generated film is kept there and reused (default: a temporary directory)")
	return cmd
}

func packageOnce(ctx context.Context, r *ffmpeg.Runner, in, outDir string) (*ffmpeg.HLS, error) {
	tech, err := r.Probe(ctx, in)
	if err != nil {
		return nil, err
	}
	return r.PackageHLS(ctx, in, outDir, tech, nil)
}

func bareHLS(ctx context.Context, in, outDir string) error {
	out, err := exec.CommandContext(ctx, "ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-y", "-i", in,
		"-map", "0", "-c", "copy", "-f", "hls", "-hls_segment_type", "fmp4", "-hls_time", "6", "-hls_playlist_type", "vod",
		"-hls_segment_filename", filepath.Join(outDir, "seg_%05d.m4s"), filepath.Join(outDir, "index.m3u8")).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%v: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}

// generateFilm writes a test-pattern film with two tones as zh and ru
// tracks; ultrafast x264 with a 2 s keyframe interval, as a delivered
// proxy or trailer would be.
func generateFilm(ctx context.Context, path, size string, d time.Duration) error {
	secs := fmt.Sprintf("%.0f", d.Seconds())
	out, err := exec.CommandContext(ctx, "ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-y",
		"-f", "lavfi", "-i", "testsrc2=size="+size+":rate=25:duration="+secs,
		"-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration="+secs,
		"-f", "lavfi", "-i", "sine=frequency=660:sample_rate=48000:duration="+secs,
		"-map", "0", "-map", "1", "-map", "2", "-c:v", "libx264", "-preset", "ultrafast", "-g", "50", "-pix_fmt", "yuv420p",
		"-c:a", "aac", "-ac", "2", "-metadata:s:a:0", "language=zho", "-metadata:s:a:1", "language=rus", "-f", "mp4", path+".part").CombinedOutput()
	if err != nil {
		return fmt.Errorf("generating the film: %v: %s", err, out)
	}
	return os.Rename(path+".part", path)
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}
