package events

import (
	"encoding/json"

	"github.com/silkbridge/silkbridge/internal/apperr"
)

// mergeEvent applies an RFC 7396 merge patch to a copy of e's JSON form.
func mergeEvent(e *Event, patch map[string]any) (*Event, error) {
	raw, err := json.Marshal(e)
	if err != nil {
		return nil, err
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, err
	}
	merged := mergePatch(doc, patch)
	raw, err = json.Marshal(merged)
	if err != nil {
		return nil, err
	}
	var next Event
	if err := json.Unmarshal(raw, &next); err != nil {
		return nil, apperr.Fields{{Field: "body", Message: "the patch does not fit the event: " + err.Error()}}.Err()
	}
	next.ID, next.Organiser, next.Version, next.CreatedAt, next.CreatedBy, next.Override = e.ID, e.Organiser, e.Version, e.CreatedAt, e.CreatedBy, e.Override
	return &next, nil
}

func mergePatch(target any, patch any) any {
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
		tm[k] = mergePatch(tm[k], v)
	}
	return tm
}
