package catalog

import "testing"

func TestCursorRoundTripAndRefusals(t *testing.T) {
	id := "0190c4f2-7a1e-7c3b-9d2e-5f6a7b8c9d0e"
	got, err := DecodeCursor(CursorTitles, EncodeCursor(CursorTitles, id))
	if err != nil || got != id {
		t.Fatalf("round trip = %q, %v", got, err)
	}
	for _, c := range []string{"", "garbage", "***", EncodeCursor(CursorRequests, id), "YzF0", // "c1t": no id
		EncodeCursor(CursorTitles, "a b"), EncodeCursor(CursorTitles, "a\x00b"), EncodeCursor(CursorTitles, string(make([]byte, 65)))} {
		if _, err := DecodeCursor(CursorTitles, c); err == nil {
			t.Errorf("DecodeCursor(%q) accepted", c)
		}
	}
}

// FuzzDecodeCursor: no panic, and an accepted cursor encodes back to itself.
func FuzzDecodeCursor(f *testing.F) {
	for _, s := range []string{"", "garbage", EncodeCursor(CursorTitles, "abc"), EncodeCursor(CursorNotifications, "x")} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, c string) {
		id, err := DecodeCursor(CursorTitles, c)
		if err != nil {
			return
		}
		if !validCursorID(id) || EncodeCursor(CursorTitles, id) != c {
			t.Fatalf("accepted %q as %q", c, id)
		}
	})
}
