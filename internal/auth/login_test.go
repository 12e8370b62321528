package auth

import (
	"testing"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

func TestLoginLimiterLocksAccountAndAddressPair(t *testing.T) {
	now := time.Date(2025, 5, 7, 10, 0, 0, 0, time.UTC)
	l := NewLoginLimiter()
	l.now = func() time.Time { return now }
	for i := 0; i < l.Max; i++ {
		if err := l.Allow("a@example.org", "10.0.0.1"); err != nil {
			t.Fatalf("attempt %d refused: %v", i+1, err)
		}
		l.Fail("A@example.org", "10.0.0.1")
	}
	if err := l.Allow("a@example.org", "10.0.0.1"); !apperr.Is(err, apperr.TooMany) {
		t.Fatalf("after %d failures: %v, want too_many_requests", l.Max, err)
	}
	// The same account from another address, and another account from the
	// same address, are not locked out by this pair.
	if err := l.Allow("a@example.org", "10.0.0.2"); err != nil {
		t.Fatalf("other address: %v", err)
	}
	if err := l.Allow("b@example.org", "10.0.0.1"); err != nil {
		t.Fatalf("other account: %v", err)
	}
	now = now.Add(l.Window)
	if err := l.Allow("a@example.org", "10.0.0.1"); err != nil {
		t.Fatalf("after the window: %v", err)
	}
}

func TestLoginLimiterCapsOneAddressAcrossAccounts(t *testing.T) {
	l := NewLoginLimiter()
	for i := 0; i < l.PerAddress; i++ {
		l.Fail(string(rune('a'+i%26))+"@example.org", "10.0.0.9")
	}
	if err := l.Allow("fresh@example.org", "10.0.0.9"); !apperr.Is(err, apperr.TooMany) {
		t.Fatalf("spraying address allowed: %v", err)
	}
}

func TestLoginLimiterSuccessForgetsPair(t *testing.T) {
	l := NewLoginLimiter()
	for i := 0; i < l.Max-1; i++ {
		l.Fail("a@example.org", "10.0.0.1")
	}
	l.Succeed("a@example.org", "10.0.0.1")
	l.Fail("a@example.org", "10.0.0.1")
	if err := l.Allow("a@example.org", "10.0.0.1"); err != nil {
		t.Fatalf("failures before a success still count: %v", err)
	}
}
