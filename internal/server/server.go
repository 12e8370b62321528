// Package server assembles silkbridge's HTTP handler (health, metrics, JSON
// API and web interface behind shared middleware) and runs it with graceful
// shutdown.
package server

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Config tunes the server's limits.
type Config struct {
	Addr string
	// RatePerSecond and RateBurst limit requests per client address and,
	// separately, per credential (API token id or web session); a request
	// must pass both.
	RatePerSecond float64
	RateBurst     int
	// TrustedProxies are the reverse proxies whose X-Forwarded-For is
	// believed when finding a client's address; empty trusts none and uses
	// the connection's peer address.
	TrustedProxies []netip.Prefix
	// MaxBodyBytes caps request bodies outside upload endpoints.
	MaxBodyBytes int64
	Logger       *slog.Logger
	// Ready reports whether dependencies (the database) answer.
	Ready func(ctx context.Context) error
}

// Mounter adds routes to the router (the API, the web interface).
type Mounter func(r chi.Router)

// Server is the HTTP server.
type Server struct {
	cfg     Config
	handler http.Handler
	reg     *prometheus.Registry
}

// New builds the handler: shared middleware, then /healthz, /readyz,
// /metrics and whatever the mounters add.
func New(cfg Config, mounts ...Mounter) *Server {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.MaxBodyBytes == 0 {
		cfg.MaxBodyBytes = 1 << 20
	}
	s := &Server{cfg: cfg, reg: prometheus.NewRegistry()}
	s.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m := newMetrics(s.reg)

	r := chi.NewRouter()
	r.Use(middleware.RequestID, requestIDHeader, m.middleware, logRequests(cfg.Logger), recoverer(cfg.Logger))
	r.Use(securityHeaders, limitBody(cfg.MaxBodyBytes))
	r.Use(newRateLimiter(cfg.RatePerSecond, cfg.RateBurst, cfg.TrustedProxies).middleware)
	// HTTP semantics every route shares (docs/api.md): compression of JSON,
	// Cache-Control on API answers, curl's form-typed JSON bodies,
	// If-None-Match/ETag for JSON GETs, and HEAD wherever GET is.
	r.Use(compress(), apiCacheControl, curlJSONBodies(cfg.MaxBodyBytes), conditional, middleware.GetHead)
	r.Get("/healthz", func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, 200, map[string]string{"status": "ok"}) })
	r.Get("/readyz", s.ready)
	r.Handle("/metrics", promhttp.HandlerFor(s.reg, promhttp.HandlerOpts{}))
	for _, mount := range mounts {
		mount(r)
	}
	// After the mounts: API paths answer 404 as problems whatever page the
	// web shows, and a wrong method is 405 with Allow, not 404.
	r.NotFound(notFound(r.NotFoundHandler()))
	r.MethodNotAllowed(methodNotAllowed(r))
	// Cross-origin unsafe requests are refused (CSRF defence for cookie
	// sessions); same-origin browsers and non-browser clients pass.
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(crossOriginRefused))
	s.handler = cop.Handler(r)
	return s
}

// Handler returns the assembled handler (for tests).
func (s *Server) Handler() http.Handler { return s.handler }

// Registry exposes the metrics registry so components can add collectors.
func (s *Server) Registry() *prometheus.Registry { return s.reg }

func (s *Server) ready(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Ready != nil {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := s.cfg.Ready(ctx); err != nil {
			s.cfg.Logger.Warn("not ready", "err", err)
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "database": "unreachable"})
			return
		}
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "database": "ok"})
}

// Run listens on ln until ctx ends, then drains in-flight requests.
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.cfg.Logger.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.cfg.Logger.Info("shutting down; draining requests")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
