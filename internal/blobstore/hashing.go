package blobstore

import (
	"context"
	"crypto/sha256"
	"encoding"
	"errors"
	"hash"
	"io"
	"net/http"
	"os"
	"syscall"
	"time"

	"github.com/tus/tusd/v2/pkg/handler"

	"github.com/silkbridge/silkbridge/internal/apperr"
	"github.com/silkbridge/silkbridge/internal/media"
)

// HashStates is where the running SHA-256 of each upload is kept (the
// asset store), so that any process continues it after a resume.
type HashStates interface {
	UploadGet(ctx context.Context, id string) (*media.Upload, error)
	UploadSaveHash(ctx context.Context, id string, offset int64, state, head []byte, expires time.Time) error
	UploadDelete(ctx context.Context, id string) error
}

// checkpointEvery is how many bytes of one request pass between saved hash
// states, so a process killed in the middle of a long PATCH resumes from
// the last checkpoint instead of from the start of the request.
const checkpointEvery = 32 << 20

type checksumKey struct{}

// WithChecksum returns a context carrying the SHA-256 a client announced for
// the chunk of this request (tus checksum extension).
func WithChecksum(ctx context.Context, sum []byte) context.Context {
	return context.WithValue(ctx, checksumKey{}, sum)
}

// Problem errors the upload handler turns into answers.
var (
	ErrChecksumMismatch = problemError(460, "checksum_mismatch", "the chunk's SHA-256 does not match Upload-Checksum; it was discarded, resend it")
	ErrStorageFull      = problemError(http.StatusInsufficientStorage, string(media.CodeStorageFull), "the server's storage is full; the chunk was discarded and nothing was registered")
)

// problemError is a tusd error whose body is an RFC 9457 problem.
func problemError(status int, code, detail string) handler.Error {
	e := handler.NewError("ERR_"+code, detail, status)
	e.HTTPResponse.Header = handler.HTTPHeader{"Content-Type": "application/problem+json"}
	e.HTTPResponse.Body = ProblemJSON(status, code, detail)
	return e
}

// ProblemJSON renders an RFC 9457 problem with silkbridge's code field.
func ProblemJSON(status int, code, detail string) string {
	title := http.StatusText(status)
	if status == 460 {
		title = "Checksum Mismatch"
	}
	b := []byte(`{"title":` + quote(title) + `,"status":` + itoa(status) + `,"detail":` + quote(detail) + `,"code":` + quote(code) + `}`)
	return string(b) + "\n"
}

// hashingStore wraps a tusd data store so every chunk feeds the upload's
// SHA-256 as it streams in; the hash state is saved after each chunk (and
// every checkpointEvery bytes within one), so the final digest never needs
// the file to be read again.
type hashingStore struct {
	inner  handler.DataStore
	term   handler.TerminaterDataStore
	states HashStates
	// truncate cuts an upload's stored bytes back to size; nil when the
	// store cannot (S3 parts), in which case a hash that fell behind is
	// recomputed once at the end.
	truncate func(info handler.FileInfo, size int64) error
	// create records a new upload (its owner, title, file name) before any
	// byte arrives.
	create func(ctx context.Context, info handler.FileInfo) error
	ttl    time.Duration
	tmpDir string
}

