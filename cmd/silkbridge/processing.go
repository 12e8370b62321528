package main

import (
	"log/slog"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/jobs"
	"github.com/silkbridge/silkbridge/internal/media/ffmpeg"
)

// processingFlags configure media processing (ffprobe, previews) in serve.
type processingFlags struct {
	ffmpeg, ffprobe string
	jobs            int
	timeout         time.Duration
}

func (f *processingFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.ffmpeg, "ffmpeg", envOr("SILKBRIDGE_FFMPEG", "ffmpeg"), "ffmpeg program for previews (env SILKBRIDGE_FFMPEG)")
	fl.StringVar(&f.ffprobe, "ffprobe", envOr("SILKBRIDGE_FFPROBE", "ffprobe"), "ffprobe program for technical metadata (env SILKBRIDGE_FFPROBE)")
	jobsDefault, _ := strconv.Atoi(envOr("SILKBRIDGE_FFMPEG_JOBS", "2"))
	fl.IntVar(&f.jobs, "ffmpeg-jobs", jobsDefault, "ffmpeg/ffprobe processes this server runs at once (env SILKBRIDGE_FFMPEG_JOBS)")
	fl.DurationVar(&f.timeout, "processing-timeout", 6*time.Hour, "longest one asset's processing (probe, poster, storyboard, HLS) may take")
}

// processings remembers each served app's media processing for the job queue.
var processings sync.Map // *app -> *jobs.Processing

// setupProcessing prepares media processing over the app's blob store
// (opened by openMedia); startJobs then registers its worker. Without
// ffmpeg, uploads still work and each asset says why it has no preview.
func setupProcessing(a *app, g *globalFlags, f *processingFlags, log *slog.Logger) {
	blobs := a.blobStore()
	if blobs == nil {
		return
	}
	runner := ffmpeg.New(ffmpeg.Config{FFmpeg: f.ffmpeg, FFprobe: f.ffprobe, MaxConcurrent: f.jobs, Timeout: f.timeout})
	if err := runner.Available(); err != nil {
		log.Warn("assets will have no technical metadata or preview: install the ffmpeg package", "err", err)
	}
	// Each job works in its own directory under this one, emptied when the
	// job (or its rescue after a kill) starts and removed when it ends.
	processings.Store(a, &jobs.Processing{Store: a.db, Blobs: blobs, FFmpeg: runner, Timeout: f.timeout,
		WorkDir: filepath.Join(g.data, "processing")})
}

// processing returns the app's media processing, or nil when serve did not set it up.
func (a *app) processing() *jobs.Processing {
	p, _ := processings.Load(a)
	pr, _ := p.(*jobs.Processing)
	return pr
}

// previewKeys signs preview links with a key derived from the server
// secret: the operator's, else the one kept in the database.
func (a *app) previewKeys() *auth.Keys {
	if a.secret != nil {
		return auth.NewKeys(a.secret)
	}
	return auth.NewKeys(a.db)
}
