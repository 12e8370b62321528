package server

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/prometheus/client_golang/prometheus"
)

func requestIDHeader(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", middleware.GetReqID(r.Context()))
		next.ServeHTTP(w, r)
	})
}

func logRequests(log *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
			next.ServeHTTP(ww, r)
			level := slog.LevelInfo
			switch {
			case ww.Status() >= 500:
				level = slog.LevelError
			case ww.Status() == http.StatusTooManyRequests:
				// A flood is refused by the thousand per second: a line each
				// would turn it into a flood of the log. The metrics count them.
				level = slog.LevelDebug
			}
			log.Log(r.Context(), level, "request", "method", r.Method, "path", r.URL.Path, "status", ww.Status(),
				"bytes", ww.BytesWritten(), "duration_ms", time.Since(start).Milliseconds(),
				"request_id", middleware.GetReqID(r.Context()))
		})
	}
}

// recoverer turns a panic into a logged 500 problem so one bad request never
// takes the process down.
func recoverer(log *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				if v := recover(); v != nil {
					if v == http.ErrAbortHandler {
						panic(v)
					}
					log.Error("panic", "value", fmt.Sprint(v), "stack", string(debug.Stack()), "request_id", middleware.GetReqID(r.Context()))
					writeProblem(w, http.StatusInternalServerError, "internal", "internal error")
				}
			}()
			next.ServeHTTP(w, r)
		})
	}
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// limitBody caps request bodies; upload endpoints set their own limits and
// are exempted by path prefix.
func limitBody(max int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch {
			case r.Body == nil || ownBodyLimit(r):
			case r.Method == http.MethodPost && r.URL.Path == "/imports":
				// The web's avails upload form: a 32 MiB file and its fields.
				r.Body = http.MaxBytesReader(w, r.Body, 33<<20)
			default:
				r.Body = http.MaxBytesReader(w, r.Body, max)
			}
			next.ServeHTTP(w, r)
		})
	}
}

type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newMetrics(reg *prometheus.Registry) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "silkbridge_http_requests_total", Help: "HTTP requests by method, route and status.",
		}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "silkbridge_http_request_duration_seconds", Help: "HTTP request latency by route.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"method", "route"}),
	}
	reg.MustRegister(m.requests, m.duration)
	return m
}

func (m *metrics) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		next.ServeHTTP(ww, r)
		route := "unmatched"
		if rc := chi.RouteContext(r.Context()); rc != nil && rc.RoutePattern() != "" {
			route = rc.RoutePattern()
		}
		m.requests.WithLabelValues(r.Method, route, strconv.Itoa(ww.Status())).Inc()
		m.duration.WithLabelValues(r.Method, route).Observe(time.Since(start).Seconds())
	})
}

// ownBodyLimit reports whether a request goes to an upload endpoint that
// bounds its body itself: tus uploads (size announced and checked on
// creation) and the multipart asset upload (64 MiB, limited by its operation).
func ownBodyLimit(r *http.Request) bool {
	p := r.URL.Path
	if p == "/api/v1/uploads" || strings.HasPrefix(p, "/api/v1/uploads/") {
		return true
	}
	// The API's avails import takes files up to avails.MaxBytes (32 MiB)
	// and answers 413 past it. Under the global limit it failed with 500 as
	// soon as a file passed 1 MiB.
	if r.Method == http.MethodPost && p == "/api/v1/avails/import" {
		return true
	}
	// Subtitle files (10 MiB) and whole-track cue edits bound themselves
	// and answer 413 past their limits (the web's upload form posts the
	// file to the same API operation).
	if r.Method == http.MethodPost && strings.HasPrefix(p, "/api/v1/titles/") && strings.HasSuffix(p, "/subtitles") ||
		(r.Method == http.MethodPut || r.Method == http.MethodPatch) && strings.HasPrefix(p, "/api/v1/subtitles/") && strings.HasSuffix(p, "/cues") {
		return true
	}
	return r.Method == http.MethodPost && strings.HasPrefix(p, "/api/v1/titles/") && strings.HasSuffix(p, "/assets")
}
