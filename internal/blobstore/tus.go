package blobstore

import (
	"context"
	"crypto/sha256"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/tus/tusd/v2/pkg/filelocker"
	"github.com/tus/tusd/v2/pkg/filestore"
	"github.com/tus/tusd/v2/pkg/handler"
	"github.com/tus/tusd/v2/pkg/s3store"

	"github.com/silkbridge/silkbridge/internal/media"
)

// UploadPrefix is where uploads in progress live in an S3 bucket.
const UploadPrefix = "uploads/"

// TusOptions configure the resumable upload data store.
type TusOptions struct {
	// States keeps each upload's record and running hash (the asset store).
	States HashStates
	// Create records a new upload before any byte is stored.
	Create func(ctx context.Context, info handler.FileInfo) error
	// Locker serialises requests on one upload; nil means a file locker in
	// the store's work directory (one machine). Several processes sharing
	// a bucket need a shared locker (PostgreSQL advisory locks).
	Locker handler.Locker
	// TTL is how long an untouched upload is kept.
	TTL time.Duration
}

// Tus is the data store behind the tus handler.
type Tus struct {
	s        *Store
	hashing  *hashingStore
	composer *handler.StoreComposer
}

// Tus builds the upload data store: tusd's file store in the work directory
// for file:// stores, tusd's S3 store (multipart uploads into the bucket)
// for s3:// ones, wrapped to hash the bytes as they stream in.
func (s *Store) Tus(opts TusOptions) (*Tus, error) {
	if err := os.MkdirAll(s.work, 0o750); err != nil {
		return nil, err
	}
	if opts.TTL <= 0 {
		opts.TTL = 7 * 24 * time.Hour
	}
	hs := &hashingStore{states: opts.States, create: opts.Create, ttl: opts.TTL, tmpDir: s.work}
	if s.s3 != nil {
		st := s3store.New(s.name, s.s3)
		st.ObjectPrefix = UploadPrefix
		st.TemporaryDirectory = s.work
		// Part buffers are temporary files; a few in flight keep memory and
		// disk use bounded while the network stays busy.
		st.SetConcurrentPartUploads(4)
		st.MaxBufferedParts = 4
		// Smaller parts than tusd's 50 MiB keep more of an interrupted
		// upload (only whole parts survive a crash); tusd grows the part
		// size when a file would need more than 10,000 parts.
		st.PreferredPartSize = 16 << 20
		hs.inner, hs.term = st, st
	} else {
		st := filestore.New(s.work)
		hs.inner, hs.term = st, st
		hs.truncate = func(info handler.FileInfo, size int64) error {
			return os.Truncate(info.Storage[filestore.StorageKeyPath], size)
		}
	}
	c := handler.NewStoreComposer()
	hs.UseIn(c)
	if opts.Locker != nil {
		c.UseLocker(opts.Locker)
	} else {
		filelocker.New(s.work).UseIn(c)
	}
	return &Tus{s: s, hashing: hs, composer: c}, nil
}

// Composer returns the tusd store composer.
func (t *Tus) Composer() *handler.StoreComposer { return t.composer }

// Finish turns a completed upload into a blob: it takes the SHA-256 from
// the saved hash state (recomputing it only when a crash left the state
// behind the stored bytes), moves the content under its content-addressed
// key (a rename for file stores; S3 keeps the completed multipart object)
// and drops the upload's bookkeeping files.
func (t *Tus) Finish(ctx context.Context, info handler.FileInfo) (media.Content, error) {
	st, err := t.hashing.states.UploadGet(ctx, info.ID)
	if err != nil {
		return media.Content{}, err
	}
	var sum []byte
	if st.HashOffset == info.Size && (len(st.HashState) > 0 || info.Size == 0) {
		h := sha256.New()
		if len(st.HashState) > 0 {
			if err := h.(encoding.BinaryUnmarshaler).UnmarshalBinary(st.HashState); err != nil {
				return media.Content{}, err
			}
		}
		sum = h.Sum(nil)
	}
	c := media.Content{Head: st.Head, Size: info.Size}
	if t.s.s3 != nil {
		key := info.Storage["Key"]
		if sum == nil {
			if sum, c.Head, err = t.rehash(ctx, key); err != nil {
				return c, err
			}
		}
		c.Key, c.SHA256 = key, sum
		for _, k := range []string{key + ".info", key + ".part"} {
			if err := t.s.Delete(ctx, k); err != nil {
				return c, err
			}
		}
		return c, nil
	}
	bin := info.Storage[filestore.StorageKeyPath]
	if sum == nil {
		if sum, c.Head, err = hashFile(bin); err != nil {
			return c, err
		}
	}
	c.Key, c.SHA256 = media.BlobKey(sum), sum
	if err := t.s.adopt(ctx, bin, c.Key); err != nil {
		return c, fmt.Errorf("store finished upload: %w", err)
	}
	if err := os.Remove(info.Storage[filestore.StorageKeyInfoPath]); err != nil && !errors.Is(err, os.ErrNotExist) {
		return c, err
	}
	return c, nil
}

func (t *Tus) rehash(ctx context.Context, key string) ([]byte, []byte, error) {
	r, err := t.s.NewRangeReader(ctx, key, 0, -1)
	if err != nil {
		return nil, nil, err
	}
	defer r.Close()
	return hashReader(r)
}

func hashFile(path string) ([]byte, []byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	return hashReader(f)
}

func hashReader(r io.Reader) ([]byte, []byte, error) {
	h := sha256.New()
	head := make([]byte, media.SniffLen)
	n, err := io.ReadFull(r, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, nil, err
	}
	h.Write(head[:n])
	if _, err := io.Copy(h, r); err != nil {
		return nil, nil, err
	}
	return h.Sum(nil), head[:n], nil
}

// Terminate deletes an upload in progress (expired or abandoned).
func (t *Tus) Terminate(ctx context.Context, id string) error {
	up, err := t.hashing.inner.GetUpload(ctx, id)
	if err != nil {
		if errors.Is(err, handler.ErrNotFound) {
			return nil
		}
		return err
	}
	return t.hashing.term.AsTerminatableUpload(up).Terminate(ctx)
}

// LockDir is where file locks for uploads live (single-machine setups).
func (s *Store) LockDir() string { return filepath.Clean(s.work) }

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func itoa(n int) string { return strconv.Itoa(n) }
