// Package mergepatch applies RFC 7396 JSON merge patches. Catalog titles,
// people, events and exchange programmes all take PATCH bodies in this form;
// one implementation keeps their semantics (null deletes, objects merge,
// anything else replaces) identical.
package mergepatch

import "encoding/json"

// Apply merges patch into target and returns the result. target is changed in
// place when it is an object.
func Apply(target, patch any) any {
	pm, ok := patch.(map[string]any)
	if !ok {
		return patch
	}
	tm, ok := target.(map[string]any)
	if !ok {
		tm = map[string]any{}
	}
	for k, v := range pm {
		if v == nil {
			delete(tm, k)
			continue
		}
		tm[k] = Apply(tm[k], v)
	}
	return tm
}

// Document returns the JSON form of v with patch merged into it. Callers
// decode the result into their own type, because each reports a patch that
// does not fit in its own words.
func Document(v any, patch map[string]any) ([]byte, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, err
	}
	return json.Marshal(Apply(doc, patch))
}
