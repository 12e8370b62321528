package auth

import (
	"context"
	"strings"
	"testing"
)

// FuzzTokenParsing feeds arbitrary Authorization values to the token
// parser and to Authenticate: neither may panic, an id is only ever
// lower-case letters and digits, and nothing but a real token authenticates.
func FuzzTokenParsing(f *testing.F) {
	for _, s := range []string{"", "sbt_", "sbt_abc_" + strings.Repeat("s", 43), "sbt_ABC_x", "sbt__", "sbt_a_b_c",
		"sbt_\x00_" + strings.Repeat("s", 30), "sbt_é_" + strings.Repeat("s", 30), strings.Repeat("sbt_", 100)} {
		f.Add(s)
	}
	store := newMemTokens()
	s := NewTokenService(store)
	_, real, err := s.Issue(context.Background(), "cmg", RoleViewer, "fuzz")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		id := TokenIDOf(raw)
		if id != "" && !ValidTokenID(id) {
			t.Fatalf("TokenIDOf(%q) = %q, not a valid id", raw, id)
		}
		p, err := s.Authenticate(context.Background(), raw)
		if err == nil && raw != real {
			t.Fatalf("%q authenticated as %+v", raw, p)
		}
	})
}
