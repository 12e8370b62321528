package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/riverqueue/river"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/media"
	"github.com/silkbridge/silkbridge/internal/media/ffmpeg"
)

// ProcessAssetArgs probes a newly registered asset and makes its preview
// (poster, sprite storyboard, HLS).
type ProcessAssetArgs struct {
	AssetID string `json:"asset_id"`
}

// Kind names the job.
func (ProcessAssetArgs) Kind() string { return "process_asset" }

// InsertOpts: one pending job per asset; a few attempts, since what fails
// because of the file is recorded at once and never retried.
func (ProcessAssetArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 5, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// AssetStore is the part of the store processing reads and writes.
type AssetStore interface {
	AssetGet(ctx context.Context, id string) (*media.Asset, string, error)
	AssetUpdateProcessing(ctx context.Context, id string, u media.ProcessingUpdate) error
}

// progressStore is implemented by a store that keeps a processing
// percentage beside the asset; without it progress is only logged.
type progressStore interface {
	AssetSetProgress(ctx context.Context, id string, percent int) error
}

// localBlobs is implemented by a file:// blob store: ffmpeg reads the
// original in place instead of from a copy.
type localBlobs interface {
	LocalPath(key string) (string, bool)
}

// Processing is what the process_asset worker needs.
type Processing struct {
	Store  AssetStore
	Blobs  media.Blobs
	FFmpeg *ffmpeg.Runner
	// WorkDir holds each job's temporary files (default: the system's
	// temporary directory). An original from S3 is copied here first.
	WorkDir string
	// Timeout bounds one job (default 6 hours); the queue's rescue of jobs
	// whose server vanished waits longer than this.
	Timeout time.Duration
}

// NoPreviewReason prefixes the reason of an asset that is ready without a
// preview (ffmpeg missing).
const NoPreviewReason = "no preview: "

type processWorker struct {
	river.WorkerDefaults[ProcessAssetArgs]
	p    *Processing
	base time.Duration
	log  *slog.Logger
}

func (w *processWorker) Timeout(*river.Job[ProcessAssetArgs]) time.Duration { return w.p.Timeout }

// NextRetry backs off exponentially from the queue's base, capped at an hour.
func (w *processWorker) NextRetry(job *river.Job[ProcessAssetArgs]) time.Time {
	d := w.base << min(job.Attempt-1, 20)
	if d > time.Hour || d <= 0 {
		d = time.Hour
	}
	return time.Now().Add(d)
}

func (w *processWorker) Work(ctx context.Context, job *river.Job[ProcessAssetArgs]) error {
	id := job.Args.AssetID
	a, key, err := w.p.Store.AssetGet(ctx, id)
	if apperr.Is(err, apperr.NotFound) {
		return river.JobCancel(fmt.Errorf("asset %s was deleted", id))
	}
	if err != nil {
		return err
	}
	if a.Status != media.StatusProcessing {
		return nil // finished by an earlier run of this job (a rescued duplicate)
	}
	if !a.Kind.IsAV() {
		return w.p.Store.AssetUpdateProcessing(ctx, id, media.ProcessingUpdate{Status: media.StatusReady})
	}
	if err := w.p.FFmpeg.Available(); err != nil {
		// Uploads must keep working on a server without ffmpeg: the asset
		// is usable (downloadable), it says why it has no preview.
		return w.p.Store.AssetUpdateProcessing(ctx, id, media.ProcessingUpdate{
			Status: media.StatusReady, Reason: NoPreviewReason + err.Error()})
	}
	dir := filepath.Join(w.p.workDir(), id+"-"+strconv.FormatInt(job.ID, 10))
	defer os.RemoveAll(dir)
	err = w.p.process(ctx, a, key, dir, w.log.With("asset", id, "job", job.ID))
	switch {
	case err == nil:
		return nil
	case apperr.Is(err, apperr.NotFound):
		// Deleted while being processed: what this run stored has no owner.
		if pd, ok := w.p.Blobs.(media.PrefixDeleter); ok {
			if derr := pd.DeletePrefix(context.WithoutCancel(ctx), media.DerivedPrefix(id)); derr != nil {
				return derr
			}
		}
		return river.JobCancel(fmt.Errorf("asset %s was deleted", id))
	case ffmpeg.IsPermanent(err) || job.Attempt >= job.MaxAttempts:
		// The file itself is at fault (or every attempt is spent): say so
		// on the asset and stop; retrying would fail the same way.
		w.log.Info("asset processing failed", "asset", id, "err", err)
		if uerr := w.p.Store.AssetUpdateProcessing(context.WithoutCancel(ctx), id,
			media.ProcessingUpdate{Status: media.StatusFailed, Reason: err.Error()}); uerr != nil {
			return uerr
		}
		return river.JobCancel(err)
	}
	return err
}

func (p *Processing) workDir() string {
	if p.WorkDir != "" {
		return p.WorkDir
	}
	return filepath.Join(os.TempDir(), "silkbridge-processing")
}

// process does one asset: probe, poster, sprite, HLS, upload, record. Every
// output is written under a fresh directory and uploaded over whatever an
// interrupted run left, so running it again is always safe.
func (p *Processing) process(ctx context.Context, a *media.Asset, key, dir string, log *slog.Logger) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	in, err := p.original(ctx, key, dir)
	if err != nil {
		return err
	}
	setProgress, packaging := p.progress(ctx, a.ID, log)
	tech, err := p.FFmpeg.Probe(ctx, in)
	if err != nil {
		return err
	}
	// The technical metadata is useful before the preview exists.
	if err := p.Store.AssetUpdateProcessing(ctx, a.ID, media.ProcessingUpdate{Status: media.StatusProcessing, Technical: tech}); err != nil {
		return err
	}
	if len(tech.Video) == 0 {
		// Audio only (a dub track): metadata, no picture to preview.
		return p.Store.AssetUpdateProcessing(ctx, a.ID, media.ProcessingUpdate{Status: media.StatusReady, Technical: tech})
	}
	setProgress(progressProbed)
	out := filepath.Join(dir, "out")
	if err := os.MkdirAll(out, 0o700); err != nil {
		return err
	}
	if err := p.FFmpeg.Poster(ctx, in, filepath.Join(out, media.PreviewPoster), tech.DurationS); err != nil {
		return err
	}
	if err := p.FFmpeg.Sprite(ctx, in, out, tech.DurationS); err != nil {
		return err
	}
	setProgress(progressStills)
	hls, err := p.FFmpeg.PackageHLS(ctx, in, filepath.Join(out, "hls"), tech, packaging)
	if err != nil {
		return err
	}
	files := []string{media.PreviewPoster, media.PreviewSprite, media.PreviewStoryboard}
	for _, f := range hls.Files {
		files = append(files, media.PreviewHLSDir+f)
	}
	setProgress(progressPackaged)
	prefix := media.DerivedPrefix(a.ID)
	// The master playlist goes last: until it exists, no player can start
	// on a half-uploaded preview.
	for _, f := range files {
		if err := p.put(ctx, prefix+f, filepath.Join(out, filepath.FromSlash(f))); err != nil {
			return err
		}
	}
	log.Info("asset processed", "video_copied", hls.VideoCopied, "files", len(files))
	return p.Store.AssetUpdateProcessing(ctx, a.ID, media.ProcessingUpdate{
		Status: media.StatusReady, Technical: tech,
		Preview: &media.Preview{HLS: prefix + media.PreviewHLSDir + hls.Master, Poster: prefix + media.PreviewPoster},
	})
}

