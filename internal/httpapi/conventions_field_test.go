package httpapi

import "testing"

type fieldLang string

type JSONFieldInner struct {
	DisplayLanguage fieldLang `json:"display_language,omitempty"`
}

type JSONFieldPage struct {
	Count      int    `json:"next_cursor_count"`
	NextCursor string `json:"next_cursor"`
}

type fieldOuter struct {
	ID string `json:"id"`
	JSONFieldInner
}

type fieldViaPointer struct {
	*JSONFieldPage
	Other int `json:"display_language"` // not a string: never the answer
}

// jsonField finds a body's string field by its JSON name, through embedded
// structs and pointers, the same for every value of a type (the path is
// kept per type), and never through a nil embedded pointer.
func TestJSONFieldFindsTaggedStrings(t *testing.T) {
	cases := []struct {
		v        any
		name     string
		want     string
		wantSeen bool
	}{
		{&fieldOuter{ID: "a", JSONFieldInner: JSONFieldInner{DisplayLanguage: "ru"}}, "display_language", "ru", true},
		{fieldOuter{JSONFieldInner: JSONFieldInner{DisplayLanguage: "zh-Hans"}}, "display_language", "zh-Hans", true},
		{&fieldOuter{ID: "a"}, "next_cursor", "", false},
		{&fieldViaPointer{JSONFieldPage: &JSONFieldPage{NextCursor: "c2"}}, "next_cursor", "c2", true},
		{&fieldViaPointer{JSONFieldPage: &JSONFieldPage{NextCursor: "c3"}}, "next_cursor", "c3", true},
		{&fieldViaPointer{}, "next_cursor", "", false},
		{&fieldViaPointer{Other: 3}, "display_language", "", false},
		{[]string{"x"}, "next_cursor", "", false},
		{(*fieldOuter)(nil), "display_language", "", false},
		{nil, "display_language", "", false},
	}
	for i, c := range cases {
		got, ok := jsonField(c.v, c.name)
		if got != c.want || ok != c.wantSeen {
			t.Errorf("case %d: jsonField(%T, %q) = %q, %v; want %q, %v", i, c.v, c.name, got, ok, c.want, c.wantSeen)
		}
	}
}
