package webhook

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"
)

// The example from the Standard Webhooks specification's reference libraries.
func TestSignMatchesStandardWebhooksVector(t *testing.T) {
	secret := "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	ts := time.Unix(1614265330, 0)
	body := `{"test": 2432232314}`
	got, err := Sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", ts, body)
	if err != nil {
		t.Fatal(err)
	}
	if want := "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="; got != want {
		t.Fatalf("signature = %s, want %s", got, want)
	}
	if err := Verify(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", "v1,bogus "+got, body, ts, 5*time.Minute); err != nil {
		t.Fatalf("verify: %v", err)
	}
	if err := Verify(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", got, body+" ", ts, 5*time.Minute); err == nil {
		t.Fatal("a changed body verified")
	}
	if err := Verify(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", got, body, ts.Add(time.Hour), 5*time.Minute); err == nil {
		t.Fatal("an old timestamp verified (replay)")
	}
}

func TestGuardRefusesInternalAddresses(t *testing.T) {
	g := &Guard{}
	for _, raw := range []string{"http://127.0.0.1:8080/x", "http://[::1]/", "https://10.1.2.3/", "http://192.168.0.5/",
		"http://169.254.169.254/latest/meta-data", "http://100.64.0.1/", "http://0.0.0.0/", "http://[::ffff:127.0.0.1]/", "http://localhost/"} {
		u, _ := url.Parse(raw)
		if err := g.CheckURL(context.Background(), u); err == nil {
			t.Errorf("CheckURL(%s) allowed an internal address", raw)
		}
	}
	u, _ := url.Parse("https://93.184.216.34/hook")
	if err := g.CheckURL(context.Background(), u); err != nil {
		t.Errorf("public address refused: %v", err)
	}
	if err := g.Control("tcp", "127.0.0.1:443", nil); err == nil || !strings.Contains(err.Error(), "private") {
		t.Errorf("dial-time check let loopback through: %v", err)
	}
	if err := (&Guard{AllowPrivate: true}).Control("tcp", "127.0.0.1:443", nil); err != nil {
		t.Errorf("operator allowed private targets but dial refused: %v", err)
	}
}
