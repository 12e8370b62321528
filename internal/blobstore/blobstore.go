// Package blobstore keeps asset content in a file directory or an
// S3-compatible bucket through gocloud.dev/blob, and gives the resumable
// upload handler (tusd) a data store writing to the same place: the local
// file store beside the blobs, or S3 multipart uploads straight into the
// bucket.
package blobstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"gocloud.dev/blob"
	"gocloud.dev/blob/fileblob"
	"gocloud.dev/blob/s3blob"
	"gocloud.dev/gcerrors"

	"github.com/silkbridge/silkbridge/internal/media"
)

var _ media.Blobs = (*Store)(nil)

// Store is an open blob store.
type Store struct {
	bucket *blob.Bucket
	// dir is the directory of a file:// store; empty for S3.
	dir string
	// s3 and name are the client and bucket of an s3:// store.
	s3   *s3.Client
	name string
	// work is a local directory for upload bookkeeping (file uploads in
	// progress, S3 part buffers, locks).
	work string
}

// DefaultURL is the blob store under a data directory.
func DefaultURL(dataDir string) string {
	abs, err := filepath.Abs(filepath.Join(dataDir, "blobs"))
	if err != nil {
		abs = filepath.Join(dataDir, "blobs")
	}
	return "file://" + filepath.ToSlash(abs)
}

// Open opens the store named by rawURL: file:///abs/dir, or
// s3://bucket?endpoint=http://host:port&region=r&use_path_style=true with
// credentials from the usual AWS environment. Local work files go under
// dataDir.
func Open(ctx context.Context, rawURL, dataDir string) (*Store, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("blob URL %q: %w", rawURL, err)
	}
	work := filepath.Join(dataDir, "uploads")
	switch u.Scheme {
	case "file":
		dir := filepath.FromSlash(u.Path)
		if u.Host != "" || dir == "" {
			return nil, fmt.Errorf("blob URL %q: use file:///absolute/path", rawURL)
		}
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, err
		}
		b, err := fileblob.OpenBucket(dir, &fileblob.Options{CreateDir: true})
		if err != nil {
			return nil, err
		}
		// Uploads in progress sit in the same tree, so a finished upload
		// becomes a blob by a rename, not a copy.
		return &Store{bucket: b, dir: dir, work: filepath.Join(dir, ".uploads")}, nil
	case "s3":
		client, err := newS3Client(ctx, u.Query())
		if err != nil {
			return nil, err
		}
		b, err := s3blob.OpenBucket(ctx, client, u.Host, nil)
		if err != nil {
			return nil, err
		}
		return &Store{bucket: b, s3: client, name: u.Host, work: work}, nil
	}
	return nil, fmt.Errorf("blob URL %q: scheme must be file or s3", rawURL)
}

func newS3Client(ctx context.Context, q url.Values) (*s3.Client, error) {
	var opts []func(*config.LoadOptions) error
	if r := q.Get("region"); r != "" {
		opts = append(opts, config.WithRegion(r))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	pathStyle, _ := strconv.ParseBool(q.Get("use_path_style"))
	endpoint := q.Get("endpoint")
	return s3.NewFromConfig(cfg, func(o *s3.Options) {
		if endpoint != "" {
			o.BaseEndpoint = aws.String(endpoint)
		}
		o.UsePathStyle = pathStyle
		// S3-compatible servers differ in their support of the SDK's newer
		// default checksums; ask for them only where the API requires them.
		o.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
		o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
	}), nil
}

// Close releases the bucket.
func (s *Store) Close() error { return s.bucket.Close() }

// IsS3 reports whether the store is an S3 bucket.
func (s *Store) IsS3() bool { return s.s3 != nil }

// Put implements media.Blobs.
func (s *Store) Put(ctx context.Context, key string, r io.Reader) error {
	w, err := s.bucket.NewWriter(ctx, key, nil)
	if err != nil {
		return err
	}
	if _, err := io.Copy(w, r); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

// NewRangeReader implements media.Blobs.
func (s *Store) NewRangeReader(ctx context.Context, key string, offset, length int64) (io.ReadCloser, error) {
	return s.bucket.NewRangeReader(ctx, key, offset, length, nil)
}

// Delete implements media.Blobs.
func (s *Store) Delete(ctx context.Context, key string) error {
	err := s.bucket.Delete(ctx, key)
	if gcerrors.Code(err) == gcerrors.NotFound {
		return nil
	}
	return err
}

// DeletePrefix deletes every key under prefix (an asset's derived files).
func (s *Store) DeletePrefix(ctx context.Context, prefix string) error {
	it := s.bucket.List(&blob.ListOptions{Prefix: prefix})
	for {
		obj, err := it.Next(ctx)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := s.Delete(ctx, obj.Key); err != nil {
			return err
		}
	}
}

// Exists reports whether key is stored.
func (s *Store) Exists(ctx context.Context, key string) (bool, error) {
	return s.bucket.Exists(ctx, key)
}

// LocalPath returns the file holding key in a file:// store, so tools such
// as ffprobe can read it in place; ok is false for S3.
func (s *Store) LocalPath(key string) (path string, ok bool) {
	if s.dir == "" || strings.Contains(key, "..") {
		return "", false
	}
	return filepath.Join(s.dir, filepath.FromSlash(key)), true
}

// adopt moves a finished local upload file under key (file stores only).
func (s *Store) adopt(ctx context.Context, src, key string) error {
	dst, _ := s.LocalPath(key)
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return err
	}
	err := os.Rename(src, dst)
	if err == nil {
		return nil
	}
	var linkErr *os.LinkError
	if !errors.As(err, &linkErr) {
		return err
	}
	// Another file system: copy, then drop the upload file.
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := s.Put(ctx, key, f); err != nil {
		return err
	}
	return os.Remove(src)
}
