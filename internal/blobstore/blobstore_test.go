package blobstore_test

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/blobstore"
	"github.com/silkbridge/silkbridge/internal/blobstore/s3test"
)

// stores opens a file store and an S3 store (versitygw) for table tests.
func stores(t *testing.T) map[string]*blobstore.Store {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	file, err := blobstore.Open(ctx, blobstore.DefaultURL(dir), dir)
	if err != nil {
		t.Fatal(err)
	}
	srv := s3test.Start(t)
	s3, err := blobstore.Open(ctx, srv.URL(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return map[string]*blobstore.Store{"file": file, "s3": s3}
}

func TestPutRangeDelete(t *testing.T) {
	ctx := context.Background()
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			key := "sha256/ab/abcdef-1"
			if err := s.Put(ctx, key, strings.NewReader("0123456789")); err != nil {
				t.Fatal(err)
			}
			r, err := s.NewRangeReader(ctx, key, 3, 4)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(r)
			r.Close()
			if string(got) != "3456" {
				t.Fatalf("range read %q", got)
			}
			if err := s.Delete(ctx, key); err != nil {
				t.Fatal(err)
			}
			if ok, _ := s.Exists(ctx, key); ok {
				t.Fatal("deleted key still exists")
			}
			if err := s.Delete(ctx, key); err != nil {
				t.Fatalf("deleting a missing key: %v", err)
			}
		})
	}
}

func TestOpenRefusesOtherSchemes(t *testing.T) {
	for _, u := range []string{"gs://bucket", "file://relative/path", "://"} {
		if _, err := blobstore.Open(context.Background(), u, t.TempDir()); err == nil {
			t.Errorf("Open(%q) succeeded", u)
		}
	}
	if got := blobstore.DefaultURL("/data"); got != "file://"+filepath.ToSlash("/data/blobs") {
		t.Errorf("DefaultURL = %q", got)
	}
}
