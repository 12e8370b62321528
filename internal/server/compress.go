package server

import (
	"io"
	"net/http"

	"github.com/go-chi/chi/v5/middleware"
	"github.com/klauspost/compress/zstd"
)

// compressedTypes are the only responses compressed: JSON documents (API
// answers, problems, the OpenAPI document). Media, downloads, tus and HLS
// segments keep their own types and pass through untouched, so byte ranges
// and resumable uploads are never disturbed.
var compressedTypes = []string{"application/json", "application/problem+json", "application/openapi+json", "application/merge-patch+json"}

// compress encodes JSON answers with zstd or gzip, whichever the client
// prefers by Accept-Encoding (zstd first when both are equally welcome).
func compress() func(http.Handler) http.Handler {
	c := middleware.NewCompressor(5, compressedTypes...)
	c.SetEncoder("zstd", func(w io.Writer, _ int) io.Writer {
		// One goroutine per stream: a hub serves many small answers at
		// once, and zstd's default spawns one per core for each.
		enc, err := zstd.NewWriter(w, zstd.WithEncoderConcurrency(1), zstd.WithLowerEncoderMem(true),
			zstd.WithEncoderLevel(zstd.SpeedDefault))
		if err != nil {
			return nil // chi falls back to the next encoding
		}
		return enc
	})
	return c.Handler
}
