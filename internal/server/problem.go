package server

import (
	"encoding/json"
	"net/http"
	"strings"
)

// isAPI reports whether a request is for the JSON API, whose errors are
// RFC 9457 problem documents rather than pages.
func isAPI(r *http.Request) bool {
	return r.URL.Path == "/api" || strings.HasPrefix(r.URL.Path, "/api/")
}

// writeProblem answers with an RFC 9457 problem document; code is the same
// stable machine code the API's own errors carry.
func writeProblem(w http.ResponseWriter, status int, code, detail string) {
	h := w.Header()
	h.Set("Content-Type", "application/problem+json")
	h.Del("Content-Length")
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "no-store")
	}
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{
		"title": http.StatusText(status), "status": status, "detail": detail, "code": code,
	})
}

// crossOriginRefused answers http.CrossOriginProtection's refusal as a
// problem document, like every other error.
func crossOriginRefused(w http.ResponseWriter, _ *http.Request) {
	writeProblem(w, http.StatusForbidden, "cross_origin",
		"cross-origin request refused: unsafe methods must come from this site's own pages or from non-browser clients")
}
