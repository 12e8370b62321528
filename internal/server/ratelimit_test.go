package server

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
)

// limited is a server with a burst of n and no refill to speak of.
func limited(n int, trusted ...netip.Prefix) (*Server, *string) {
	var seenAddr string
	return New(Config{RatePerSecond: 0.001, RateBurst: n, TrustedProxies: trusted}, func(r chi.Router) {
		r.Get("/x", func(w http.ResponseWriter, r *http.Request) { seenAddr = ClientAddr(r.Context()); w.WriteHeader(204) })
	}), &seenAddr
}

func do(s *Server, remote, authz string, hdr ...string) int {
	req := httptest.NewRequest("GET", "/x", nil)
	req.RemoteAddr = remote
	if authz != "" {
		req.Header.Set("Authorization", authz)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Add(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	return rec.Code
}

func token(id string) string { return "Bearer sbt_" + id + "_" + strings.Repeat("s", 43) }

func TestRateLimitPerCredential(t *testing.T) {
	s, _ := limited(2)
	// One token from three addresses shares one budget.
	if a, b, c := do(s, "192.0.2.1:1", token("aaaa"), ""), do(s, "192.0.2.2:1", token("aaaa")), do(s, "192.0.2.3:1", token("aaaa")); a != 204 || b != 204 || c != 429 {
		t.Fatalf("burst of 2 then limit: got %d %d %d", a, b, c)
	}
	if do(s, "192.0.2.4:1", token("bbbb")) != 204 {
		t.Fatal("another token was limited by the first one's use")
	}
}

// TestRateLimitRandomSecretsShareTokenBudget: varying the secret after a
// real token id (the attack that cost an argon2id check each) gets no fresh
// allowance; the old limiter keyed on the header's first 40 characters.
func TestRateLimitRandomSecretsShareTokenBudget(t *testing.T) {
	s, _ := limited(3)
	codes := []int{}
	for i := range 5 {
		authz := "Bearer sbt_victim_" + strings.Repeat(string(rune('a'+i)), 43)
		codes = append(codes, do(s, "198.51.100."+string(rune('1'+i))+":1", authz))
	}
	if codes[2] != 204 || codes[3] != 429 || codes[4] != 429 {
		t.Fatalf("random secrets for one token id: %v", codes)
	}
}

// TestRateLimitJunkAuthorizationSharesAddressBudget: headers that are not
// tokens (each different) all spend their sender's address budget.
func TestRateLimitJunkAuthorizationSharesAddressBudget(t *testing.T) {
	s, _ := limited(3)
	codes := []int{}
	for i := range 5 {
		// Different from the first character on: the old limiter keyed on
		// the header's first 40 characters and gave each a fresh budget.
		codes = append(codes, do(s, "203.0.113.9:5000", strings.Repeat(string(rune('a'+i)), 60)))
	}
	if codes[2] != 204 || codes[3] != 429 || codes[4] != 429 {
		t.Fatalf("junk headers from one address: %v", codes)
	}
	// Valid-looking tokens with fresh ids are also held by the address.
	if do(s, "203.0.113.9:5001", token("fresh1")) != 429 {
		t.Fatal("a fresh token id escaped its address's spent budget")
	}
	if do(s, "203.0.113.10:5000", "Bearer junk") != 204 {
		t.Fatal("another address was limited")
	}
}

func TestRateLimitIPv6CountsPer64(t *testing.T) {
	s, _ := limited(2)
	a := do(s, "[2001:db8:1:2::1]:1", "")
	b := do(s, "[2001:db8:1:2::ffff]:1", "")
	c := do(s, "[2001:db8:1:2:abcd::7]:1", "")
	if a != 204 || b != 204 || c != 429 {
		t.Fatalf("addresses of one /64: %d %d %d", a, b, c)
	}
	if do(s, "[2001:db8:1:3::1]:1", "") != 204 {
		t.Fatal("another /64 was limited")
	}
}

// TestTrustedProxyForwardedFor: X-Forwarded-For counts only from a trusted
// proxy, and only the hops it and other trusted proxies appended.
func TestTrustedProxyForwardedFor(t *testing.T) {
	proxies, _ := ParseTrustedProxies("10.0.0.0/8, 192.0.2.7")
	s, seen := limited(100, proxies...)
	cases := []struct {
		remote, xff, want string
	}{
		{"198.51.100.1:1", "", "198.51.100.1"},
		{"198.51.100.1:1", "203.0.113.5", "198.51.100.1"},       // untrusted peer: header ignored
		{"10.1.2.3:1", "203.0.113.5", "203.0.113.5"},            // trusted proxy
		{"10.1.2.3:1", "1.1.1.1, 203.0.113.5", "203.0.113.5"},   // a client-forged left part is skipped
		{"10.1.2.3:1", "203.0.113.5, 192.0.2.7", "203.0.113.5"}, // two trusted proxies in a row
		{"10.1.2.3:1", "203.0.113.5, not-an-ip", "10.1.2.3"},    // garbled: stop at the proxy
		{"10.1.2.3:1", "10.9.9.9", "10.9.9.9"},                  // every hop trusted: the leftmost
		{"[::ffff:10.1.2.3]:1", "[2001:db8::1]", "10.1.2.3"},    // brackets are not an address
		{"[::ffff:10.1.2.3]:1", "2001:db8::1", "2001:db8::1"},   // mapped IPv4 peer is the proxy
	}
	for _, c := range cases {
		*seen = ""
		hdr := []string{}
		if c.xff != "" {
			hdr = []string{"X-Forwarded-For", c.xff}
		}
		if code := do(s, c.remote, "", hdr...); code != 204 || *seen != c.want {
			t.Errorf("peer %s, X-Forwarded-For %q: client %q (%d), want %q", c.remote, c.xff, *seen, code, c.want)
		}
	}
	if _, err := ParseTrustedProxies("10.0.0.0/8,nonsense"); err == nil {
		t.Fatal("a bad proxy list was accepted")
	}
}

func TestRateLimiterMemoryBounded(t *testing.T) {
	l := newRateLimiter(1, 1, nil)
	l.maxKeys = 100
	for i := range 1000 {
		l.allow(addressKey(netip.AddrFrom4([4]byte{10, 0, byte(i >> 8), byte(i)})), "")
	}
	if n := len(l.buckets); n > l.maxKeys {
		t.Fatalf("%d buckets, cap %d", n, l.maxKeys)
	}
}

// TestRefusedRequestsNotLoggedAtInfo: a flood of refused requests must not
// become a flood of log lines; the metrics still count them.
func TestRefusedRequestsNotLoggedAtInfo(t *testing.T) {
	var logged strings.Builder
	log := slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelInfo}))
	s := New(Config{RatePerSecond: 0.001, RateBurst: 1, Logger: log}, func(r chi.Router) {
		r.Get("/x", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(204) })
	})
	for range 5 {
		do(s, "192.0.2.1:1", "")
	}
	if n := strings.Count(logged.String(), "status=429"); n != 0 || strings.Count(logged.String(), "status=204") != 1 {
		t.Fatalf("log:\n%s", logged.String())
	}
	rec := httptest.NewRecorder()
	metricsReq := httptest.NewRequest("GET", "/metrics", nil)
	metricsReq.RemoteAddr = "192.0.2.99:1"
	s.Handler().ServeHTTP(rec, metricsReq)
	if !strings.Contains(rec.Body.String(), `status="429"} 4`) {
		t.Fatalf("429s not counted:\n%s", rec.Body.String())
	}
}
