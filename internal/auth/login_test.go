package auth

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

func TestLoginLimiterLocksAccountAndAddressPair(t *testing.T) {
	now := time.Date(2025, 5, 7, 10, 0, 0, 0, time.UTC)
	l := NewLoginLimiter()
	l.now = func() time.Time { return now }
	for i := 0; i < l.Max; i++ {
		if err := l.Reserve("A@example.org", "10.0.0.1"); err != nil {
			t.Fatalf("attempt %d refused: %v", i+1, err)
		}
	}
	if err := l.Reserve("a@example.org", "10.0.0.1"); !apperr.Is(err, apperr.TooMany) {
		t.Fatalf("after %d failures: %v, want too_many_requests", l.Max, err)
	}
	// The same account from another address, and another account from the
	// same address, are not locked out by this pair.
	if err := l.Reserve("a@example.org", "10.0.0.2"); err != nil {
		t.Fatalf("other address: %v", err)
	}
	if err := l.Reserve("b@example.org", "10.0.0.1"); err != nil {
		t.Fatalf("other account: %v", err)
	}
	now = now.Add(l.Window)
	if err := l.Reserve("a@example.org", "10.0.0.1"); err != nil {
		t.Fatalf("after the window: %v", err)
	}
}

func TestLoginLimiterCapsOneAddressAcrossAccounts(t *testing.T) {
	l := NewLoginLimiter()
	for i := 0; i < l.PerAddress; i++ {
		if err := l.Reserve(string(rune('a'+i%26))+string(rune('a'+i/26))+"@example.org", "10.0.0.9"); err != nil {
			t.Fatalf("attempt %d: %v", i+1, err)
		}
	}
	if err := l.Reserve("fresh@example.org", "10.0.0.9"); !apperr.Is(err, apperr.TooMany) {
		t.Fatalf("spraying address allowed: %v", err)
	}
}

func TestLoginLimiterSuccessForgetsPair(t *testing.T) {
	l := NewLoginLimiter()
	for i := 0; i < l.Max-1; i++ {
		l.Reserve("a@example.org", "10.0.0.1")
	}
	l.Reserve("a@example.org", "10.0.0.1")
	l.Succeed("a@example.org", "10.0.0.1")
	if err := l.Reserve("a@example.org", "10.0.0.1"); err != nil {
		t.Fatalf("failures before a success still count: %v", err)
	}
}

// TestLoginLimiterConcurrentGuessesBounded sends 400 concurrent wrong
// passwords for one account from one address, as a client that opens many
// connections at once would. Checking the budget and recording the failure in
// two steps let most of them through before any was recorded; reserving the
// attempt first bounds the password checks by the limit.
func TestLoginLimiterConcurrentGuessesBounded(t *testing.T) {
	l := NewLoginLimiter()
	var checks atomic.Int64
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < 400; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			if l.Reserve("victim@example.org", "198.51.100.7") != nil {
				return
			}
			checks.Add(1) // the password check a reserved attempt may run
			time.Sleep(time.Millisecond)
			// wrong password: the reservation stays as a failure
		}()
	}
	close(start)
	wg.Wait()
	if got := checks.Load(); got > int64(l.Max) {
		t.Fatalf("%d password checks ran for one account and address, want at most %d", got, l.Max)
	}
}

func TestLoginLimiterMemoryBounded(t *testing.T) {
	l := NewLoginLimiter()
	l.PerAddress, l.maxKeys = 1<<30, 100
	for i := 0; i < 1000; i++ {
		l.Reserve(RandomString(6)+"@example.org", "10.0.0.1")
	}
	if n := len(l.fails); n > l.maxKeys {
		t.Fatalf("limiter holds %d keys, cap %d", n, l.maxKeys)
	}
	if len(l.fails["a:10.0.0.1"]) != 1000 {
		t.Fatal("shrinking forgot the address budget")
	}
}

func TestLoginLimiterReleaseGivesAttemptBack(t *testing.T) {
	l := NewLoginLimiter()
	for i := 0; i < l.Max; i++ {
		l.Reserve("a@example.org", "10.0.0.1")
		l.Release("a@example.org", "10.0.0.1") // the database did not answer
	}
	if err := l.Reserve("a@example.org", "10.0.0.1"); err != nil {
		t.Fatalf("attempts that could not be checked counted as failures: %v", err)
	}
}
