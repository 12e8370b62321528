package memo

import (
	"strconv"
	"sync"
	"testing"
)

func TestGetComputesEachInputOnce(t *testing.T) {
	calls := map[string]int{}
	m := New(8, func(s string) string { calls[s]++; return s + "!" })
	for range 3 {
		for _, in := range []string{"a", "b", "c"} {
			if got := m.Get(in); got != in+"!" {
				t.Fatalf("Get(%q) = %q", in, got)
			}
		}
	}
	for _, in := range []string{"a", "b", "c"} {
		if calls[in] != 1 {
			t.Errorf("f(%q) ran %d times, want once", in, calls[in])
		}
	}
}

func TestMemoryStaysBounded(t *testing.T) {
	m := New(100, func(s string) string { return s })
	for i := range 10_000 {
		m.Get(strconv.Itoa(i))
	}
	if n := m.Len(); n > 200 {
		t.Fatalf("memo holds %d results after 10,000 inputs, want at most 2×100", n)
	}
}

// An input used again while its generation is the older one moves to the
// newer, so inputs in steady use outlive any number of one-off inputs.
func TestInputsInUseSurviveGenerations(t *testing.T) {
	calls := 0
	m := New(10, func(s string) string { calls++; return s })
	m.Get("hot")
	for i := range 1000 {
		m.Get("cold" + strconv.Itoa(i))
		if i%5 == 0 {
			m.Get("hot")
		}
	}
	if calls != 1001 {
		t.Fatalf("f ran %d times, want 1,001 (each cold input once, hot once)", calls)
	}
}

func TestConcurrentGet(t *testing.T) {
	var mu sync.Mutex
	calls := 0
	m := New(16, func(s string) int { mu.Lock(); calls++; mu.Unlock(); return len(s) })
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 2000 {
				in := strconv.Itoa((i + g) % 40)
				if got := m.Get(in); got != len(in) {
					t.Errorf("Get(%q) = %d", in, got)
					return
				}
			}
		}()
	}
	wg.Wait()
	if n := m.Len(); n > 32 {
		t.Fatalf("memo holds %d results, want at most 32", n)
	}
}