// original returns a local path to the asset's bytes: the blob itself in a
// file:// store, else a copy in dir.
func (p *Processing) original(ctx context.Context, key, dir string) (string, error) {
	if l, ok := p.Blobs.(localBlobs); ok {
		if path, ok := l.LocalPath(key); ok {
			if _, err := os.Stat(path); err == nil {
				return path, nil
			}
		}
	}
	r, err := p.Blobs.NewRangeReader(ctx, key, 0, -1)
	if err != nil {
		return "", fmt.Errorf("reading the original: %w", err)
	}
	defer r.Close()
	in := filepath.Join(dir, "original")
	f, err := os.Create(in)
	if err != nil {
		return "", err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return "", fmt.Errorf("copying the original: %w", err)
	}
	return in, f.Close()
}

func (p *Processing) put(ctx context.Context, key, file string) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := p.Blobs.Put(ctx, key, f); err != nil {
		return fmt.Errorf("storing %s: %w", key, err)
	}
	return nil
}

// Shares of the whole job, in percent, at which each stage starts: the
// probe and the stills are quick, packaging is most of the time.
const (
	progressProbed   = 5
	progressStills   = 15
	progressPackaged = 95
)

// progress returns a recorder of how far the job has come: set(pct) for a
// stage reached, and ffmpeg's packaging callback mapped onto the packaging
// share. It writes to the store (when it keeps a percentage) at most every
// 2 s or 5 %, so a long encode does not write on every report, and never
// goes backwards.
func (p *Processing) progress(ctx context.Context, id string, log *slog.Logger) (set func(int), packaging func(float64)) {
	ps, _ := p.Store.(progressStore)
	last, lastAt := 0, time.Time{}
	set = func(pct int) {
		if pct <= last || (pct < 100 && pct-last < 5 && time.Since(lastAt) < 2*time.Second) {
			return
		}
		last, lastAt = pct, time.Now()
		log.Debug("processing", "percent", pct)
		if ps != nil {
			if err := ps.AssetSetProgress(ctx, id, pct); err != nil {
				log.Warn("recording progress", "err", err)
			}
		}
	}
	packaging = func(f float64) { set(progressStills + int(f*(progressPackaged-progressStills))) }
	return set, packaging
}

// EnqueueProcessAssetTx schedules an asset's processing inside tx, the
// transaction that registers the asset (the store's AssetEnqueuer).
func (q *Queue) EnqueueProcessAssetTx(ctx context.Context, tx *sql.Tx, assetID string) error {
	if !q.processing {
		return errors.New("the job queue was started without media processing")
	}
	_, err := q.client.InsertTx(ctx, tx, ProcessAssetArgs{AssetID: assetID}, nil)
	return err
}
