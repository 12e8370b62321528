package httpapi

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/silkbridge/silkbridge/internal/auth"
	"github.com/silkbridge/silkbridge/internal/media"
)

// download serves an asset's original with Range (206, several ranges),
// ETag (its SHA-256) and If-Range: to the owner organisation and to
// organisations holding a licence on the title active today. Every answer
// is audited with the bytes asked for; HEAD answers the same headers.
func (a *API) download(w http.ResponseWriter, r *http.Request) {
	p, err := a.principal(r)
	if err != nil || p == nil {
		w.Header().Set("WWW-Authenticate", `Bearer realm="silkbridge"`)
		writeProblem(w, r, http.StatusUnauthorized, "unauthenticated", "authentication required: send Authorization: Bearer <token>")
		return
	}
	ctx := auth.WithPrincipal(r.Context(), p)
	d, err := a.deps.Media.OpenDownload(ctx, chi.URLParam(r, "id"))
	if err != nil {
		pe := a.assetError(ctx, err).(*ProblemError)
		writeProblem(w, r, pe.Status, pe.Code, pe.Detail)
		return
	}
	byteRange := r.Header.Get("Range")
	if byteRange == "" {
		byteRange = "all"
	} else if ir := r.Header.Get("If-Range"); ir != "" && ir != etag(d.Asset) {
		byteRange = "all (If-Range did not match)"
	}
	if r.Method == http.MethodHead {
		// A HEAD transfers no content: not a download.
	} else if err := a.deps.Media.RecordDownload(ctx, d.Asset, byteRange); err != nil {
		a.logger().ErrorContext(ctx, "auditing a download", "err", err)
		writeProblem(w, r, http.StatusInternalServerError, "internal", "internal error")
		return
	}
	h := w.Header()
	h.Set("ETag", etag(d.Asset))
	h.Set("Content-Type", d.Asset.ContentType)
	h.Set("Content-Disposition", ContentDisposition(d.Asset.Filename))
	h.Set("Cache-Control", "private, no-store")
	body := &blobSeeker{ctx: ctx, blobs: a.deps.Media.Blobs(), key: d.Key, size: d.Asset.Size}
	defer body.Close()
	http.ServeContent(&deadlineWriter{ResponseWriter: w, rc: http.NewResponseController(w)}, r, "", time.Time{}, body)
}

func etag(a *media.Asset) string { return `"` + a.SHA256 + `"` }

// ContentDisposition names the file for saving: filename* keeps the name in
// any script (RFC 5987/6266); filename is an ASCII stand-in for old clients.
func ContentDisposition(name string) string {
	var ascii strings.Builder
	for _, r := range name {
		switch {
		case r == '"' || r == '\\':
			ascii.WriteByte('_')
		case r >= 0x20 && r < 0x7f:
			ascii.WriteRune(r)
		default:
			ascii.WriteByte('_')
		}
	}
	return `attachment; filename="` + ascii.String() + `"; filename*=UTF-8''` + strings.ReplaceAll(url.PathEscape(name), "'", "%27")
}

// blobSeeker is an io.ReadSeeker over a blob for http.ServeContent: each
// read after a seek opens a range reader from the new position.
type blobSeeker struct {
	ctx   context.Context
	blobs media.Blobs
	key   string
	size  int64
	pos   int64
	r     io.ReadCloser
}

func (b *blobSeeker) Read(p []byte) (int, error) {
	if b.pos >= b.size {
		return 0, io.EOF
	}
	if b.r == nil {
		r, err := b.blobs.NewRangeReader(b.ctx, b.key, b.pos, b.size-b.pos)
		if err != nil {
			return 0, err
		}
		b.r = r
	}
	n, err := b.r.Read(p)
	b.pos += int64(n)
	return n, err
}

func (b *blobSeeker) Seek(offset int64, whence int) (int64, error) {
	var to int64
	switch whence {
	case io.SeekStart:
		to = offset
	case io.SeekCurrent:
		to = b.pos + offset
	case io.SeekEnd:
		to = b.size + offset
	}
	if to < 0 {
		return 0, errors.New("seek before start")
	}
	if to != b.pos && b.r != nil {
		b.r.Close()
		b.r = nil
	}
	b.pos = to
	return to, nil
}

func (b *blobSeeker) Close() error {
	if b.r != nil {
		return b.r.Close()
	}
	return nil
}

// deadlineWriter pushes the write deadline forward while bytes flow, so a
// long download is not cut by the server's WriteTimeout but a stalled
// client still is.
type deadlineWriter struct {
	http.ResponseWriter
	rc   *http.ResponseController
	last time.Time
}

func (d *deadlineWriter) Write(p []byte) (int, error) {
	if now := time.Now(); now.Sub(d.last) > time.Second {
		d.rc.SetWriteDeadline(now.Add(2 * time.Minute))
		d.last = now
	}
	return d.ResponseWriter.Write(p)
}

func (d *deadlineWriter) Unwrap() http.ResponseWriter { return d.ResponseWriter }
