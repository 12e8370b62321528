package server

import (
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"
)

// methodsToProbe are the methods a 405's Allow header can name.
var methodsToProbe = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions}

// allowedMethods lists the methods routes answers for r's path, from the
// route tree itself so it stays true as routes are added. HEAD is allowed
// wherever GET is (middleware.GetHead serves it).
func allowedMethods(routes chi.Routes, r *http.Request) []string {
	path := r.URL.RawPath
	if path == "" {
		path = r.URL.Path
	}
	var out []string
	get := routes.Match(chi.NewRouteContext(), http.MethodGet, path)
	for _, m := range methodsToProbe {
		if (m == http.MethodHead && get) || routes.Match(chi.NewRouteContext(), m, path) {
			out = append(out, m)
		}
	}
	return out
}

// methodNotAllowed answers a known path asked with the wrong method: 405
// with Allow (RFC 9110 §15.5.6), a problem document under /api.
func methodNotAllowed(routes chi.Routes) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		allow := strings.Join(allowedMethods(routes, r), ", ")
		w.Header().Set("Allow", allow)
		if isAPI(r) {
			writeProblem(w, http.StatusMethodNotAllowed, "method_not_allowed", r.Method+" is not allowed here; allowed: "+allow)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusMethodNotAllowed)
		w.Write([]byte("405 method not allowed; allowed: " + allow + "\n"))
	}
}

// notFound keeps the mounted 404 (the web's friendly page) for pages and
// answers API paths with a problem document.
func notFound(prev http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if isAPI(r) {
			writeProblem(w, http.StatusNotFound, "not_found", "no such API path")
			return
		}
		prev(w, r)
	}
}
