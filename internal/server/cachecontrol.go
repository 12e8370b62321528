package server

import (
	"io"
	"net/http"
)

// apiCacheControl marks API answers "private, no-store" unless the handler
// chose otherwise: almost every answer is about one organisation's records
// and must not sit in shared or browser caches. Handlers of public data
// (signed preview links, public event programmes) set their own header.
func apiCacheControl(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !isAPI(r) {
			next.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(&beforeHeader{ResponseWriter: w, hook: func(h http.Header) {
			if h.Get("Cache-Control") == "" {
				h.Set("Cache-Control", "private, no-store")
			}
		}}, r)
	})
}

// beforeHeader runs hook once, just before the status line is written.
type beforeHeader struct {
	http.ResponseWriter
	hook func(http.Header)
	done bool
}

func (b *beforeHeader) before() {
	if !b.done {
		b.done = true
		b.hook(b.Header())
	}
}

func (b *beforeHeader) WriteHeader(code int) {
	if code >= 200 {
		b.before()
	}
	b.ResponseWriter.WriteHeader(code)
}

func (b *beforeHeader) Write(p []byte) (int, error) {
	b.before()
	return b.ResponseWriter.Write(p)
}

func (b *beforeHeader) Flush() {
	b.before()
	if f, ok := b.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// ReadFrom keeps sendfile for downloads served with io.Copy.
func (b *beforeHeader) ReadFrom(src io.Reader) (int64, error) {
	b.before()
	return io.Copy(b.ResponseWriter, src)
}

func (b *beforeHeader) Unwrap() http.ResponseWriter { return b.ResponseWriter }
