package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/silkbridge/silkbridge/internal/blobstore"
	"github.com/silkbridge/silkbridge/internal/httpapi"
	"github.com/silkbridge/silkbridge/internal/media"
)

// mediaFlags configure asset storage and upload limits of serve.
type mediaFlags struct {
	blob      string
	maxUpload string
	quota     string
	uploadTTL time.Duration
}

func (f *mediaFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.blob, "blob", os.Getenv("SILKBRIDGE_BLOB"), "asset storage: file:///dir or s3://bucket?endpoint=URL&region=R&use_path_style=true "+
		"(credentials from the AWS environment); default file://<data>/blobs (env SILKBRIDGE_BLOB)")
	fl.StringVar(&f.maxUpload, "max-upload", envOr("SILKBRIDGE_MAX_UPLOAD", "200GiB"), "largest file accepted (env SILKBRIDGE_MAX_UPLOAD)")
	fl.StringVar(&f.quota, "org-quota", envOr("SILKBRIDGE_ORG_QUOTA", "2TiB"), "most an organisation may store (env SILKBRIDGE_ORG_QUOTA)")
	fl.DurationVar(&f.uploadTTL, "upload-ttl", media.DefaultUploadTTL, "how long an interrupted upload stays resumable")
}

// blobStores remembers each app's open blob store, so the job queue's
// media processing reads the same storage the uploads write.
var blobStores sync.Map // *app -> *blobstore.Store

// blobStore returns the app's blob store once openMedia ran, else nil.
func (a *app) blobStore() *blobstore.Store {
	s, _ := blobStores.Load(a)
	b, _ := s.(*blobstore.Store)
	return b
}

// servedMedia is asset storage opened for serve.
type servedMedia struct {
	blobs  *blobstore.Store
	limits media.Limits
}

// openMedia opens the blob store (before the job queue, which reads it).
func openMedia(ctx context.Context, g *globalFlags, a *app, f *mediaFlags) (*servedMedia, error) {
	maxUpload, err := parseSize(f.maxUpload)
	if err != nil {
		return nil, fmt.Errorf("--max-upload: %w", err)
	}
	quota, err := parseSize(f.quota)
	if err != nil {
		return nil, fmt.Errorf("--org-quota: %w", err)
	}
	url := f.blob
	if url == "" {
		url = blobstore.DefaultURL(g.data)
	}
	blobs, err := blobstore.Open(ctx, url, g.data)
	if err != nil {
		return nil, fmt.Errorf("open asset storage: %w", err)
	}
	blobStores.Store(a, blobs)
	return &servedMedia{blobs: blobs, limits: media.Limits{MaxUpload: maxUpload, OrgQuota: quota, UploadTTL: f.uploadTTL}}, nil
}

// wire adds the asset service and the tus upload store to the API and
// starts the sweep of expired uploads.
func (m *servedMedia) wire(ctx context.Context, a *app, deps *httpapi.Deps, log *slog.Logger) error {
	svc := media.NewService(a.db, a.catalog, media.RightsLicences{Rights: a.rights}, m.blobs, m.limits, log)
	tus, err := httpapi.NewUploadStore(m.blobs, svc, a.db.UploadLocker())
	if err != nil {
		return fmt.Errorf("upload store: %w", err)
	}
	deps.Media, deps.Uploads = svc, tus
	go func() {
		t := time.NewTicker(10 * time.Minute)
		defer t.Stop()
		for {
			if n, err := httpapi.SweepUploads(ctx, svc, tus); err != nil {
				log.Warn("sweeping expired uploads", "err", err)
			} else if n > 0 {
				log.Info("removed expired uploads", "count", n)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return nil
}

func (m *servedMedia) Close() error { return m.blobs.Close() }

// parseSize reads "200GiB", "64MiB", "2TiB", "1.5GB" or a plain byte count.
func parseSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	units := []struct {
		suffix string
		mult   float64
	}{{"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"TB", 1e12}, {"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"B", 1}}
	mult := 1.0
	for _, u := range units {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.mult
			break
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("%q is not a size such as 200GiB", s)
	}
	return int64(v * mult), nil
}
