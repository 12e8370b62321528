package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/store/storetest"
)

// Registration refuses, with a 422 on the url field, the addresses the old
// check let through (IPv4 embedded in IPv6, reserved IPv4 ranges) and plain http.
func TestWebhookRegistrationRefusesEmbeddedAndReservedAddresses(t *testing.T) {
	b := setup(t, storetest.OpenSQLite)
	for _, u := range []string{"https://[::127.0.0.1]/", "https://[::ffff:127.0.0.1]/", "https://[64:ff9b::7f00:1]/",
		"https://[2002:7f00:1::1]/", "https://0.1.2.3/", "https://198.18.0.1/", "https://240.0.0.1/", "https://255.255.255.255/",
		"http://93.184.216.34/hook"} {
		res := b.do("POST", "/api/v1/webhooks", "cmg/admin", map[string]any{"url": u, "events": []string{"title.updated"}})
		res.want(t, http.StatusUnprocessableEntity)
		if !strings.Contains(string(res.raw), "body.url") {
			t.Errorf("refusal of %s does not name the url: %s", u, res.raw)
		}
	}
	if list := b.do("GET", "/api/v1/webhooks", "cmg/admin", nil).want(t, http.StatusOK); len(list.body["items"].([]any)) != 0 {
		t.Fatalf("refused endpoints were stored: %s", list.raw)
	}
}
