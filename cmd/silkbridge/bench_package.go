package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
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
		outRoot  string
		size     string
	)
	cmd := &cobra.Command{
		Use:   "package",
		Short: "Time HLS packaging (copy into fMP4 renditions + master playlist; the probe timed apart) beside bare ffmpeg -c copy -f hls",
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
			if outRoot == "" {
				outRoot = dir
			}
			var ours, bare, oursCPU, bareCPU, probes []time.Duration
			var copied bool
			for i := range runs {
				// Alternate, bare first in odd rounds, so neither always runs on a warmer cache.
				order := []string{"silkbridge", "bare"}
				if i%2 == 1 {
					order = []string{"bare", "silkbridge"}
				}
				for _, which := range order {
					outDir := filepath.Join(outRoot, "out-"+which)
					os.RemoveAll(outDir)
					os.MkdirAll(outDir, 0o755)
					cpu0 := childCPU()
					start := time.Now()
					if which == "bare" {
						err = bareHLS(ctx, in, outDir)
					} else {
						// The probe is timed apart: processing needs it for
						// the technical metadata whether or not it packages.
						tech, perr := runner.Probe(ctx, in)
						if perr != nil {
							return perr
						}
						probes = append(probes, time.Since(start))
						cpu0, start = childCPU(), time.Now()
						var h *ffmpeg.HLS
						h, err = runner.PackageHLS(ctx, in, outDir, tech, nil)
						copied = h != nil && h.VideoCopied
					}
					if err != nil {
						return fmt.Errorf("%s: %w", which, err)
					}
					d, cpu := time.Since(start), childCPU()-cpu0
					if which == "bare" {
						bare, bareCPU = append(bare, d), append(bareCPU, cpu)
					} else {
						ours, oursCPU = append(ours, d), append(oursCPU, cpu)
					}
					os.RemoveAll(outDir)
					fmt.Fprintf(progress, "run %d %s: %s wall, %s CPU\n", i+1, which, d.Round(time.Millisecond), cpu.Round(time.Millisecond))
				}
			}
			mo, mb := median(ours), median(bare)
			co, cb := median(oursCPU), median(bareCPU)
			ms := func(d time.Duration) string { return d.Round(time.Millisecond).String() }
			fmt.Fprintf(out, "| packager | runs | wall median | wall min | wall max | CPU (user+sys) median |\n|---|---|---|---|---|---|\n")
			fmt.Fprintf(out, "| silkbridge PackageHLS (%s, 3 renditions + master) | %d | %s | %s | %s | %s |\n",
				map[bool]string{true: "video copied", false: "video ENCODED"}[copied], runs, ms(mo), ms(slices.Min(ours)), ms(slices.Max(ours)), ms(co))
			fmt.Fprintf(out, "| bare ffmpeg -map 0 -c copy -f hls fmp4 | %d | %s | %s | %s | %s |\n", runs, ms(mb), ms(slices.Min(bare)), ms(slices.Max(bare)), ms(cb))
			// The minimum is the run least disturbed by other work on a shared
			// machine; CPU time is what the packager itself spent.
			fmt.Fprintf(out, "probe before packaging (not in the figures above): median %s wall\n", ms(median(probes)))
			fmt.Fprintf(out, "overhead: wall median %+.1f %%, wall minimum %+.1f %%, CPU median %+.1f %% (goal ≤ 10 %%)\nload average at end: %s",
				overheadPct(mo, mb), overheadPct(slices.Min(ours), slices.Min(bare)), overheadPct(co, cb), loadavg())
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
	f.StringVar(&outRoot, "out", "", "where both packagers write (e.g. /dev/shm, to time the packagers rather than the disk); default --dir")
	return cmd
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

func overheadPct(a, b time.Duration) float64 { return (float64(a)/float64(b) - 1) * 100 }

// childCPU is the user+system CPU time of this process's finished children
// (ffprobe and ffmpeg runs).
func childCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}
