package server

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"net/http"
)

// curlJSONBodies reads a JSON body that curl sent with its default
// Content-Type (curl -d uses application/x-www-form-urlencoded) as JSON,
// so `curl -d '{"…"}'` works without -H 'Content-Type: application/json'.
// Only for API requests that carry an Authorization header: a cross-site
// page can send form-encoded bodies with the user's cookie but cannot set
// Authorization, so cookie-authenticated calls must still declare JSON
// (defence in depth beside CrossOriginProtection). A body that is not
// valid JSON keeps its type and gets the usual 415. A missing
// Content-Type is read as JSON by the API already.
func curlJSONBodies(max int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Body != nil && isAPI(r) && r.Header.Get("Authorization") != "" && hasBodyMethod(r.Method) && isFormType(r.Header.Get("Content-Type")) {
				peekJSON(r, max)
			}
			next.ServeHTTP(w, r)
		})
	}
}

func hasBodyMethod(m string) bool {
	return m == http.MethodPost || m == http.MethodPut || m == http.MethodPatch
}

func isFormType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && mt == "application/x-www-form-urlencoded"
}

// peekJSON reads up to max bytes; when that is the whole body and it is a
// JSON object or array, the request is relabelled application/json. The
// body is always restored so the handler reads it in full.
func peekJSON(r *http.Request, max int64) {
	head, err := io.ReadAll(io.LimitReader(r.Body, max+1))
	rest := r.Body
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(head), rest), rest}
	if err != nil || int64(len(head)) > max {
		return
	}
	t := bytes.TrimSpace(head)
	if len(t) > 0 && (t[0] == '{' || t[0] == '[') && json.Valid(t) {
		r.Header.Set("Content-Type", "application/json")
	}
}
