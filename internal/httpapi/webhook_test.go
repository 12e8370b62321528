package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

func TestWebhookEndpoints(t *testing.T) {
	b := setup(t, storetest.OpenSQLite)
	for _, url := range []string{"http://127.0.0.1:9/hook", "http://10.0.0.8/hook", "http://169.254.169.254/"} {
		res := b.do("POST", "/api/v1/webhooks", "cmg/admin", map[string]any{"url": url, "events": []string{"title.updated"}})
		res.want(t, http.StatusUnprocessableEntity)
		if !strings.Contains(string(res.raw), "private") {
			t.Errorf("SSRF refusal of %s does not explain itself: %s", url, res.raw)
		}
	}
	b.do("POST", "/api/v1/webhooks", "cmg/admin", map[string]any{"url": "https://93.184.216.34/hook", "events": []string{"no.such.event"}}).want(t, http.StatusUnprocessableEntity)
	b.do("POST", "/api/v1/webhooks", "cmg/editor", map[string]any{"url": "https://93.184.216.34/hook", "events": []string{"title.updated"}}).want(t, http.StatusForbidden)
	created := b.do("POST", "/api/v1/webhooks", "cmg/admin", map[string]any{"url": "https://93.184.216.34/hook", "events": []string{"title.updated", "licence.created"}}).want(t, http.StatusCreated)
	secret, _ := created.body["secret"].(string)
	if !strings.HasPrefix(secret, "whsec_") {
		t.Fatalf("creation does not show the signing secret: %s", created.raw)
	}
	list := b.do("GET", "/api/v1/webhooks", "cmg/admin", nil).want(t, http.StatusOK)
	if strings.Contains(string(list.raw), secret) || len(list.body["items"].([]any)) != 1 {
		t.Fatalf("list leaks the secret or lacks the endpoint: %s", list.raw)
	}
	id := created.body["id"].(string)
	b.do("GET", "/api/v1/webhooks/"+id+"/deliveries", "vgtrk/admin", nil).want(t, http.StatusNotFound)
	b.do("GET", "/api/v1/webhooks/"+id+"/deliveries", "cmg/admin", nil).want(t, http.StatusOK)
	b.do("DELETE", "/api/v1/webhooks/"+id, "vgtrk/admin", nil).want(t, http.StatusNotFound)
	b.do("DELETE", "/api/v1/webhooks/"+id, "cmg/admin", nil).want(t, http.StatusNoContent)
}