func (s *hashingStore) NewUpload(ctx context.Context, info handler.FileInfo) (handler.Upload, error) {
	up, err := s.inner.NewUpload(ctx, info)
	if err != nil {
		return nil, err
	}
	full, err := up.GetInfo(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.create(ctx, full); err != nil {
		s.term.AsTerminatableUpload(up).Terminate(context.WithoutCancel(ctx))
		return nil, err
	}
	return &hashingUpload{Upload: up, s: s, id: full.ID}, nil
}

func (s *hashingStore) GetUpload(ctx context.Context, id string) (handler.Upload, error) {
	if _, err := s.states.UploadGet(ctx, id); err != nil {
		if apperr.Is(err, apperr.NotFound) {
			return nil, handler.ErrNotFound
		}
		return nil, err
	}
	up, err := s.inner.GetUpload(ctx, id)
	if err != nil {
		return nil, err
	}
	return &hashingUpload{Upload: up, s: s, id: id}, nil
}

func (s *hashingStore) AsTerminatableUpload(up handler.Upload) handler.TerminatableUpload {
	h := up.(*hashingUpload)
	return terminator{inner: s.term.AsTerminatableUpload(h.Upload), states: s.states, id: h.id}
}

// terminator also forgets the upload's record, so it no longer counts
// against the organisation's quota.
type terminator struct {
	inner  handler.TerminatableUpload
	states HashStates
	id     string
}

func (t terminator) Terminate(ctx context.Context) error {
	if err := t.inner.Terminate(ctx); err != nil {
		return err
	}
	return t.states.UploadDelete(ctx, t.id)
}

// UseIn puts the store into a composer as core and terminater.
func (s *hashingStore) UseIn(c *handler.StoreComposer) {
	c.UseCore(s)
	c.UseTerminater(s)
}

type hashingUpload struct {
	handler.Upload
	s  *hashingStore
	id string
}

// GetInfo reports the offset the hash covers. After a crash in the middle
// of a request the store may hold more bytes than the saved hash state; a
// file store is cut back to the checkpoint, so the client resends from there.
func (u *hashingUpload) GetInfo(ctx context.Context) (handler.FileInfo, error) {
	info, err := u.Upload.GetInfo(ctx)
	if err != nil {
		return info, err
	}
	st, err := u.s.states.UploadGet(ctx, u.id)
	if err != nil {
		return info, err
	}
	if st.HashOffset >= 0 && st.HashOffset < info.Offset && u.s.truncate != nil {
		if err := u.s.truncate(info, st.HashOffset); err != nil {
			return info, err
		}
		info.Offset = st.HashOffset
	}
	return info, nil
}

func (u *hashingUpload) WriteChunk(ctx context.Context, offset int64, src io.Reader) (int64, error) {
	st, err := u.s.states.UploadGet(ctx, u.id)
	if err != nil {
		return 0, err
	}
	h := sha256.New()
	tracking := st.HashOffset == offset
	if tracking && len(st.HashState) > 0 {
		if err := h.(encoding.BinaryUnmarshaler).UnmarshalBinary(st.HashState); err != nil {
			tracking = false
		}
	}
	if !tracking && st.HashOffset >= 0 {
		// The hash fell behind the stored bytes (S3 after a crash): it is
		// recomputed from the stored object once the upload completes.
		if err := u.s.states.UploadSaveHash(ctx, u.id, -1, nil, nil, time.Now().Add(u.s.ttl)); err != nil {
			return 0, err
		}
	}
	want, _ := ctx.Value(checksumKey{}).([]byte)
	if want != nil && u.s.truncate == nil {
		return u.writeVerifiedCopy(ctx, offset, src, want, h, tracking, st)
	}
	start, _ := h.(encoding.BinaryMarshaler).MarshalBinary()
	r := &hashingReader{src: src, h: h, chunk: sha256.New(), offset: offset, head: st.Head, track: tracking}
	// A chunk with a checksum counts only once verified whole, so none of it
	// is checkpointed on the way: after a crash it is cut back and resent.
	if tracking && want == nil {
		r.checkpoint = func(off int64, state, head []byte) {
			u.s.states.UploadSaveHash(context.WithoutCancel(ctx), u.id, off, state, head, time.Now().Add(u.s.ttl))
		}
	}
	n, werr := u.Upload.WriteChunk(ctx, offset, r)
	if n != r.n || isWriteFailure(werr, r.err) {
		// The store wrote other bytes than were hashed (a failed write):
		// cut back to the start of the chunk where possible.
		return u.rollback(ctx, offset, start, st.Head, n, werr)
	}
	if want != nil && !equalBytes(r.chunk.Sum(nil), want) {
		return u.rollback(ctx, offset, start, st.Head, n, ErrChecksumMismatch)
	}
	if tracking {
		state, _ := h.(encoding.BinaryMarshaler).MarshalBinary()
		if err := u.s.states.UploadSaveHash(context.WithoutCancel(ctx), u.id, offset+n, state, r.head, time.Now().Add(u.s.ttl)); err != nil {
			return n, err
		}
	}
	return n, werr
}

// rollback undoes a chunk that must not count. Without truncation (S3) the
// bytes stay and the hash is marked for recomputation.
func (u *hashingUpload) rollback(ctx context.Context, offset int64, start, head []byte, n int64, cause error) (int64, error) {
	ctx = context.WithoutCancel(ctx)
	if isNoSpace(cause) {
		cause = ErrStorageFull
	}
	if u.s.truncate == nil {
		u.s.states.UploadSaveHash(ctx, u.id, -1, nil, nil, time.Now().Add(u.s.ttl))
		return n, cause
	}
	info, err := u.Upload.GetInfo(ctx)
	if err != nil {
		return n, errors.Join(cause, err)
	}
	if err := u.s.truncate(info, offset); err != nil {
		return n, errors.Join(cause, err)
	}
	if err := u.s.states.UploadSaveHash(ctx, u.id, offset, start, head, time.Now().Add(u.s.ttl)); err != nil {
		return 0, errors.Join(cause, err)
	}
	return 0, cause
}

// writeVerifiedCopy handles a chunk with a checksum on a store that cannot
// take bytes back (S3 parts): the chunk is spooled to a local file and
// verified before the store sees it.
func (u *hashingUpload) writeVerifiedCopy(ctx context.Context, offset int64, src io.Reader, want []byte, h hash.Hash, tracking bool, st *media.Upload) (int64, error) {
	tmp, err := os.CreateTemp(u.s.tmpDir, "chunk-*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	chunk := sha256.New()
	if _, err := io.Copy(io.MultiWriter(tmp, chunk), src); err != nil {
		return 0, err
	}
	if !equalBytes(chunk.Sum(nil), want) {
		return 0, ErrChecksumMismatch
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return 0, err
	}
	r := &hashingReader{src: tmp, h: h, chunk: sha256.New(), offset: offset, head: st.Head, track: tracking}
	n, werr := u.Upload.WriteChunk(ctx, offset, r)
	if tracking && n == r.n {
		state, _ := h.(encoding.BinaryMarshaler).MarshalBinary()
		if err := u.s.states.UploadSaveHash(context.WithoutCancel(ctx), u.id, offset+n, state, r.head, time.Now().Add(u.s.ttl)); err != nil {
			return n, err
		}
	} else if n != r.n {
		u.s.states.UploadSaveHash(context.WithoutCancel(ctx), u.id, -1, nil, nil, time.Now().Add(u.s.ttl))
	}
	return n, werr
}

// hashingReader feeds what the store reads into the upload's hash and the
// chunk's own hash, keeps the first bytes for sniffing and saves a
// checkpoint now and then. A checkpoint is taken at the start of a Read:
// every byte handed out before then has been written by the store, which
// copies buffer by buffer.
type hashingReader struct {
	src        io.Reader
	h, chunk   hash.Hash
	offset     int64 // of the first byte of this chunk
	n          int64 // bytes handed out
	head       []byte
	track      bool
	lastSave   int64
	checkpoint func(offset int64, state, head []byte)
	err        error // the last read error from src, if any
}

func (r *hashingReader) Read(p []byte) (int, error) {
	if r.checkpoint != nil && r.n-r.lastSave >= checkpointEvery {
		state, _ := r.h.(encoding.BinaryMarshaler).MarshalBinary()
		r.checkpoint(r.offset+r.n, state, r.head)
		r.lastSave = r.n
	}
	n, err := r.src.Read(p)
	if n > 0 {
		if r.track {
			r.h.Write(p[:n])
		}
		r.chunk.Write(p[:n])
		if pos := r.offset + r.n; pos < media.SniffLen {
			take := min(int64(n), media.SniffLen-pos)
			if int64(len(r.head)) == pos {
				r.head = append(r.head, p[:take]...)
			}
		}
		r.n += int64(n)
	}
	if err != nil && err != io.EOF {
		r.err = err
	}
	return n, err
}

// isWriteFailure reports whether the store failed on its own side rather
// than because the client's body ended or broke.
func isWriteFailure(storeErr, readErr error) bool {
	if storeErr == nil {
		return false
	}
	if readErr != nil && errors.Is(storeErr, readErr) {
		return false
	}
	return isNoSpace(storeErr) || readErr == nil
}

func isNoSpace(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)
}

func equalBytes(a, b []byte) bool {
	if len(a) != len(b) {
		return false
	}
	var d byte
	for i := range a {
		d |= a[i] ^ b[i]
	}
	return d == 0
}
