package rights

import (
	"strings"
	"testing"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

// FuzzTerritories: any lists either resolve to a non-empty set or are refused
// with field errors; never a panic, never an empty set accepted.
func FuzzTerritories(f *testing.F) {
	f.Add("WORLD", "CN")
	f.Add("eu,cis", "ru")
	f.Add("UK,SU,ww", "")
	f.Fuzz(func(t *testing.T, list, except string) {
		set, terr, _, probs := ParseTerritories("territories", strings.Split(list, ","), strings.Split(except, ","))
		if len(probs) == 0 && (set.Empty() || len(terr) == 0) {
			t.Fatalf("accepted %q minus %q as an empty set", list, except)
		}
	})
}

// FuzzWindow: accepted windows are ordered and their dates round-trip.
func FuzzWindow(f *testing.F) {
	f.Add("2025-01-01", "2025-12-31")
	f.Add("2025-02-30", "")
	f.Add("9999-12-31", "1900-01-01")
	f.Fuzz(func(t *testing.T, start, end string) {
		var probs []apperr.FieldError
		var e *string
		if end != "" {
			e = &end
		}
		sp, s, _, ok := parseWindow(&probs, "", start, e)
		if !ok {
			if len(probs) == 0 {
				t.Fatal("refused without a reason")
			}
			return
		}
		if sp.From > sp.To {
			t.Fatalf("accepted a window ending before it starts: %q..%q", start, end)
		}
		if d, err := ParseDay(s); err != nil || d != sp.From {
			t.Fatalf("start %q does not round-trip: %q %v", start, s, err)
		}
	})
}
