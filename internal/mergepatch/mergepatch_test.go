package mergepatch

import (
	"encoding/json"
	"testing"
)

// TestApplyRFC7396Examples checks the examples of RFC 7396 appendix A.
func TestApplyRFC7396Examples(t *testing.T) {
	cases := []struct{ target, patch, want string }{
		{`{"a":"b"}`, `{"a":"c"}`, `{"a":"c"}`},
		{`{"a":"b"}`, `{"b":"c"}`, `{"a":"b","b":"c"}`},
		{`{"a":"b"}`, `{"a":null}`, `{}`},
		{`{"a":"b","b":"c"}`, `{"a":null}`, `{"b":"c"}`},
		{`{"a":["b"]}`, `{"a":"c"}`, `{"a":"c"}`},
		{`{"a":"c"}`, `{"a":["b"]}`, `{"a":["b"]}`},
		{`{"a":{"b":"c"}}`, `{"a":{"b":"d","c":null}}`, `{"a":{"b":"d"}}`},
		{`{"a":[{"b":"c"}]}`, `{"a":[1]}`, `{"a":[1]}`},
		{`["a","b"]`, `["c","d"]`, `["c","d"]`},
		{`{"a":"b"}`, `["c"]`, `["c"]`},
		{`{"a":"foo"}`, `null`, `null`},
		{`{"a":"foo"}`, `"bar"`, `"bar"`},
		{`{"e":null}`, `{"a":1}`, `{"a":1,"e":null}`},
		{`[1,2]`, `{"a":"b","c":null}`, `{"a":"b"}`},
		{`{}`, `{"a":{"bb":{"ccc":null}}}`, `{"a":{"bb":{}}}`},
	}
	for _, c := range cases {
		var target, patch, want any
		mustDecode(t, c.target, &target)
		mustDecode(t, c.patch, &patch)
		mustDecode(t, c.want, &want)
		got, _ := json.Marshal(Apply(target, patch))
		wantJSON, _ := json.Marshal(want)
		if string(got) != string(wantJSON) {
			t.Errorf("Apply(%s, %s) = %s, want %s", c.target, c.patch, got, wantJSON)
		}
	}
}

// TestDocumentKeepsUnpatchedFields checks that a struct's other fields survive.
func TestDocumentKeepsUnpatchedFields(t *testing.T) {
	type rec struct {
		Name  string            `json:"name"`
		Notes map[string]string `json:"notes,omitempty"`
	}
	out, err := Document(rec{Name: "x", Notes: map[string]string{"en": "a", "ru": "b"}}, map[string]any{"notes": map[string]any{"ru": nil}})
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != `{"name":"x","notes":{"en":"a"}}` {
		t.Errorf("Document = %s", out)
	}
}

func mustDecode(t *testing.T, s string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(s), v); err != nil {
		t.Fatal(err)
	}
}
