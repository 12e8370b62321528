package httpapi

import (
	"encoding/json"
	"net/http"
	"sync"

	"github.com/danielgtaylor/huma/v2"
	"github.com/go-chi/chi/v5"
)

// documentServerRoutes describes /healthz, /readyz and /metrics in the
// OpenAPI document. The server package serves them (they must answer even
// when the API is not mounted), so they are added to the document only.
func documentServerRoutes(api *API) {
	status := &huma.Schema{Type: "object", Required: []string{"status"}, Properties: map[string]*huma.Schema{
		"status":   {Type: "string", Enum: []any{"ok", "unavailable"}},
		"database": {Type: "string", Enum: []any{"ok", "unreachable"}},
	}}
	jsonOf := func(desc string) *huma.Response {
		return &huma.Response{Description: desc, Content: map[string]*huma.MediaType{"application/json": {Schema: status}}}
	}
	tags := []string{"operations"}
	oapi := api.OpenAPI()
	oapi.AddOperation(&huma.Operation{
		OperationID: "healthz", Method: http.MethodGet, Path: "/healthz", Tags: tags,
		Summary: "Liveness: the process answers", Responses: map[string]*huma.Response{"200": jsonOf("Alive")},
	})
	oapi.AddOperation(&huma.Operation{
		OperationID: "readyz", Method: http.MethodGet, Path: "/readyz", Tags: tags,
		Summary:   "Readiness: the database answers too",
		Responses: map[string]*huma.Response{"200": jsonOf("Ready"), "503": jsonOf("The database does not answer")},
	})
	oapi.AddOperation(&huma.Operation{
		OperationID: "metrics", Method: http.MethodGet, Path: "/metrics", Tags: tags,
		Summary: "Prometheus metrics (text exposition format)",
		Responses: map[string]*huma.Response{"200": {Description: "Metrics", Content: map[string]*huma.MediaType{
			"text/plain": {Schema: &huma.Schema{Type: "string"}},
		}}},
	})
}

// serveOpenAPI30 replaces huma's 3.0 downgrade with one that is valid 3.0:
// huma keeps the 3.1-only contentMediaType/contentEncoding keywords on
// binary fields, which 3.0 spells format: binary. The YAML 3.0 variant is
// not served (it would need the same repair); JSON readers cover it.
func serveOpenAPI30(api *API, r chi.Router) {
	var doc []byte
	var once sync.Once
	r.Get("/api/v1/openapi-3.0.json", func(w http.ResponseWriter, _ *http.Request) {
		once.Do(func() { doc = downgrade30(api.OpenAPI()) })
		w.Header().Set("Content-Type", "application/openapi+json")
		w.Write(doc)
	})
	r.Get("/api/v1/openapi-3.0.yaml", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(`{"title":"Not Found","status":404,"detail":"not served: use /api/v1/openapi-3.0.json or the 3.1 document","code":"not_found"}`))
	})
}

func downgrade30(o *huma.OpenAPI) []byte {
	raw, err := o.Downgrade()
	if err != nil {
		return raw
	}
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return raw
	}
	strip31(v)
	out, err := json.Marshal(v)
	if err != nil {
		return raw
	}
	return out
}

// strip31 rewrites 3.1-only binary-content keywords into 3.0's format: binary.
func strip31(v any) {
	switch t := v.(type) {
	case map[string]any:
		_, cmt := t["contentMediaType"]
		_, ce := t["contentEncoding"]
		if cmt || ce {
			delete(t, "contentMediaType")
			delete(t, "contentEncoding")
			if t["type"] == "string" && t["format"] == nil {
				t["format"] = "binary"
			}
		}
		for _, c := range t {
			strip31(c)
		}
	case []any:
		for _, c := range t {
			strip31(c)
		}
	}
}
