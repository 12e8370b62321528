package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/silkbridge/silkbridge/internal/etag"
)

// conditional answers If-None-Match for successful JSON GET/HEAD answers
// (RFC 9110 §13.1.2). A handler that knows its version sets ETag itself
// (titles: "v3"); every other JSON answer gets a weak tag hashed from its
// body, weak because gzip/zstd encodings of it are equivalent, not
// byte-identical. A match becomes 304 without a body. Other answers (media,
// downloads, errors) pass straight through, unbuffered.
func conditional(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		cw := &conditionalWriter{ResponseWriter: w}
		next.ServeHTTP(cw, r)
		cw.finish(r)
	})
}

type conditionalWriter struct {
	http.ResponseWriter
	status    int
	buffering bool
	buf       bytes.Buffer
}

func (c *conditionalWriter) WriteHeader(code int) {
	if code < 200 { // informational answers go straight out
		c.ResponseWriter.WriteHeader(code)
		return
	}
	if c.status != 0 {
		return
	}
	c.status = code
	if code == http.StatusOK && isJSON(c.Header().Get("Content-Type")) {
		c.buffering = true
		return
	}
	c.ResponseWriter.WriteHeader(code)
}

func (c *conditionalWriter) Write(p []byte) (int, error) {
	if c.status == 0 {
		c.WriteHeader(http.StatusOK)
	}
	if c.buffering {
		return c.buf.Write(p)
	}
	return c.ResponseWriter.Write(p)
}

// Flush is a no-op while buffering: the answer is complete only at the end.
func (c *conditionalWriter) Flush() {
	if c.buffering {
		return
	}
	if c.status == 0 {
		c.WriteHeader(http.StatusOK)
	}
	if f, ok := c.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (c *conditionalWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }

func (c *conditionalWriter) finish(r *http.Request) {
	if !c.buffering {
		return
	}
	h := c.Header()
	tag := h.Get("ETag")
	if tag == "" {
		sum := sha256.Sum256(c.buf.Bytes())
		tag = `W/"` + base64.RawURLEncoding.EncodeToString(sum[:16]) + `"`
		h.Set("ETag", tag)
	}
	if inm := r.Header.Get("If-None-Match"); inm != "" && etag.NoneMatch(inm, tag) {
		// A 304 carries the validators and caching headers, not the body's.
		h.Del("Content-Type")
		h.Del("Content-Length")
		c.ResponseWriter.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(c.buf.Len()))
	c.ResponseWriter.WriteHeader(c.status)
	c.ResponseWriter.Write(c.buf.Bytes())
}

// isJSON reports whether a Content-Type is JSON (application/json or any
// +json type such as the OpenAPI document).
func isJSON(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	return mt == "application/json" || (strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json"))
}
