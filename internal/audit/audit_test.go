package audit

import (
	"encoding/json"
	"testing"
)

func TestDiffIsAMergePatch(t *testing.T) {
	before := map[string]any{"year": 2024, "loc": map[string]any{"en": "Silk", "ru": "Шёлк"}, "genres": []string{"drama"}}
	after := map[string]any{"year": 2025, "loc": map[string]any{"en": "Silk"}, "genres": []string{"drama"}, "new": true}
	var got map[string]any
	if err := json.Unmarshal(Diff(before, after), &got); err != nil {
		t.Fatal(err)
	}
	want := `{"loc":{"ru":null},"new":true,"year":2025}`
	if raw, _ := json.Marshal(got); string(raw) != want {
		t.Fatalf("diff = %s, want %s", raw, want)
	}
	if Diff(before, before) != nil {
		t.Fatal("diff of equal states is not empty")
	}
}
