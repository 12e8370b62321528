package web

import (
	"encoding/json"
	"reflect"

	"github.com/silkbridge/silkbridge/internal/catalog"
)

// mergeDiff returns the RFC 7396 merge patch that turns old into new: keys
// gone from new become null, changed objects are diffed recursively, and
// anything else changed is replaced. The editor sends this to
// catalog.Service.Patch, so a form save follows the same path as the API.
func mergeDiff(old, new map[string]any) map[string]any {
	patch := map[string]any{}
	for k := range old {
		if _, ok := new[k]; !ok {
			patch[k] = nil
		}
	}
	for k, nv := range new {
		ov, had := old[k]
		if had && reflect.DeepEqual(ov, nv) {
			continue
		}
		om, oldObj := ov.(map[string]any)
		nm, newObj := nv.(map[string]any)
		if had && oldObj && newObj {
			if d := mergeDiff(om, nm); len(d) > 0 {
				patch[k] = d
			}
			continue
		}
		patch[k] = nv
	}
	return patch
}

// fieldsDoc is f as the generic JSON document merge patches work on.
func fieldsDoc(f catalog.Fields) (map[string]any, error) {
	raw, err := json.Marshal(f)
	if err != nil {
		return nil, err
	}
	var doc map[string]any
	return doc, json.Unmarshal(raw, &doc)
}
