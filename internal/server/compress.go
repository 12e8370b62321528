package server

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// compressedTypes are the only responses compressed: JSON documents (API
// answers, problems, the OpenAPI document). Media, downloads, tus and HLS
// segments keep their own types and pass through untouched, so byte ranges
// and resumable uploads are never disturbed.
var compressedTypes = []string{"application/json", "application/problem+json", "application/openapi+json", "application/merge-patch+json"}

// minCompressBytes: an answer that declares a shorter Content-Length (every
// buffered JSON GET does, see conditional) goes out as it is. Compressing
// half a kilobyte saves a few hundred bytes, less than one packet, and
// costs more CPU than the rest of a title read (resetting a deflate
// state alone is larger than the body).
const minCompressBytes = 1024

// Encoders are pooled: a new zstd or deflate state per answer costs far
// more than the small answers an API mostly sends.
var (
	gzipPool = sync.Pool{New: func() any {
		w, _ := gzip.NewWriterLevel(nil, 5)
		return w
	}}
	zstdPool = sync.Pool{New: func() any {
		// One goroutine per stream: a hub serves many small answers at
		// once, and zstd's default spawns one per core for each.
		enc, err := zstd.NewWriter(nil, zstd.WithEncoderConcurrency(1), zstd.WithLowerEncoderMem(true),
			zstd.WithEncoderLevel(zstd.SpeedDefault))
		if err != nil {
			return nil
		}
		return enc
	}}
)

// compress encodes JSON answers with zstd or gzip, whichever the client
// accepts (zstd first when both are), choosing only once the answer's
// headers are known, so small and uncompressible answers cost nothing.
func compress() func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			enc := acceptedEncoding(r.Header.Get("Accept-Encoding"))
			if enc == "" {
				next.ServeHTTP(w, r)
				return
			}
			cw := &compressWriter{ResponseWriter: w, enc: enc}
			defer cw.close()
			next.ServeHTTP(cw, r)
		})
	}
}

// acceptedEncoding returns "zstd", "gzip" or "" for an Accept-Encoding
// header; an encoding listed with q=0 is refused.
func acceptedEncoding(header string) string {
	if header == "" {
		return ""
	}
	var gz bool
	for _, part := range strings.Split(strings.ToLower(header), ",") {
		name, params, _ := strings.Cut(part, ";")
		if q, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if v, err := strconv.ParseFloat(strings.TrimSpace(q), 64); err == nil && v == 0 {
				continue
			}
		}
		switch strings.TrimSpace(name) {
		case "zstd":
			return "zstd"
		case "gzip":
			gz = true
		}
	}
	if gz {
		return "gzip"
	}
	return ""
}

type compressWriter struct {
	http.ResponseWriter
	enc         string
	w           interface{ io.WriteCloser } // the encoder, once compressing
	wroteHeader bool
}

func (c *compressWriter) WriteHeader(code int) {
	if code < 200 { // informational answers go straight out
		c.ResponseWriter.WriteHeader(code)
		return
	}
	if c.wroteHeader {
		c.ResponseWriter.WriteHeader(code)
		return
	}
	c.wroteHeader = true
	h := c.Header()
	if h.Get("Content-Encoding") == "" && code != http.StatusNoContent && code != http.StatusNotModified && compressible(h.Get("Content-Type")) {
		h.Add("Vary", "Accept-Encoding")
		if n, err := strconv.Atoi(h.Get("Content-Length")); err != nil || n >= minCompressBytes {
			c.start()
		}
	}
	c.ResponseWriter.WriteHeader(code)
}

func (c *compressWriter) start() {
	var w interface{ io.WriteCloser }
	switch c.enc {
	case "zstd":
		if enc, ok := zstdPool.Get().(*zstd.Encoder); ok && enc != nil {
			enc.Reset(c.ResponseWriter)
			w = enc
		}
	case "gzip":
		gz := gzipPool.Get().(*gzip.Writer)
		gz.Reset(c.ResponseWriter)
		w = gz
	}
	if w == nil {
		return
	}
	c.w = w
	h := c.Header()
	h.Set("Content-Encoding", c.enc)
	h.Del("Content-Length")
}

func compressible(ct string) bool {
	mt, _, _ := strings.Cut(ct, ";")
	mt = strings.TrimSpace(strings.ToLower(mt))
	for _, t := range compressedTypes {
		if mt == t {
			return true
		}
	}
	return false
}

func (c *compressWriter) Write(p []byte) (int, error) {
	if !c.wroteHeader {
		c.WriteHeader(http.StatusOK)
	}
	if c.w != nil {
		return c.w.Write(p)
	}
	return c.ResponseWriter.Write(p)
}

func (c *compressWriter) Flush() {
	if f, ok := c.w.(interface{ Flush() error }); ok {
		f.Flush()
	}
	if f, ok := c.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (c *compressWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	if h, ok := c.ResponseWriter.(http.Hijacker); ok {
		return h.Hijack()
	}
	return nil, nil, http.ErrNotSupported
}

func (c *compressWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }

func (c *compressWriter) close() {
	if c.w == nil {
		return
	}
	c.w.Close()
	switch w := c.w.(type) {
	case *gzip.Writer:
		w.Reset(io.Discard)
		gzipPool.Put(w)
	case *zstd.Encoder:
		w.Reset(nil)
		zstdPool.Put(w)
	}
	c.w = nil
}
