package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

func TestOpenAPIDescribesEveryEndpoint(t *testing.T) {
	b := setup(t, storetest.OpenSQLite)
	doc := b.do("GET", "/api/v1/openapi.json", "", nil).want(t, http.StatusOK)
	if v := doc.body["openapi"]; v != "3.1.0" {
		t.Fatalf("openapi version = %v", v)
	}
	paths := doc.body["paths"].(map[string]any)
	for _, p := range []string{"/api/v1/titles", "/api/v1/titles/{id}", "/api/v1/orgs", "/api/v1/me", "/api/v1/tokens", "/api/v1/tokens/{id}"} {
		if _, ok := paths[p]; !ok {
			t.Errorf("OpenAPI lacks %s", p)
		}
	}
	for _, p := range []string{"/healthz", "/readyz"} {
		b.do("GET", p, "", nil).want(t, http.StatusOK)
	}
	if res := b.do("GET", "/metrics", "", nil).want(t, http.StatusOK); len(res.raw) == 0 {
		t.Fatal("empty metrics")
	}
}
