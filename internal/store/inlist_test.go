package store

import (
	"strings"
	"testing"
)

// An IN list keeps every value, repeats only the last one, and takes one of
// few sizes, so statements built over lists of any length repeat their text.
func TestInListPadsToFewSizes(t *testing.T) {
	sizes := map[int]bool{}
	for n := 1; n <= 600; n++ {
		vals := make([]string, n)
		for i := range vals {
			vals[i] = "t" + string(rune('a'+i%26)) + strings.Repeat("x", i/26)
		}
		ph, args := inList(vals)
		if got := strings.Count(ph, "?"); got != len(args) || got < n {
			t.Fatalf("n=%d: %d placeholders for %d args", n, got, len(args))
		}
		if n <= 8 && len(args) != n {
			t.Fatalf("n=%d: padded short list to %d", n, len(args))
		}
		if len(args) > n+n/2 {
			t.Fatalf("n=%d: padded to %d, more than half again", n, len(args))
		}
		for i, a := range args {
			want := vals[min(i, n-1)]
			if a != want {
				t.Fatalf("n=%d: arg %d is %v, want %v", n, i, a, want)
			}
		}
		sizes[len(args)] = true
	}
	if len(sizes) > 8+16 {
		t.Fatalf("lists of 1 to 600 values take %d sizes", len(sizes))
	}
	if ph, args := inList([]any{}); ph != "" || len(args) != 0 {
		t.Fatalf("empty list: %q %v", ph, args)
	}
}
